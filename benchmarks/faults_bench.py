"""The fault table of issue 14: what a person sees when the Bot API misbehaves or the bot
is killed, probed from outside.

    .venv/bin/python benchmarks/faults_bench.py                    # this checkout
    .venv/bin/python benchmarks/faults_bench.py --ref ddb8101      # an older commit
    .venv/bin/python benchmarks/faults_bench.py --only 500,kill --trials 10
    .venv/bin/python benchmarks/faults_bench.py --only killfetch --trials 20
    .venv/bin/python benchmarks/faults_bench.py --outage 20        # the outage at full length

`craftbot run` (of this checkout, or of `--ref` checked out into a temporary worktree under
/tmp and run with this project's virtualenv) polls a fake Bot API (tests/fakebot, of this
checkout) that injects faults into the bot's requests other than getUpdates: 429 with
retry_after, 500/502, connection resets (the request read, no answer), answers after 7 s
(later than the bot's 5 s read timeout: delivered, but the bot saw a timeout), each with a
probability per request; the Bot API down (every request, getUpdates included, reset) for
a while; or the bot killed with SIGKILL at a random moment of a turn and restarted
("kill"), or 0-50 ms after the Bot API answered the getUpdates holding the message, the
window between an update's fetch and its turn's commit ("killfetch"). Ten
users (SQLite, one fresh database per scenario) onboard, then walk a cycle of typed
answers and button presses, closed loop; each turn waits for its reply up to
--turn-timeout seconds. Per scenario: turns; turns with no reply at all; turns answered
only "sorry"; duplicates (a bot message repeating the one just before it in the chat);
p99 of the time to the first reply. Random draws are seeded (--seed). Asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.fakebot import TOKEN, FakeBotAPI  # noqa: E402
from tests.fakebot.server import RESET  # noqa: E402
from tests.fakebot.state import ApiError, Call  # noqa: E402

SORRY = ("went wrong", "I am busy right now", "出了点问题", "忙")
REPLY_METHODS = {"sendMessage", "editMessageText", "sendPhoto", "sendDocument"}
UNFAULTED = {"getUpdates", "getMe", "setMyCommands", "deleteWebhook", "getWebhookInfo"}
QUESTION = "国赛银牌奖励多少"
AVOID = ("forget", "delete", "删除", "language", "语言", "🌐")


class FaultyAPI(FakeBotAPI):
    """The fake Bot API with faults drawn per request, and each chat's replies kept with
    the time they were accepted."""

    def __init__(self, seed: int) -> None:
        super().__init__(tokens={TOKEN})
        self.rng = random.Random(seed)
        self.kinds: list[str] = []  # fault kinds a request may get
        self.rate = 0.0
        self.down_until = 0.0
        self.replies: dict[int, list[tuple[float, str]]] = defaultdict(list)
        self.changed = asyncio.Event()

    async def record(self, call: Call) -> None:
        if call.method in REPLY_METHODS and call.ok and call.chat_id is not None:
            self.replies[call.chat_id].append((time.perf_counter(),
                                               str(call.params.get("text")
                                                   or call.params.get("caption") or "")))
            self.changed.set()
        await super().record(call)

    async def _apply_fault(self, method: str, chat_id: int | None) -> None:
        if time.monotonic() < self.down_until:
            raise ApiError(RESET, "down")
        if method not in UNFAULTED and self.kinds and self.rng.random() < self.rate:
            kind = self.rng.choice(self.kinds)
            if kind == "429":
                raise ApiError(429, "Too Many Requests: retry after 1", 1)
            if kind == "5xx":
                raise ApiError(self.rng.choice((500, 502)), "Bad Gateway")
            if kind == "reset":
                raise ApiError(RESET, "reset")
            if kind == "slow":
                await asyncio.sleep(7.0)
        await super()._apply_fault(method, chat_id)


# -- the bot process ---------------------------------------------------------------------

@dataclass
class BotRun:
    checkout: Path
    api: FaultyAPI
    db_url: str
    workdir: Path
    proc: subprocess.Popen[bytes] | None = None
    logs: list[Path] = field(default_factory=list)

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(
            ("TELEGRAM_", "DATABASE_URL", "BOT_MODE", "REDIS_URL", "ADMIN_IDS"))}
        env.update(TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_BASE_URL=self.api.base_url,
                   DATABASE_URL=self.db_url, PYTHONPATH=str(self.checkout),
                   LOG_LEVEL="INFO", PYTHONUNBUFFERED="1",
                   # closed-loop users send faster than a person; see turns_bench.py
                   SEND_CHAT_RATE_PER_SECOND="1000")
        return env

    async def start(self) -> None:
        polls = self.api.polls_arrived
        log = self.workdir / f"bot-{len(self.logs)}.log"
        self.logs.append(log)
        with open(log, "wb") as out:
            self.proc = subprocess.Popen([sys.executable, "-m", "bot.cli", "run"],
                                         cwd=self.checkout, env=self.env(),
                                         stdin=subprocess.DEVNULL, stdout=out,
                                         stderr=subprocess.STDOUT)
        await self.api.wait_for(lambda: self.api.polls_arrived > polls, 300, "the bot to poll")

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(10)

    async def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                await asyncio.to_thread(self.proc.wait, 30)
            except subprocess.TimeoutExpired:
                self.kill()

    def log_text(self) -> str:
        return "".join(p.read_text(errors="replace") for p in self.logs if p.exists())


# -- users and turns ---------------------------------------------------------------------

@dataclass
class Tally:
    turns: int = 0
    silent: int = 0
    sorry: int = 0
    latencies: list[float] = field(default_factory=list)
    duplicates: int = 0
    note: str = ""


def buttons(api: FaultyAPI, uid: int) -> list[tuple[int, str, str]]:
    chat = api.state.chats.get(uid)
    if chat is None:
        return []
    for msg in reversed(list(chat.messages.values())):
        if msg.from_bot and msg.buttons:
            return [(msg.message_id, label, data) for label, data in msg.buttons if data]
    return []


def choose(options: list[tuple[int, str, str]], prefer: tuple[str, ...]
           ) -> tuple[int, str, str] | None:
    for want in prefer:
        for option in options:
            if want in option[1]:
                return option
    usable = [o for o in options if not any(a in o[1].lower() for a in AVOID)]
    return usable[0] if usable else None


Act = Callable[[Any], Awaitable[bool]]


def say(text: str) -> Act:
    async def act(user: Any) -> bool:
        await user.send(text)
        return True
    return act


def press(*prefer: str) -> Act:
    async def act(user: Any) -> bool:
        option = choose(buttons(user.api, user.id), prefer)
        if option is None:
            return False
        await user.press(option[0], option[2], check=False)
        return True
    return act


ONBOARDING: list[Act] = [say("/start"), press("English"), press("Skilled worker"),
                         press("No thanks")]
CYCLE: list[Act] = [say(QUESTION), say("/menu"), press("Excellent Technician"),
                    press("senior technician"), say("1975-06-15"), press("Man"),
                    say("/cancel")]


async def turn(api: FaultyAPI, user: Any, act: Act, timeout: float, tally: Tally | None
               ) -> None:
    """One turn: act, then wait for a reply in the chat that is not "sorry" (up to
    `timeout`), and for the chat's requests in flight to end (what else the turn sends)."""
    before = len(api.replies[user.id])
    started = time.perf_counter()
    if not await act(user):
        act = say("/menu")  # the button is not there (an earlier reply was lost)
        await act(user)
    deadline = started + timeout
    first: float | None = None
    while time.perf_counter() < deadline:
        new = api.replies[user.id][before:]
        real = [at for at, text in new if not any(s in text for s in SORRY)]
        if real:
            first = real[0]
            break
        api.changed.clear()
        try:
            await asyncio.wait_for(api.changed.wait(), max(0.0, deadline - time.perf_counter()))
        except TimeoutError:
            break
    await api.wait_until(lambda: api.in_flight(user.id) == 0, 8.0)
    if tally is None:
        return
    tally.turns += 1
    if first is not None:
        tally.latencies.append(first - started)
    elif api.replies[user.id][before:]:
        tally.sorry += 1
    else:
        tally.silent += 1


