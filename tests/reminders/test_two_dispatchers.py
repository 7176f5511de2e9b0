"""Two worker processes on one PostgreSQL database: no reminder is sent twice.

Claims lock rows with FOR UPDATE SKIP LOCKED, so each due reminder goes to exactly one
worker. Skipped (with the reason) only when CRAFTBOT_TEST_POSTGRES_URL is not set.
"""

from __future__ import annotations

import asyncio
import re
import signal
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select

from storage.db import make_engine, make_sessionmaker
from storage.models import Reminder
from tests.conftest import prepare_db
from tests.fakebot import FakeBotAPI
from tests.reminders.conftest import add_reminder, add_user
from tests.reminders.test_crash import start_worker, worker_env

pytestmark = pytest.mark.slow  # reminder worker subprocesses

N = 300


async def test_two_workers_share_the_queue_without_duplicates(fake_api: FakeBotAPI,
                                                              tmp_path: Path) -> None:
    url = await prepare_db("postgres", tmp_path)  # skips when PostgreSQL is not configured
    engine = make_engine(url)
    sessions = make_sessionmaker(engine)
    try:
        for i in range(N):
            uid = await add_user(sessions, 20_000 + i)
            await add_reminder(sessions, uid, 20_000 + i, f"pg-{i}")
        fake_api.delay("sendMessage", 0.05, times=None)
        env = worker_env(fake_api, url) | {"REMINDER_BATCH_SIZE": "10",
                                           "REMINDER_LEASE_SECONDS": "120",
                                           "REMINDER_RATE_PER_SECOND": "100",
                                           "LOG_LEVEL": "INFO"}
        workers = [await start_worker(env), await start_worker(env)]
        for _ in range(900):
            async with sessions() as s:
                sent = (await s.execute(select(func.count()).select_from(Reminder)
                                        .where(Reminder.status == "sent"))).scalar_one()
            if sent == N:
                break
            await asyncio.sleep(0.1)
        for w in workers:
            w.send_signal(signal.SIGTERM)
        logs = [(await w.communicate())[1].decode() for w in workers]
        codes = [w.returncode for w in workers]
    finally:
        await engine.dispose()
    assert codes == [0, 0] and sent == N, logs
    shares = [int(m.group(1)) for log in logs
              for m in [re.search(r"worker stopped: .*'sent': (\d+)", log)] if m]
    assert len(shares) == 2 and all(shares) and sum(shares) == N  # both took part
    calls = [c for c in fake_api.calls_of("sendMessage") if c.ok]
    texts = Counter(str(c.params["text"]).rsplit("pg-", 1)[-1] for c in calls)
    assert set(texts) == {str(i) for i in range(N)} and max(texts.values()) == 1
    print(f"\ntwo dispatchers on PostgreSQL: {N} reminders, {len(calls)} messages, "
          f"{sum(n - 1 for n in texts.values())} sent twice; shares {shares}")
