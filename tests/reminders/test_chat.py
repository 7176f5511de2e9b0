"""Reminders in chat, end to end: the real Application against the fake Bot API.

Create with /remind (buttons, typed time, note), list with /reminders, snooze and cancel
from the list, "remind me then" under a not-yet decision, and the snooze button under a
delivered reminder.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select

from bot.dialogs.reminders.service import Segment, broadcast
from storage.models import Reminder
from storage.reminders import BroadcastRepo
from tests.e2e import harness
from tests.reminders.conftest import SH, fast_config, reminders


def running_bot(api: Any, db_url: str) -> Any:
    """The real bot, without its own dispatcher: these tests drive one themselves."""
    return harness.running_bot(api, db_url, reminders_in_bot=False)


async def click_containing(user: Any, part: str) -> list:
    """Press the newest button whose label contains `part` (labels get reworded)."""
    for msg in user.messages[::-1]:
        for label, data in msg.buttons:
            if part in label and data:
                return await user.press_and_wait(msg.message_id, data)
    raise AssertionError(f"no button containing {part!r}")


def texts(calls) -> str:
    return "\n".join(str(c.params.get("text", "")) for c in calls)


async def test_create_list_snooze_and_cancel_in_chat(fake_api, sessions, sqlite_url) -> None:
    user = fake_api.user(3001, language_code="en")
    tomorrow = dt.datetime.now(SH).date() + dt.timedelta(days=1)
    async with running_bot(fake_api, sqlite_url):
        assert "When should I remind you?" in texts(await user.send_and_wait("/remind"))
        await user.click_and_wait("Tomorrow")
        await user.send_and_wait("8点半")
        await user.send_and_wait("call the HR office")
        done = texts(await user.click_and_wait("Just once"))
        assert "I will remind you on" in done and "8:30" in done, done
        await user.send_and_wait("/remind")
        await user.send_and_wait(f"{tomorrow.year + 1}-01-15")
        await user.click_and_wait("20:00")
        await user.click_and_wait("No note")
        await user.click_and_wait("Every month")

        listing = texts(await user.send_and_wait("/reminders"))
        assert "1. " in listing and "call the HR office" in listing
        assert "every month" in listing and "2. " in listing
        await user.click_and_wait("💤 1: +1 day")
        (first, second) = await reminders(sessions)
        expected = dt.datetime.combine(tomorrow + dt.timedelta(days=1), dt.time(8, 30),
                                       tzinfo=SH)
        assert first.due_at == expected and first.status == "pending"
        assert second.repeat == "monthly" and second.due_at.astimezone(SH).hour == 20
        edited = fake_api.last_bot_message(3001).text
        assert "call the HR office" in edited
        await user.click_and_wait("✖ Cancel 1")
        statuses = [r.status for r in await reminders(sessions)]
        assert sorted(statuses) == ["cancelled", "pending"]
        after = texts(await user.send_and_wait("/reminders"))
        assert "call the HR office" not in after and "1. " in after


async def test_typed_time_that_is_not_a_time_is_asked_again(fake_api, sqlite_url) -> None:
    user = fake_api.user(3002, language_code="en")
    async with running_bot(fake_api, sqlite_url):
        await user.send_and_wait("/remind")
        await user.click_and_wait("In a week")
        reply = texts(await user.send_and_wait("25:99"))
    assert "could not read that time" in reply


async def test_remind_me_then_from_a_not_yet_decision(fake_api, sessions, sqlite_url,
                                                      dispatcher_factory) -> None:
    user = fake_api.user(3003, language_code="en")
    async with running_bot(fake_api, sqlite_url):
        await user.send_and_wait("/menu")
        await click_containing(user, "Check: Excellent Technician")
        await click_containing(user, "(高级技师)")
        await user.send_and_wait("1975-06-15")
        await click_containing(user, "Man")
        await click_containing(user, "Yes")
        result = texts(await user.send_and_wait("2025/6/30"))
        assert "You can apply again from June 30, 2028." in result, result
        noted = texts(await user.click_and_wait("⏰ Remind me then"))
        assert "June 30, 2028" in noted
        assert "When: June 30, 2028 9:00" in noted and "Repeats: just once" in noted, noted
        await user.click_and_wait("⏰ Remind me then")  # a second tap: still one reminder
    (row,) = await reminders(sessions)
    assert row.kind == "decision" and row.due_at == dt.datetime(2028, 6, 30, 9, tzinfo=SH)
    d = await dispatcher_factory(fast_config())
    d.now = lambda: row.due_at + dt.timedelta(minutes=1)
    await d.run_until_settled()
    delivered = fake_api.last_bot_message(3003)
    assert "Jiangsu Excellent Technician Development Plan" in delivered.text
    assert "June 30, 2028" in delivered.text


async def test_snooze_button_under_a_delivered_reminder(fake_api, sessions, sqlite_url,
                                                        dispatcher_factory) -> None:
    user = fake_api.user(3004, language_code="zh-hans")
    async with running_bot(fake_api, sqlite_url):
        await user.send_and_wait("/remind")
        await user.click_and_wait("明天")
        await user.click_and_wait("09:00")
        await user.send_and_wait("交研修报告")
        await user.click_and_wait("仅一次")
        async with sessions() as s:
            row = (await s.execute(select(Reminder))).scalar_one()
        d = await dispatcher_factory(fast_config())
        d.now = lambda: row.due_at + dt.timedelta(seconds=1)
        await d.run_until_settled(row.due_at + dt.timedelta(seconds=1))
        assert "交研修报告" in fake_api.last_bot_message(3004).text
        await user.click_and_wait("💤 一周后")
    (snoozed,) = await reminders(sessions)
    assert snoozed.status == "pending" and snoozed.attempts == 0
    assert snoozed.due_at.astimezone(SH).date() == row.due_at.astimezone(SH).date() + \
        dt.timedelta(days=7)


async def test_broadcast_opt_out_from_the_delivered_message(fake_api, sessions, sqlite_url,
                                                            dispatcher_factory) -> None:
    user = fake_api.user(3005, language_code="en")
    async with running_bot(fake_api, sqlite_url):
        denied = texts(await user.send_and_wait("/broadcast hello"))
        assert "Only officers" in denied
        async with sessions() as s, s.begin():
            queued = await broadcast(s, broadcast_id="t1", text="Applications open Monday",
                                     segment=Segment(), when=dt.datetime.now(SH))
        assert queued == 1
        d = await dispatcher_factory(fast_config())
        await d.run_until_settled()
        # no language chosen yet: the broadcast speaks the default language (zh_CN)
        assert "Applications open Monday" in fake_api.last_bot_message(3005).text
        await click_containing(user, "🔕")
        assert fake_api.last_bot_message(3005).buttons == []
    async with sessions() as s:
        assert await BroadcastRepo(s).is_opted_out((await reminders(sessions))[0].user_id)
        assert await BroadcastRepo(s).recipients() == []


async def test_a_time_already_past_is_refused_with_a_way_back(fake_api, sessions,
                                                              sqlite_url) -> None:
    user = fake_api.user(3006, language_code="en")
    today = dt.datetime.now(SH).date()
    async with running_bot(fake_api, sqlite_url):
        await user.send_and_wait("/remind")
        await user.send_and_wait(today.isoformat())
        await user.send_and_wait("00:00")
        await user.click_and_wait("No note")
        reply = texts(await user.click_and_wait("Just once"))
    assert "already passed" in reply and "/remind" in reply
    assert await reminders(sessions) == []
