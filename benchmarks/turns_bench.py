"""Dialog turns per second beside a bare python-telegram-bot echo bot, in one run.

    .venv/bin/python benchmarks/turns_bench.py                  # what `make bench` runs
    .venv/bin/python benchmarks/turns_bench.py --seconds 30 --users 100
    .venv/bin/python benchmarks/turns_bench.py --db postgres    # PostgreSQL at 127.0.0.1:5432
    .venv/bin/python benchmarks/turns_bench.py --only craftbot --memory-users 10000
    .venv/bin/python benchmarks/turns_bench.py --request both   # httpx beside aiohttp

One after the other, each against its own fake Bot API on 127.0.0.1 (tests/fakebot) and
each as its own process: benchmarks/echo_bot.py (PTB defaults, polling), `craftbot run`
(polling) and, where the project has it, `craftbot serve` with BOT_MODE=webhook (this
process then plays Telegram and POSTs each update to the bot's webhook). N users, closed
loop: each sends, waits for the whole reply (the turn's last sendMessage in its chat),
then sends the next. CraftBot's users first onboard (/start, language, role, consent),
then cycle: a free-text question at the main menu, /check, a button press inside the
check, a typed answer inside the check, /cancel. Prints turns/s, latency percentiles,
CPU seconds per turn and peak RSS of the bot process, and ratios to the echo bot.
Bounded in count and time; asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import signal
import socket
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import aiohttp  # noqa: E402

from tests.fakebot import TOKEN, FakeBotAPI  # noqa: E402
from tests.fakebot.state import Call  # noqa: E402

# The server the `--db postgres` runs use (CRAFTBOT_BENCH_POSTGRES_URL to change it): the
# bench creates a database of its own there (craftbot_bench_<pid>) and drops it after,
# connecting to the server's maintenance database for that, never to a shared one.
PG_BASE = os.environ.get("CRAFTBOT_BENCH_POSTGRES_URL",
                         "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres")
QUESTION = "国赛银牌奖励多少"
CHECK = "/check jiangsu.excellent_technician"
WEBHOOK_SECRET = "bench_secret"
TURN_TIMEOUT = 30.0
CHAT_RATE = 1000.0  # per-chat pacing of CraftBot's replies in this benchmark


class BenchAPI(FakeBotAPI):
    """The fake Bot API, lighter for load: calls are counted, not kept, and a turn's end
    (an accepted sendMessage in the chat) resolves that chat's waiter. With `hook` set,
    updates are POSTed to the bot's webhook instead of waiting for getUpdates."""

    def __init__(self) -> None:
        super().__init__(tokens={TOKEN})
        self.statuses: Counter[tuple[str, int]] = Counter()
        self.waiters: dict[int, asyncio.Future[float]] = {}
        self.hook: str | None = None
        self.http: aiohttp.ClientSession | None = None
        self.webhook_set = asyncio.Event()

    async def record(self, call: Call) -> None:
        self.statuses[(call.method, call.status)] += 1
        if call.method == "setWebhook" and call.ok:
            self.webhook_set.set()
        if call.method == "sendMessage" and call.ok and call.chat_id is not None:
            waiter = self.waiters.pop(call.chat_id, None)
            if waiter is not None and not waiter.done():
                waiter.set_result(time.perf_counter())

    def expect(self, chat_id: int) -> asyncio.Future[float]:
        waiter = asyncio.get_running_loop().create_future()
        self.waiters[chat_id] = waiter
        return waiter

    async def queue_update(self, payload_key: str, payload: dict[str, Any]) -> int:
        if self.hook is None:
            return await super().queue_update(payload_key, payload)
        update_id = self.state.next_update_id
        self.state.next_update_id += 1
        assert self.http is not None
        body = json.dumps({"update_id": update_id, payload_key: payload})
        async with self.http.post(self.hook, data=body, headers={
                "Content-Type": "application/json",
                "X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET}) as resp:
            if resp.status != 200:
                raise RuntimeError(f"webhook answered {resp.status}")
        return update_id


# -- the bot process ---------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def memory_mib(pid: int) -> tuple[float, float]:
    """(current RSS, peak RSS) in MiB."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(rest.split()[0]) / 1024
    return values["VmRSS"], values["VmHWM"]


@dataclass
class Bot:
    name: str
    argv: list[str]
    env: dict[str, str]
    proc: asyncio.subprocess.Process | None = None
    log: Path | None = None

    async def start(self, workdir: Path) -> None:
        self.log = workdir / f"{self.name.replace(' ', '_')}.log"
        out = open(self.log, "wb")  # noqa: SIM115 - the child keeps it
        self.proc = await asyncio.create_subprocess_exec(
            *self.argv, cwd=workdir, env=self.env, stdin=asyncio.subprocess.DEVNULL,
            stdout=out, stderr=asyncio.subprocess.STDOUT)
        out.close()

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    async def stop(self) -> None:
        if self.proc is None or self.proc.returncode is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(self.proc.wait(), 20)
        except TimeoutError:
            self.proc.kill()
            await self.proc.wait()

    def tail(self, lines: int = 15) -> str:
        if self.log is None or not self.log.exists():
            return ""
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


# -- the users ---------------------------------------------------------------------------

@dataclass
class Results:
    latencies: dict[str, list[float]] = field(default_factory=dict)
    lost: int = 0

    def add(self, kind: str, seconds: float) -> None:
        self.latencies.setdefault(kind, []).append(seconds)

    @property
    def all(self) -> list[float]:
        return [x for values in self.latencies.values() for x in values]


Step = tuple[str, Callable[[Any], Awaitable[Any]]]


def tap(part: str) -> Callable[[Any], Awaitable[Any]]:
    async def press(user: Any) -> Any:
        for msg in reversed(user.api.state.chats[user.id].messages.values()):
            if not msg.from_bot:
                continue
            for label, data in msg.buttons:
                if part in label and data:
                    return await user.press(msg.message_id, data, check=False)
        raise LookupError(f"no button {part!r} in chat {user.id}")
    return press


def say(text: str) -> Callable[[Any], Awaitable[Any]]:
    async def send(user: Any) -> Any:
        return await user.send(text)
    return send


ONBOARDING: list[Step] = [("onboarding", say("/start")), ("onboarding", tap("English")),
                          ("onboarding", tap("Skilled worker")), ("onboarding", tap("No thanks"))]
CRAFTBOT_CYCLE: list[Step] = [("question", say(QUESTION)), ("navigation", say(CHECK)),
                              ("press", tap("senior technician")), ("typed", say("1975-06-15")),
                              ("navigation", say("/cancel"))]
ECHO_CYCLE: list[Step] = [("echo", say("hello, bot"))]


async def one_turn(api: BenchAPI, user: Any, step: Step, results: Results | None) -> None:
    kind, act = step
    waiter = api.expect(user.id)
    started = time.perf_counter()
    try:
        await act(user)
        done = await asyncio.wait_for(waiter, TURN_TIMEOUT)
    except (TimeoutError, LookupError, RuntimeError, aiohttp.ClientError):
        if results is not None:
            results.lost += 1
        return
    if results is not None:
        results.add(kind, done - started)


async def run_steps(api: BenchAPI, users: list[Any], steps: list[Step],
                    results: Results | None) -> None:
    async def walk(user: Any) -> None:
        for step in steps:
            await one_turn(api, user, step, results)
    await asyncio.gather(*(walk(u) for u in users))


async def closed_loop(api: BenchAPI, users: list[Any], cycle: list[Step], seconds: float,
                      results: Results) -> float:
    """Each user repeats the cycle until `seconds` have passed; returns the wall time
    until the last user's last turn ended."""
    started = time.perf_counter()
    deadline = started + seconds

    async def loop(user: Any, offset: int) -> None:
        i = offset
        while time.perf_counter() < deadline:
            await one_turn(api, user, cycle[i % len(cycle)], results)
            i += 1
            if i % len(cycle) == 0 and results.lost > len(users) * 3:
                return  # the bot is not answering: stop early and say so
    # Users start at the beginning of the cycle so that each is in a consistent state.
    await asyncio.gather(*(loop(u, 0) for u in users))
    return time.perf_counter() - started


# -- one bot -----------------------------------------------------------------------------

@dataclass
class Figures:
    name: str
    turns: int = 0
    wall: float = 0.0
    cpu: float = 0.0
    rss: float = 0.0
    peak: float = 0.0
    lost: int = 0
    results: Results = field(default_factory=Results)
    onboarding: float | None = None
    statuses: Counter[tuple[str, int]] = field(default_factory=Counter)
    note: str = ""
    load_cpu: float = 0.0  # CPU seconds of this process (fake API and users)

    @property
    def rate(self) -> float:
        return self.turns / self.wall if self.wall else 0.0


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


async def bench_bot(name: str, args: argparse.Namespace, workdir: Path, db_url: str | None,
                    webhook: bool = False, client: str | None = None) -> Figures:
    figures = Figures(name)
    api = BenchAPI()
    await api.start()
    env = {k: v for k, v in os.environ.items() if not k.startswith(
        ("TELEGRAM_", "DATABASE_URL", "BOT_MODE", "REDIS_URL", "WEB_", "PUBLIC_URL"))}
    env.update(TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_BASE_URL=api.base_url,
               PYTHONPATH=str(ROOT), LOG_LEVEL="WARNING", PYTHONUNBUFFERED="1")
    if db_url is None:
        bot = Bot(name, [sys.executable, str(ROOT / "benchmarks" / "echo_bot.py")], env)
        cycle = ECHO_CYCLE
    else:
        env["DATABASE_URL"] = db_url
        # Each closed-loop user sends several messages a second, which no person does and
        # which Telegram's per-chat limit (about 1 a second) would slow whatever the bot:
        # pacing is raised so that the turn itself is measured (see tests/delivery).
        env["SEND_CHAT_RATE_PER_SECOND"] = str(CHAT_RATE)
        if client is not None:
            env["TELEGRAM_HTTP_CLIENT"] = client
        argv = [sys.executable, "-m", "bot.cli", "run"]
        if webhook:
            port = free_port()
            env.update(BOT_MODE="webhook", WEB_HOST="127.0.0.1", WEB_PORT=str(port),
                       PUBLIC_URL="https://bench.invalid", TELEGRAM_WEBHOOK_SECRET=WEBHOOK_SECRET)
            argv = [sys.executable, "-m", "bot.cli", "serve"]
            api.hook = f"http://127.0.0.1:{port}/telegram/webhook"
        if args.profile:
            argv = [sys.executable, "-m", "cProfile", "-o",
                    str(workdir / f"{name.replace(' ', '_')}.prof"), *argv[1:]]
        bot = Bot(name, argv, env)
        cycle = CRAFTBOT_CYCLE
    api.http = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0))
    await bot.start(workdir)
    try:
        ready = await ready_bot(api, bot, webhook)
        if not ready:
            figures.note = "the bot did not start:\n" + bot.tail()
            return figures
        users = [api.user(10_000 + i, f"U{i}", language_code="en") for i in range(args.users)]
        if db_url is not None:
            started = time.perf_counter()
            await run_steps(api, users, ONBOARDING, None)
            figures.onboarding = time.perf_counter() - started
        await run_steps(api, users, cycle, None)  # warm-up: one cycle each, not counted
        api.statuses.clear()
        cpu0, load0 = cpu_seconds(bot.pid), own_cpu()
        figures.wall = await closed_loop(api, users, cycle, args.seconds, figures.results)
        figures.cpu, figures.load_cpu = cpu_seconds(bot.pid) - cpu0, own_cpu() - load0
        figures.turns = len(figures.results.all)
        figures.lost = figures.results.lost
        figures.rss, figures.peak = memory_mib(bot.pid)
        figures.statuses = Counter(api.statuses)
        if args.memory_users and db_url is not None:
            figures.note = await memory_probe(api, bot, args)
    finally:
        await bot.stop()
        await api.http.close()
        await api.stop()
    if "Traceback" in (bot.log.read_text(errors="replace") if bot.log else ""):
        figures.note += f"\n  tracebacks in {bot.log}"
    return figures


