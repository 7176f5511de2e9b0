"""A reply longer than one Telegram message (here /mydata of someone with many reminders,
as the fuzz of updates found for an officer) arrives as several messages, none refused as
"message is too long", the buttons under the last one."""

from __future__ import annotations

import datetime as dt

from storage.db import make_engine, make_sessionmaker
from storage.reminders import ReminderRepo
from storage.repos import UserRepo
from tests.e2e.harness import running_bot
from tests.fakebot import FakeBotAPI

UID = 83_001


async def seed(url: str, n: int) -> None:
    engine = make_engine(url)
    due = dt.datetime.now(dt.UTC) + dt.timedelta(days=30)  # none goes out meanwhile
    try:
        async with make_sessionmaker(engine)() as s, s.begin():
            user = await UserRepo(s).get_or_create(UID)
            await s.flush()
            for i in range(n):
                await ReminderRepo(s).create(
                    user_id=user.id, chat_id=UID, kind="personal", due_at=due,
                    payload={"key": "⏰ Reminder: {note}",
                             "args": {"note": f"提醒 {i}: " + "准备材料并提交申报表" * 25}},
                    dedupe_key=f"long:{i}")
    finally:
        await engine.dispose()


async def test_mydata_with_many_reminders_arrives_in_parts(fake_api: FakeBotAPI,
                                                           sqlite_url: str) -> None:
    user = fake_api.user(UID, language_code="en")
    async with running_bot(fake_api, sqlite_url):
        await user.send_and_wait("/start")
        await user.click_and_wait("English")
        await user.click_and_wait("👷 Skilled worker")
        await seed(sqlite_url, 60)
        calls = await user.send_and_wait("/mydata")
    sent = [c for c in calls if c.method == "sendMessage"]
    assert len(sent) >= 2, [c.method for c in calls]
    assert all(c.status == 200 for c in calls), [(c.method, c.status) for c in calls]
    assert all(len(c.params.get("text", "")) <= 4096 for c in sent)
    texts = "\n".join(c.params["text"] for c in sent)
    assert "What I store about you" in sent[0].params["text"]
    listed = [int(b["callback_data"].rsplit(":", 1)[1]) - 1
              for row in sent[-1].params["reply_markup"]["inline_keyboard"] for b in row
              if b.get("callback_data", "").startswith("rmd:cancel:")]
    assert len(listed) >= 10 and all(f"提醒 {i}:" in texts for i in listed)  # none cut off
    assert "reply_markup" not in sent[0].params and "reply_markup" in sent[-1].params
