"""Policy-deadline reminders in chat, end to end: the real Application against the fake
Bot API, from the main menu to the delivered reminder.

The conversation clock is fixed in 2025 where the holiday data is published; one test
keeps the real clock and types a start in a year the data does not cover. The texts give
no yearly deadline (calendars.yaml), so the list holds only the public-notice period.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bot.conversation import Conversation
from knowledge.calendars import CalendarRangeError, get_event, supported_years
from tests.reminders.conftest import SH, fast_config, reminders
from tests.reminders.test_chat import click_containing, running_bot, texts

FIXED = dt.datetime(2025, 9, 20, 10, 0, tzinfo=SH)


def fix_clock(app: Any, now: dt.datetime) -> None:
    """Before the first update: the lazily created conversation uses this clock."""
    app.bot_data["conversation"] = Conversation(app.bot_data["services"], clock=lambda: now)


def button_labels(api: Any, chat_id: int) -> list[str]:
    return [label for label, _ in api.last_bot_message(chat_id).buttons]


async def open_deadlines(user: Any) -> str:
    await user.send_and_wait("/menu")
    return texts(await click_containing(user, "📅"))


async def test_public_notice_skips_national_day_and_is_delivered(
        fake_api, sessions, sqlite_url, dispatcher_factory) -> None:
    """Published Tue 30 Sep 2025: 30 Sep, (1-8 Oct National Day break), 9, 10, 11 (a
    Saturday made a working day), 13 Oct."""
    user = fake_api.user(3101, language_code="zh-hans")
    async with running_bot(fake_api, sqlite_url) as app:
        fix_clock(app, FIXED)
        listing = await open_deadlines(user)
        assert "政策时间节点" in listing and "二（五）" in listing
        assert "第十九条" not in listing  # no invented research-report deadline
        asked = texts(await click_containing(user, "提醒我：特级技师拟认定名单公示期"))
        assert "期限从哪一天开始" in asked and "今天" in button_labels(fake_api, 3101)
        shown = texts(await user.send_and_wait("2025年9月30日"))
        assert "截止日：2025年10月13日星期一" in shown, shown
        assert "提醒在当天09:00发出" in shown
        assert "国庆节、中秋假期，2025年10月1日至2025年10月8日" in shown
        assert "2025年10月11日（星期六）调休上班" in shown
        assert await reminders(sessions) == []  # nothing before confirming
        done = texts(await user.click_and_wait("⏰ 当天"))
        assert "已设置" in done and "2025年10月13日" in done, done
        assert "提前量：当天" in done and "重复：仅一次" in done, done

        await user.click_and_wait("📅 返回时间节点列表")  # the same notice again
        await click_containing(user, "提醒我：特级技师拟认定名单公示期")
        await user.send_and_wait("2025-09-30")
        again = texts(await user.click_and_wait("⏰ 当天"))
        assert "已经设置过这个提醒" in again and "没有重复添加" in again, again
    (row,) = await reminders(sessions)
    assert row.kind == "calendar" and row.status == "pending"
    assert row.due_at == dt.datetime(2025, 10, 13, 9, 0, tzinfo=SH)
    assert row.payload["args"]["deadline"] == {"date": "2025-10-13"}
    assert row.payload["lead_days"] == 0
    d = await dispatcher_factory(fast_config())
    d.now = lambda: row.due_at + dt.timedelta(seconds=5)
    await d.run_until_settled()
    delivered = fake_api.last_bot_message(3101).text
    assert "特级技师拟认定名单公示期" in delivered and "2025年10月13日" in delivered
    assert "二（五）" in delivered and "江苏省特级技师评聘试点工作方案" in delivered
    (sent,) = await reminders(sessions)
    assert sent.status == "sent"


async def test_notice_in_english_counts_the_working_sunday_and_dedupes(
        fake_api, sessions, sqlite_url) -> None:
    """Published Fri 26 Sep 2025: 26, 28 (a Sunday made a working day), 29, 30 Sep, then
    (1-8 Oct National Day break) 9 Oct, the fifth working day."""
    user = fake_api.user(3102, language_code="en")
    async with running_bot(fake_api, sqlite_url) as app:
        fix_clock(app, FIXED)
        await open_deadlines(user)
        await click_containing(user, "Remind me: Public notice")
        shown = texts(await user.send_and_wait("2025-09-26"))
        assert "Deadline: Thursday, October 9, 2025" in shown, shown
        assert "September 28, 2025 (Sunday) is a working day" in shown
        done = texts(await user.click_and_wait("⏰ On the day"))
        assert "October 9, 2025" in done, done
        await open_deadlines(user)
        await click_containing(user, "Remind me: Public notice")
        await user.send_and_wait("2025-09-26")
        again = texts(await user.click_and_wait("⏰ On the day"))
        assert "You already have this reminder" in again, again
        listing = texts(await user.send_and_wait("/reminders"))
        assert "Public notice of the proposed special technician list, deadline" in listing, \
            listing
        assert "Lead: on the day" in listing and "Repeats: just once" in listing, listing
        reopened = texts(await user.click_and_wait("📅 Policy deadlines"))  # under the list
        assert "Remind me" in " ".join(button_labels(fake_api, 3102)), reopened
    (row,) = await reminders(sessions)
    assert row.due_at == dt.datetime(2025, 10, 9, 9, 0, tzinfo=SH)
    assert row.payload["args"]["deadline"] == {"date": "2025-10-09"}


def _start_beyond_the_data(today: dt.date) -> dt.date:
    """A start date in the first year the holiday data does not cover (checked on the
    knowledge side first), within the year ahead that the flow accepts."""
    year = supported_years()[1] + 1
    start = max(dt.date(year, 1, 5), today + dt.timedelta(days=1))
    with pytest.raises(CalendarRangeError):
        get_event("special-technician-public-notice").next_dates(today, start)
    return start


@pytest.mark.parametrize(("language", "label", "words"), [
    ("en", "Remind me: Public notice", ("holiday calendar for {year}", "not available")),
    ("zh-hans", "提醒我：特级技师拟认定名单公示期", ("{year}年的官方放假安排", "我不会猜测日期")),
])
async def test_a_period_beyond_the_data_says_the_holiday_calendar_is_not_available(
        fake_api, sessions, sqlite_url, language: str, label: str,
        words: tuple[str, str]) -> None:
    start = _start_beyond_the_data(dt.datetime.now(SH).date())
    year = start.year
    user = fake_api.user(3103, language_code=language)
    async with running_bot(fake_api, sqlite_url):
        await open_deadlines(user)
        await click_containing(user, label)
        reply = texts(await user.send_and_wait(start.isoformat()))
        for word in words:
            assert word.format(year=year) in reply, reply
        labels = button_labels(fake_api, 3103)
        assert not any("✅" in label for label in labels), labels  # nothing to confirm
    assert await reminders(sessions) == []