async def ready_bot(api: BenchAPI, bot: Bot, webhook: bool) -> bool:
    deadline = time.monotonic() + 180  # a loaded machine can take a minute to start the bot
    while time.monotonic() < deadline:
        if bot.proc is not None and bot.proc.returncode is not None:
            return False
        if (api.webhook_set.is_set() if webhook else api.long_polls > 0):
            if webhook:
                await asyncio.sleep(0.5)  # setWebhook is called before the site accepts
            return True
        await asyncio.sleep(0.05)
    return False


async def memory_probe(api: BenchAPI, bot: Bot, args: argparse.Namespace) -> str:
    """N distinct new users each do one turn (/start); RSS before and after."""
    rss0, _ = memory_mib(bot.pid)
    n, started = args.memory_users, time.perf_counter()
    queue: asyncio.Queue[int] = asyncio.Queue()
    for i in range(n):
        queue.put_nowait(1_000_000 + i)
    results = Results()

    async def worker() -> None:
        while not queue.empty():
            uid = queue.get_nowait()
            user = api.user(uid, f"M{uid}", language_code="en")
            await one_turn(api, user, ("start", say("/start")), results)
            del api.state.chats[uid]  # the fake forgets them; the bot must too
            api.state.users.pop(uid, None)
            api._users.pop(uid, None)
    await asyncio.gather(*(worker() for _ in range(args.users)))
    rss1, peak = memory_mib(bot.pid)
    return (f"  {n:,} distinct users, one turn each, in {time.perf_counter() - started:.0f} s "
            f"({results.lost} unanswered): RSS {rss0:.0f} -> {rss1:.0f} MiB, peak {peak:.0f} MiB")