def duplicates(api: FaultyAPI, uids: list[int]) -> int:
    """Bot messages (sent, not edits) that repeat the bot message just before them."""
    count = 0
    for uid in uids:
        chat = api.state.chats.get(uid)
        if chat is None:
            continue
        last: tuple[str, Any] | None = None
        for msg in chat.messages.values():
            if not msg.from_bot:
                last = None
                continue
            key = (msg.text, tuple(msg.buttons))
            if key == last:
                count += 1
            last = key
    return count


# -- scenarios ---------------------------------------------------------------------------

SCENARIOS: dict[str, tuple[str, list[str], float]] = {
    "none": ("no faults", [], 0.0),
    "429": ("20 % of calls answered 429 (retry_after 1)", ["429"], 0.2),
    "500": ("20 % answered 500/502", ["5xx"], 0.2),
    "reset": ("20 % connection resets", ["reset"], 0.2),
    "slow": ("20 % answered after 7 s", ["slow"], 0.2),
    "mixed10": ("10 % of all of these mixed", ["429", "5xx", "reset", "slow"], 0.1),
    "mixed30": ("30 % of all of these mixed", ["429", "5xx", "reset", "slow"], 0.3),
    "down": ("Bot API down for {outage:g} s", [], 0.0),
    "kill": ("kill -9 at a random moment of a turn, restart ({trials} trials)", [], 0.0),
    "killfetch": ("kill -9 0-{fetch_window_ms:g} ms after the fetch, restart ({trials})",
                  [], 0.0),
}


