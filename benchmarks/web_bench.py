"""Web server benchmark, localhost only, bounded in count and time:

- web chat: V concurrent visitors (default 50), each going through onboarding and then
  menu, help and a free-text question, T turns each; prints turns/s and p50/p99 latency;
- Telegram: the same number of updates (a /help from each of U users, repeated) handled
  through the webhook and through polling, against the fake Bot API; prints turns/s of
  both (a turn counts when the Bot API received its reply).

    .venv/bin/python benchmarks/web_bench.py
    .venv/bin/python benchmarks/web_bench.py --visitors 50 --turns 12 --updates 300

Prints figures; asserts nothing. SQLite in a temporary folder.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import aiohttp  # noqa: E402

from bot.config import load_settings  # noqa: E402
from bot.handlers.web.server import Server  # noqa: E402
from bot.services import Services, prepare_database  # noqa: E402
from tests.fakebot import TOKEN, FakeBotAPI  # noqa: E402

CSRF = re.compile(r'<meta name="csrf-token" content="([^"]+)">')
TIME_LIMIT = 180.0  # seconds for each part, whatever the counts
SECRET = "bench_secret"


def settings(db: str, **extra: Any) -> Any:
    return load_settings(database_url=db, _env_file=None, log_level="WARNING",
                         web_rate_per_visitor="100000/minute", web_rate_per_ip="1000000/minute",
                         reminders_in_bot=False, **extra)


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


async def visitor(base: str, turns: int, latencies: list[float], deadline: float) -> int:
    jar = aiohttp.CookieJar(unsafe=True)
    async with aiohttp.ClientSession(cookie_jar=jar) as http:
        async with http.get(f"{base}/") as resp:
            csrf = CSRF.search(await resp.text()).group(1)  # type: ignore[union-attr]
        last: dict[str, Any] = {}

        async def send(event: dict[str, Any]) -> None:
            nonlocal last
            at = time.perf_counter()
            async with http.post(f"{base}/chat/event", json=event,
                                 headers={"X-CSRF-Token": csrf}) as resp:
                last = await resp.json()
                if resp.status != 200:
                    raise RuntimeError(f"{resp.status}: {last}")
            latencies.append(time.perf_counter() - at)

        def button(label: str) -> str:
            for reply in reversed(last["replies"]):
                for row in reply["buttons"]:
                    for b in row:
                        if label in b["label"]:
                            return b["data"]
            raise RuntimeError(f"no button {label}")

        script = [lambda: {"type": "command", "name": "start", "args": ""},
                  lambda: {"type": "button", "data": button("中文")},
                  lambda: {"type": "button", "data": button("技能人才")},
                  lambda: {"type": "button", "data": button("同意")}]
        rest = itertools.cycle([lambda: {"type": "command", "name": "menu", "args": ""},
                                lambda: {"type": "command", "name": "help", "args": ""},
                                lambda: {"type": "text", "text": "国赛铜牌奖励多少"}])
        done = 0
        for make in itertools.chain(script, rest):
            if done >= turns or time.monotonic() > deadline:
                break
            await send(make())
            done += 1
        return done


async def web_chat(visitors: int, turns: int, folder: Path) -> None:
    s = settings(f"sqlite+aiosqlite:///{folder}/web.db")
    await prepare_database(s)
    server = Server(s, Services.create(s))
    await server.start("127.0.0.1", 0)
    base = f"http://127.0.0.1:{server.port}"
    latencies: list[float] = []
    try:
        deadline = time.monotonic() + TIME_LIMIT
        at = time.perf_counter()
        done = await asyncio.gather(*(visitor(base, turns, latencies, deadline)
                                      for _ in range(visitors)))
        elapsed = time.perf_counter() - at
    finally:
        await server.stop()
    total = sum(done)
    print(f"web chat: {visitors} concurrent visitors, {total} turns in {elapsed:.1f} s: "
          f"{total / elapsed:.0f} turns/s, p50 {pct(latencies, 50) * 1000:.0f} ms, "
          f"p99 {pct(latencies, 99) * 1000:.0f} ms, mean "
          f"{statistics.mean(latencies) * 1000:.0f} ms")


def help_update(n: int, user_id: int) -> dict[str, Any]:
    return {"update_id": n, "message": {
        "message_id": n, "date": int(time.time()), "text": "/help",
        "entities": [{"type": "bot_command", "offset": 0, "length": 5}],
        "chat": {"id": user_id, "type": "private", "first_name": "B"},
        "from": {"id": user_id, "is_bot": False, "first_name": "B", "language_code": "zh"}}}


async def replies_reach(api: FakeBotAPI, count: int) -> None:
    await api.wait_for(lambda: len(api.calls_of("sendMessage")) >= count,
                       timeout=TIME_LIMIT, what=f"{count} replies")


async def webhook(updates: int, users: int, folder: Path) -> float:
    async with FakeBotAPI(tokens={TOKEN}) as api:
        s = settings(f"sqlite+aiosqlite:///{folder}/hook.db", telegram_bot_token=TOKEN,
                     telegram_api_base_url=api.base_url, bot_mode="webhook",
                     public_url="https://bench.example", telegram_webhook_secret=SECRET)
        await prepare_database(s)
        server = Server(s, Services.create(s))
        await server.start("127.0.0.1", 0)
        url = f"http://127.0.0.1:{server.port}/telegram/webhook"
        try:
            before = len(api.calls_of("sendMessage"))
            at = time.perf_counter()
            async with aiohttp.ClientSession() as http:
                sem = asyncio.Semaphore(40)  # Telegram's default max_connections

                async def post(n: int) -> None:
                    async with sem, http.post(url, data=json.dumps(help_update(n, 9000 + n % users)),
                                              headers={"X-Telegram-Bot-Api-Secret-Token": SECRET,
                                                       "Content-Type": "application/json"}):
                        pass

                await asyncio.gather(*(post(n) for n in range(1, updates + 1)))
                await replies_reach(api, before + updates)
            return updates / (time.perf_counter() - at)
        finally:
            await server.stop()


async def polling(updates: int, users: int, folder: Path) -> float:
    from bot.app import build_application

    async with FakeBotAPI(tokens={TOKEN}) as api:
        s = settings(f"sqlite+aiosqlite:///{folder}/poll.db", telegram_bot_token=TOKEN,
                     telegram_api_base_url=api.base_url)
        await prepare_database(s)
        app = build_application(s)
        await app.initialize()
        await app.updater.start_polling(poll_interval=0.0, timeout=1,
                                        allowed_updates=["message", "callback_query"])
        await app.start()
        try:
            before = len(api.calls_of("sendMessage"))
            at = time.perf_counter()
            for n in range(1, updates + 1):
                await api.queue_update("message", help_update(n, 9000 + n % users)["message"])
            await replies_reach(api, before + updates)
            return updates / (time.perf_counter() - at)
        finally:
            await app.updater.stop()
            await app.stop()
            await app.shutdown()
            await app.bot_data["services"].close()


async def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--visitors", type=int, default=50)
    p.add_argument("--turns", type=int, default=10, help="turns per visitor")
    p.add_argument("--updates", type=int, default=300, help="Telegram updates per mode")
    p.add_argument("--users", type=int, default=50, help="Telegram users sending them")
    a = p.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        await web_chat(min(a.visitors, 500), min(a.turns, 100), folder)
        n = min(a.updates, 5000)
        hook = await webhook(n, a.users, folder)
        poll = await polling(n, a.users, folder)
        print(f"telegram: {n} updates from {a.users} users: webhook {hook:.0f} turns/s, "
              f"polling {poll:.0f} turns/s")


if __name__ == "__main__":
    asyncio.run(main())