# -- report ------------------------------------------------------------------------------

def report(rows: list[Figures], echo: Figures | None, args: argparse.Namespace) -> None:
    print(f"\n{args.users} users, closed loop, {args.seconds:g} s each; "
          f"{os.cpu_count()} CPUs; python {sys.version.split()[0]}; CraftBot's per-chat "
          f"pacing raised to {CHAT_RATE:g}/s (SEND_CHAT_RATE_PER_SECOND); load average "
          f"at the end {os.getloadavg()[0]:.1f}")
    head = (f"{'bot':<40} {'turns/s':>8} {'x echo':>7} {'p50 ms':>7} {'p99 ms':>7} "
            f"{'CPU ms/turn':>11} {'peak RSS':>9} {'lost':>5}")
    print(head)
    print("-" * len(head))
    for f in rows:
        if not f.turns:
            print(f"{f.name:<40} no figures: {f.note.strip()}")
            continue
        lat = f.results.all
        ratio = f"{f.rate / echo.rate:.2f}x" if echo and echo.turns else "-"
        print(f"{f.name:<40} {f.rate:8.1f} {ratio:>7} {pct(lat, 50) * 1000:7.1f} "
              f"{pct(lat, 99) * 1000:7.1f} {f.cpu / f.turns * 1000:11.2f} "
              f"{f.peak:7.0f} Mi {f.lost:5d}")
        if len(f.results.latencies) > 1:
            for kind, values in f.results.latencies.items():
                print(f"  {kind:<38} {len(values):8d} turns  p50 {pct(values, 50) * 1000:7.1f}"
                      f"  p99 {pct(values, 99) * 1000:7.1f} ms")
        print(f"  bot process {100 * f.cpu / f.wall:.0f} % of a core; fake API and users "
              f"{100 * f.load_cpu / f.wall:.0f} %")
        if f.onboarding is not None:
            print(f"  onboarding of {args.users} users at once (4 turns each): "
                  f"{f.onboarding:.1f} s")
        errors = {f"{m} {s}": n for (m, s), n in f.statuses.items() if s != 200}
        if errors:
            print(f"  Bot API errors answered: {errors}")
        if f.note:
            print(f.note)
    if echo and echo.turns:
        for f in rows:
            if f is echo or not f.turns:
                continue
            lat, ref = f.results.all, echo.results.all
            print(f"{f.name}: {f.rate / echo.rate:.2f}x the echo bot's turns/s, p50 "
                  f"{pct(lat, 50) / pct(ref, 50):.2f}x, p99 {pct(lat, 99) / pct(ref, 99):.2f}x, "
                  f"CPU per turn {f.cpu / f.turns / (echo.cpu / echo.turns):.2f}x")


