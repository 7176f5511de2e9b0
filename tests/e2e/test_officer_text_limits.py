"""Officer texts through the real bot and the fake Bot API (which refuses, as Telegram
does, a message over 4096 characters after parsing): two long FAQ entries that match one
question, and an administrator's `/broadcast <text>` over the limit."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from storage.db import make_engine, make_sessionmaker
from storage.handoff import FaqRepo
from storage.models import Reminder
from tests.e2e.harness import running_bot

ADMIN, WORKER = 6101, 6102
NOW = dt.datetime(2026, 9, 1, tzinfo=dt.UTC)


async def in_db(db_url: str, fn) -> object:  # noqa: ANN001
    engine = make_engine(db_url)
    try:
        async with make_sessionmaker(engine)() as s, s.begin():
            return await fn(s)
    finally:
        await engine.dispose()


async def long_entries(s) -> None:  # noqa: ANN001
    for n in range(2):
        await FaqRepo(s).publish(
            region="jiangsu", topic="allowances", question_zh="江门高新区工匠津贴怎么领",
            question_en="How is the Jiangmen craftsman allowance paid" + "?" * 450,
            answer_zh="按年发放", answer_en=f"Answer {n}: " + "Paid yearly. " * 152,
            articles=[], valid_from=dt.date(2026, 1, 1), approved_role="admin",
            approved_by=ADMIN, published_at=NOW)


async def reminders(s) -> int:  # noqa: ANN001
    return int((await s.execute(select(func.count()).select_from(Reminder))).scalar_one())


async def test_long_officer_texts_never_make_a_send_fail(fake_api, sqlite_url) -> None:
    await in_db(sqlite_url, long_entries)
    worker = fake_api.user(WORKER, language_code="en")
    admin = fake_api.user(ADMIN, language_code="en")
    async with running_bot(fake_api, sqlite_url, admin_ids=[ADMIN]):
        for user in (worker, admin):
            await user.send_and_wait("/start")
            await user.click_and_wait("English")
            await user.click_and_wait("👷 Skilled worker")
            await user.click_and_wait("No thanks")
        calls = await worker.send_and_wait("江门高新区工匠津贴怎么领")
        said = "\n".join(str(c.params.get("text", "")) for c in calls if c.ok)
        assert "Officials' answer" in said and "Paid yearly." in said, calls
        assert not [c for c in fake_api.calls if not c.ok and "too long" in
                    str(c.description)]
        calls = await admin.send_and_wait("/broadcast " + "😀" * 501)
        said = "\n".join(str(c.params.get("text", "")) for c in calls)
        assert "has 1002 characters" in said and "at most 1000" in said, said
        assert await in_db(sqlite_url, reminders) == 0