async def scenario(key: str, args: argparse.Namespace, checkout: Path, workdir: Path
                   ) -> Tally:
    tally = Tally()
    api = FaultyAPI(args.seed)
    await api.start()
    db = workdir / f"{key}.db"
    bot = BotRun(checkout, api, f"sqlite+aiosqlite:///{db}", workdir / key)
    bot.workdir.mkdir(parents=True, exist_ok=True)
    try:
        await bot.start()
        if key in ("kill", "killfetch"):
            await kill_trials(api, bot, args, tally, after_fetch=key == "killfetch")
            return tally
        users = [api.user(20_000 + i, f"U{i}", language_code="en") for i in range(args.users)]
        await asyncio.gather(*(walk(api, u, ONBOARDING, args.turn_timeout, None)
                               for u in users))
        _, kinds, rate = SCENARIOS[key]
        api.kinds, api.rate = kinds, rate
        per_user = max(1, round(args.turns / args.users))
        if key == "down":
            async def outage() -> None:
                await asyncio.sleep(args.outage_after)
                api.down_until = time.monotonic() + args.outage
            down = asyncio.create_task(outage())
        await asyncio.gather(*(walk(api, u, [CYCLE[(i + k) % len(CYCLE)]
                                             for k in range(per_user)],
                                    args.turn_timeout, tally)
                               for i, u in enumerate(users)))
        if key == "down":
            await down
        api.kinds, api.rate = [], 0.0
        await api.wait_until(lambda: api.in_flight() == 0, 30.0)
        tally.duplicates = duplicates(api, [u.id for u in users])
    finally:
        await bot.stop()
        await api.stop()
        tally.note = tracebacks(bot.log_text())
    return tally


async def walk(api: FaultyAPI, user: Any, acts: list[Act], timeout: float,
               tally: Tally | None) -> None:
    for act in acts:
        await turn(api, user, act, timeout, tally)


def fetched_since(api: FaultyAPI, calls_before: int, user_id: int) -> bool:
    """Did a getUpdates answer recorded after the first `calls_before` calls hold a
    message of `user_id`?"""
    return any((u.get("message") or {}).get("from", {}).get("id") == user_id
               for c in api.calls[calls_before:] if c.method == "getUpdates"
               for u in (c.result or []) if isinstance(u, dict))


async def kill_trials(api: FaultyAPI, bot: BotRun, args: argparse.Namespace, tally: Tally,
                      after_fetch: bool = False) -> None:
    """Each trial: a typed answer (a question at the main menu); SIGKILL after a random
    pause of 0-`--kill-window` s (`after_fetch`: 0-`--fetch-window-ms` after the Bot API
    answered the getUpdates holding it, the window between fetch and commit); restart;
    did the reply come, and how often?"""
    rng = random.Random(args.seed)
    user = api.user(30_000, "K", language_code="en")
    await walk(api, user, ONBOARDING, args.turn_timeout, None)
    for _ in range(args.trials):
        before = len(api.replies[user.id])
        calls_before = len(api.calls)
        sent = time.perf_counter()
        await user.send(QUESTION)
        if after_fetch:
            await api.wait_until(lambda n=calls_before: fetched_since(api, n, user.id), 30.0)
            await asyncio.sleep(rng.uniform(0.0, args.fetch_window_ms / 1000))
        else:
            await asyncio.sleep(rng.uniform(0.0, args.kill_window))
        bot.kill()
        await bot.start()
        deadline = time.perf_counter() + args.turn_timeout
        while time.perf_counter() < deadline:
            if api.replies[user.id][before:]:
                break
            api.changed.clear()
            try:
                await asyncio.wait_for(api.changed.wait(), deadline - time.perf_counter())
            except TimeoutError:
                break
        await api.wait_until(lambda: api.in_flight(user.id) == 0, 8.0)
        new = api.replies[user.id][before:]
        tally.turns += 1
        if not new:
            tally.silent += 1
        elif all(any(s in text for s in SORRY) for _, text in new):
            tally.sorry += 1
        else:
            tally.latencies.append(new[0][0] - sent)
            texts = [text for _, text in new]
            tally.duplicates += len(texts) - len(set(texts))