def webhook_available() -> bool:
    try:
        import bot.handlers.web.webhook  # noqa: F401
    except ImportError:
        return False
    return True


async def pg_database(create: bool, name: str) -> str:
    from sqlalchemy import make_url, text
    from sqlalchemy.ext.asyncio import create_async_engine

    engine = create_async_engine(PG_BASE, isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as conn:
            await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            if create:
                await conn.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        await engine.dispose()
    return make_url(PG_BASE).set(database=name).render_as_string(hide_password=False)


async def main_async(args: argparse.Namespace) -> None:
    workdir = Path(tempfile.mkdtemp(prefix="craftbot-turns-"))
    pg_name = f"craftbot_bench_{os.getpid()}"
    rows: list[Figures] = []
    echo = None
    try:
        if args.only in (None, "echo"):
            echo = await bench_bot("python-telegram-bot echo (polling)", args, workdir, None)
            rows.append(echo)
        if args.only in (None, "craftbot"):
            clients = ["httpx", "aiohttp"] if args.request == "both" else [args.request]
            runs = [(m, c) for m in args.modes.split(",") for c in clients]
            for mode, client in runs:
                if mode == "webhook" and not webhook_available():
                    print("webhook: not available yet (no `craftbot serve` on this branch)")
                    continue
                if args.db == "postgres":
                    url = await pg_database(True, pg_name)
                else:
                    url = f"sqlite+aiosqlite:///{workdir}/craftbot-{mode}-{client}.db"
                name = f"CraftBot {mode}, {args.db}" + (f", {client}" if client else "")
                rows.append(await bench_bot(name, args, workdir, url,
                                            webhook=mode == "webhook",
                                            client=client or None))
                if args.db == "postgres":
                    await pg_database(False, pg_name)
    finally:
        if args.db == "postgres":
            await pg_database(False, pg_name)
    report(rows, echo, args)
    if args.profile:
        print(f"profiles in {workdir}/*.prof")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--users", type=int, default=50, help="concurrent users (default 50)")
    p.add_argument("--seconds", type=float, default=8.0,
                   help="measured seconds per bot (default 8)")
    p.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    p.add_argument("--only", choices=["echo", "craftbot"], default=None)
    p.add_argument("--memory-users", type=int, default=0,
                   help="after the run, N distinct new users each do one turn; RSS after")
    p.add_argument("--request", choices=["httpx", "aiohttp", "both", ""], default="",
                   help="CraftBot's Bot API client (TELEGRAM_HTTP_CLIENT); both: one run "
                   "of each, side by side (default: the bot's own default)")
    p.add_argument("--modes", default="polling,webhook",
                   help="CraftBot modes to run, comma-separated (default polling,webhook)")
    p.add_argument("--profile", action="store_true",
                   help="run CraftBot under cProfile (slower; for where the time goes)")
    args = p.parse_args()
    args.users = max(1, min(args.users, 1000))
    args.seconds = max(1.0, min(args.seconds, 600.0))
    args.memory_users = max(0, min(args.memory_users, 100_000))
    asyncio.run(main_async(args))


if __name__ == "__main__":
    main()
