"""Reminder dispatcher benchmark: N due reminders to N users through the fake Bot API.

    .venv/bin/python benchmarks/reminders_bench.py            # 10,000 reminders
    .venv/bin/python benchmarks/reminders_bench.py --n 600 --limiter ptb

The fake Bot API enforces Telegram-like limits (30 messages per second overall, 1 per
chat, 429 + retry_after beyond them). The dispatcher runs as its own process
(`python -m bot.delivery.worker`), so its peak memory is measured alone. Prints figures;
asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import resource
import signal
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, insert, select  # noqa: E402

from storage.db import make_engine, make_sessionmaker  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from storage.models import Reminder, User  # noqa: E402
from tests.fakebot import TOKEN, FakeBotAPI  # noqa: E402


async def seed(url: str, n: int) -> None:
    await asyncio.to_thread(upgrade, url)
    engine = make_engine(url)
    due = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=5)
    try:
        async with make_sessionmaker(engine)() as s, s.begin():
            users = [dict(id=i + 1, telegram_id=1_000_000 + i, locale=("zh_CN", "en")[i % 2],
                          profile={}, is_active=True) for i in range(n)]
            rems = [dict(user_id=i + 1, chat_id=1_000_000 + i, kind="personal", due_at=due,
                         available_at=due, status="pending", attempts=0,
                         payload={"key": "⏰ Reminder: {note}", "args": {"note": f"bench {i}"}},
                         dedupe_key=f"bench:{i}") for i in range(n)]
            for start in range(0, n, 1000):
                await s.execute(insert(User), users[start:start + 1000])
                await s.execute(insert(Reminder), rems[start:start + 1000])
    finally:
        await engine.dispose()


async def sent_count(sessions) -> int:  # noqa: ANN001
    async with sessions() as s:
        stmt = select(func.count()).select_from(Reminder).where(Reminder.status == "sent")
        return int((await s.execute(stmt)).scalar_one())


async def run(args: argparse.Namespace) -> None:
    tmp = tempfile.mkdtemp(prefix="craftbot-bench-")
    url = args.db or f"sqlite+aiosqlite:///{tmp}/bench.db"
    print(f"seeding {args.n:,} users and due reminders into {url} ...")
    await seed(url, args.n)
    engine = make_engine(url)
    sessions = make_sessionmaker(engine)
    async with FakeBotAPI(tokens={TOKEN}) as api:
        api.enforce_limits(30, 1)
        env = {**os.environ, "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": api.base_url,
               "DATABASE_URL": url, "LOG_LEVEL": "WARNING", "REMINDER_LIMITER": args.limiter,
               "REMINDER_RATE_PER_SECOND": str(args.rate), "PYTHONPATH": str(ROOT)}
        started = time.monotonic()
        worker = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot.delivery.worker", cwd=ROOT, env=env)
        while await sent_count(sessions) < args.n and worker.returncode is None:
            await asyncio.sleep(0.5)
        worker.send_signal(signal.SIGTERM)
        await worker.wait()
        wall = time.monotonic() - started
        report(api, args, wall)
    await engine.dispose()


def report(api: FakeBotAPI, args: argparse.Namespace, wall: float) -> None:
    calls = api.calls_of("sendMessage")
    ok = [c.at for c in calls if c.ok]
    flood = sum(1 for c in calls if c.status == 429)
    span = (ok[-1] - ok[0]) if len(ok) > 1 else float("nan")
    rate = (len(ok) - 1) / span if len(ok) > 1 else 0.0
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB on Linux
    print(f"limiter: {args.limiter}; reminders: {args.n:,}; delivered: {len(ok):,}; "
          f"429 answers: {flood}")
    print(f"sending span {span:.1f} s (first to last message), wall {wall:.1f} s "
          "(including worker start-up)")
    print(f"messages per second: {rate:.2f} against the configured limit {args.rate:g} "
          f"= {100 * rate / args.rate:.1f} % (goal >= 95 %)")
    print(f"busiest 1-second window at the fake API: {api.peak_per_second('sendMessage')} "
          "messages")
    print(f"dispatcher peak memory (max RSS of the worker process): {peak_kib / 1024:.1f} MiB")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--n", type=int, default=10_000, help="reminders (and users), default 10000")
    p.add_argument("--limiter", choices=["own", "ptb"], default="own",
                   help="own SendLimiter (default) or PTB's AIORateLimiter")
    p.add_argument("--rate", type=float, default=30.0, help="configured messages per second")
    p.add_argument("--db", default=None, help="database URL (default: a fresh SQLite file)")
    asyncio.run(run(p.parse_args()))


if __name__ == "__main__":
    main()
