"""Crash test: SIGKILL the worker process mid-batch, restart it, count what repeated.

The fake Bot API holds every sendMessage for a moment, so when the worker dies some
messages have reached "Telegram" without the worker recording it: after the restart those
(and only those, all from the killed in-flight batch) are sent a second time.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select

from storage.models import Reminder
from tests.fakebot import TOKEN, FakeBotAPI
from tests.reminders.conftest import add_reminder, add_user, reminders

pytestmark = pytest.mark.slow  # reminder worker subprocesses

ROOT = Path(__file__).resolve().parents[2]
N = 120
BATCH = 20


def worker_env(api: FakeBotAPI, db_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("REMINDER_", "TELEGRAM_"))}
    env.update(TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_BASE_URL=api.base_url,
               DATABASE_URL=db_url, LOG_LEVEL="WARNING", REMINDER_BATCH_SIZE=str(BATCH),
               REMINDER_RATE_PER_SECOND="40", REMINDER_POLL_SECONDS="0.1",
               REMINDER_LEASE_SECONDS="2", PYTHONPATH=str(ROOT))
    return env


async def start_worker(env: dict[str, str]) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.delivery.worker", cwd=ROOT, env=env,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE)


async def count(sessions, status: str) -> int:
    async with sessions() as s:
        stmt = select(func.count()).select_from(Reminder).where(Reminder.status == status)
        return int((await s.execute(stmt)).scalar_one())


async def wait_db(sessions, predicate, timeout: float) -> None:
    for _ in range(int(timeout / 0.1)):
        if await predicate():
            return
        await asyncio.sleep(0.1)
    raise AssertionError(f"database did not settle: {await reminders_summary(sessions)}")


async def reminders_summary(sessions) -> Counter[str]:
    return Counter(r.status for r in await reminders(sessions))


async def test_kill_mid_batch_then_restart(fake_api: FakeBotAPI, sessions, sqlite_url) -> None:
    for i in range(N):
        uid = await add_user(sessions, 10_000 + i)
        await add_reminder(sessions, uid, 10_000 + i, f"crash-{i}")
    fake_api.delay("sendMessage", 0.3, times=None)  # replies arrive late, like a far server
    env = worker_env(fake_api, sqlite_url)

    first = await start_worker(env)
    await fake_api.wait_for(lambda: len(fake_api.calls_of("sendMessage")) >= 30, timeout=60)
    first.send_signal(signal.SIGKILL)
    await first.wait()
    killed_batch = {r.id for r in await reminders(sessions) if r.status == "sending"}
    assert killed_batch and len(killed_batch) <= BATCH
    sent_before_restart = await count(sessions, "sent")
    assert sent_before_restart < N

    second = await start_worker(env)
    await wait_db(sessions, lambda: _all_sent(sessions), timeout=90)
    second.send_signal(signal.SIGTERM)
    _, err = await second.communicate()
    assert second.returncode == 0, err.decode()[-2000:]

    # replies still held by the fake (the killed worker's among them) are recorded
    await fake_api.wait_for(lambda: fake_api.in_flight() == 0, timeout=10,
                            what="the requests held by the fake to be recorded")
    texts = Counter(str(c.params["text"]).rsplit("crash-", 1)[-1]
                    for c in fake_api.calls_of("sendMessage") if c.ok)
    assert set(texts) == {str(i) for i in range(N)}  # none lost
    rows = {r.payload["args"]["note"]: r for r in await reminders(sessions)}
    repeated = {note for note, n in texts.items() if n > 1}
    assert all(rows[f"crash-{note}"].id in killed_batch for note in repeated)
    assert max(texts.values()) <= 2
    print(f"\ncrash test: {N} reminders, killed with {len(killed_batch)} in flight "
          f"(batch size {BATCH}), {sent_before_restart} recorded sent before the kill; "
          f"after restart all {N} sent, {len(repeated)} delivered twice "
          f"(all from the killed batch)")


async def _all_sent(sessions) -> bool:
    return await count(sessions, "sent") == N