def tracebacks(log: str) -> str:
    n = log.count("Traceback")
    return f"{n} tracebacks in the bot's log" if n else ""


def p99(values: list[float]) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[98]


# -- checkouts ---------------------------------------------------------------------------

def checkout_of(ref: str | None) -> tuple[Path, Callable[[], None]]:
    """This checkout, or `ref` in a temporary worktree (removed afterwards), with its
    catalogs compiled (this project's virtualenv runs it)."""
    if ref is None:
        return ROOT, lambda: None
    path = Path(tempfile.mkdtemp(prefix="craftbot-faults-ref-"))
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(path), ref],
                   check=True, capture_output=True)
    pybabel = Path(sys.executable).with_name("pybabel")
    if (path / "bot" / "locales").exists() and pybabel.exists():
        subprocess.run([str(pybabel), "compile", "-q", "-d", str(path / "bot" / "locales")],
                       capture_output=True)

    def remove() -> None:
        subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(path)],
                       capture_output=True)
        shutil.rmtree(path, ignore_errors=True)
    return path, remove


def describe(checkout: Path) -> str:
    rev = subprocess.run(["git", "-C", str(checkout), "log", "-1", "--format=%h %s"],
                         capture_output=True, text=True).stdout.strip()
    return rev[:72]


HEADER = (f"{'scenario':<52} {'turns':>5} {'no reply':>9} {'only sorry':>10} "
          f"{'duplicates':>10} {'p99 s':>7}")


def row(name: str, t: Tally) -> str:
    def share(n: int) -> str:
        return f"{100 * n / t.turns:.1f} %" if t.turns else "-"
    return (f"{name:<52} {t.turns:>5} {share(t.silent):>9} {share(t.sorry):>10} "
            f"{t.duplicates:>10} {p99(t.latencies):>7.2f}" + (f"  ({t.note})" if t.note
                                                             else ""))


async def main_async(args: argparse.Namespace) -> int:
    checkout, remove = checkout_of(args.ref)
    workdir = Path(tempfile.mkdtemp(prefix="craftbot-faults-"))
    keys = args.only.split(",") if args.only else list(SCENARIOS)
    rows = []
    try:
        print(f"fault table of {describe(checkout)}; {args.users} users, ~{args.turns} turns "
              f"per scenario, SQLite; turn timeout {args.turn_timeout:g} s; seed {args.seed}",
              flush=True)
        print(HEADER, flush=True)
        for key in keys:
            started = time.perf_counter()
            name = SCENARIOS[key][0].format(outage=args.outage, trials=args.trials,
                                            fetch_window_ms=args.fetch_window_ms)
            try:
                tally = await scenario(key, args, checkout, workdir)
            except Exception as exc:  # e.g. the bot did not start: say so, go on
                tally = Tally(note=f"not measured: {type(exc).__name__}: "
                                   f"{str(exc).splitlines()[0][:80]}")
            rows.append((name, tally))
            print(row(name, tally), flush=True)
            print(f"  ... {name}: {time.perf_counter() - started:.0f} s", file=sys.stderr,
                  flush=True)
    finally:
        remove()
    print(f"logs and databases in {workdir}")
    return 0


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--ref", help="measure this git revision (a temporary worktree in /tmp)")
    p.add_argument("--only", help="comma-separated scenarios: " + ",".join(SCENARIOS))
    p.add_argument("--users", type=int, default=10)
    p.add_argument("--turns", type=int, default=192, help="turns per scenario (default 192)")
    p.add_argument("--trials", type=int, default=20, help="kill -9 trials (default 20)")
    p.add_argument("--kill-window", type=float, default=0.5,
                   help="the kill comes 0..this many seconds after the message (0.5)")
    p.add_argument("--fetch-window-ms", type=float, default=50.0,
                   help="'killfetch': the kill comes 0..this many ms after the fetch (50)")
    p.add_argument("--outage", type=float, default=20.0,
                   help="seconds the Bot API is down in 'down' (default 20)")
    p.add_argument("--outage-after", type=float, default=2.0)
    p.add_argument("--turn-timeout", type=float, default=40.0,
                   help="seconds a turn waits for its reply (default 40)")
    p.add_argument("--seed", type=int, default=14)
    return asyncio.run(main_async(p.parse_args()))


if __name__ == "__main__":
    raise SystemExit(main())
