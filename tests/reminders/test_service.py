"""Creating reminders (personal, from a decision, policy calendar, broadcast) and sending
them through the fake Bot API."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.dialogs.reminders.service import (
    ERR_PAST,
    ReminderInputError,
    Segment,
    broadcast,
    create_personal,
    offer_from_decision,
    schedule_policy_calendar,
)
from knowledge import evaluate
from knowledge.calendars import CalendarRangeError, supported_years
from storage.reminders import BroadcastRepo
from storage.repos import UserRepo
from tests.reminders.conftest import SH, add_user, reminders
from tests.reminders.test_dispatcher import sent_texts

NOW = dt.datetime(2026, 11, 21, 10, 0, tzinfo=SH)


async def test_personal_reminder_is_deduplicated_and_validated(sessions) -> None:
    uid = await add_user(sessions, 1101)
    when = NOW + dt.timedelta(days=2)
    async with sessions() as s, s.begin():
        a, created_a = await create_personal(s, user_id=uid, chat_id=1101, when=when,
                                             note="  交 研修报告 ", now=NOW, repeat="monthly")
        b, created_b = await create_personal(s, user_id=uid, chat_id=1101, when=when,
                                             note="交 研修报告", now=NOW, repeat="monthly")
        assert (created_a, created_b, a.id) == (True, False, b.id)
        assert a.payload == {"key": "⏰ Reminder: {note}", "args": {"note": "交 研修报告"},
                             "anchor_day": 23}
        with pytest.raises(ReminderInputError) as err:
            await create_personal(s, user_id=uid, chat_id=1101, when=NOW, note="x", now=NOW)
        assert err.value.code == ERR_PAST
        with pytest.raises(ReminderInputError):
            await create_personal(s, user_id=uid, chat_id=1101, when=when, note="x" * 201,
                                  now=NOW)


async def test_remind_me_then_from_an_ineligible_until_date_decision(
        fake_api, sessions, dispatcher_factory) -> None:
    """Re-joining the excellent-technician plan needs 3 years after the last one ended."""
    uid = await add_user(sessions, 1102, "en")
    decision = evaluate("jiangsu.excellent_technician",
                        {"skill_level": "senior_technician", "birth_date": "1980-05-01",
                         "sex": "male", "leading_talent": True,
                         "previous_plan_end": "2025-06-30"}, as_of="2026-11-21", locale="en")
    assert decision.outcome == "ineligible"
    async with sessions() as s, s.begin():
        row, created = await offer_from_decision(s, user_id=uid, chat_id=1102,
                                                 decision=decision, tz=SH, now=NOW)
        again, created_again = await offer_from_decision(s, user_id=uid, chat_id=1102,
                                                         decision=decision, tz=SH, now=NOW)
    assert created and not created_again and again.id == row.id
    assert row.kind == "decision" and row.due_at == dt.datetime(2028, 6, 30, 9, tzinfo=SH)
    assert row.payload["args"]["article"] == "第二十三条"
    d = await dispatcher_factory()
    d.now = lambda: row.due_at + dt.timedelta(minutes=1)
    await d.run_until_settled()
    (text,) = sent_texts(fake_api, 1102)
    assert "June 30, 2028" in text and "Jiangsu Excellent Technician Development Plan" in text
    assert "Art. 23)" in text and "第二十三条" not in text  # stored as written, read in English


async def test_policy_calendar_reminder_skips_holiday_and_counts_adjusted_saturday(
        fake_api, sessions, dispatcher_factory) -> None:
    """A list published Tue 30 Sep 2025 stays on notice for 5 working days: 30 Sep, then
    the National Day break (1-8 Oct) is skipped, 9, 10, 11 (a Saturday made a working day)
    and 13 Oct. The reminder goes out at 09:00 on 13 Oct."""
    uid = await add_user(sessions, 1103, "zh_CN")
    published = dt.date(2025, 9, 30)
    now = dt.datetime(2025, 9, 30, 12, 0, tzinfo=SH)
    async with sessions() as s, s.begin():
        ((row, _),) = await schedule_policy_calendar(
            s, user_id=uid, chat_id=1103, event_id="special-technician-public-notice",
            today=published, tz=SH, now=now, start=published)
    assert row.due_at == dt.datetime(2025, 10, 13, 9, 0, tzinfo=SH)
    assert row.payload["args"]["deadline"] == {"date": "2025-10-13"}
    d = await dispatcher_factory()
    d.now = lambda: row.due_at + dt.timedelta(seconds=5)
    await d.run_until_settled()
    (text,) = sent_texts(fake_api, 1103)
    assert "2025年10月13日" in text and "二（五）" in text and "江苏省特级技师评聘试点工作方案" in text


async def test_a_stated_date_beyond_the_holiday_data_gets_one_reminder_per_lead(
        sessions) -> None:
    """1 January 2030 (china-retirement-age-2024 第二条) is beyond the holiday data, yet
    remindable: 3 days before and on the day, at 09:00 Shanghai; a lead already past is
    skipped, and setting it again adds nothing."""
    assert supported_years()[1] < 2030
    uid = await add_user(sessions, 1105)
    event = "pension-minimum-contribution-rise"
    async with sessions() as s, s.begin():
        made = await schedule_policy_calendar(s, user_id=uid, chat_id=1105, event_id=event,
                                              today=NOW.date(), tz=SH, now=NOW, leads=(0, 3))
        again = await schedule_policy_calendar(s, user_id=uid, chat_id=1105, event_id=event,
                                               today=NOW.date(), tz=SH, now=NOW, leads=(3, 0))
    assert [created for _, created in made] == [True, True]
    assert [created for _, created in again] == [False, False]
    ahead, on_day = (row for row, _ in made)
    assert ahead.due_at == dt.datetime(2029, 12, 29, 9, 0, tzinfo=SH)
    assert on_day.due_at == dt.datetime(2030, 1, 1, 9, 0, tzinfo=SH)
    assert (ahead.payload["lead_days"], on_day.payload["lead_days"]) == (3, 0)
    assert ahead.payload["args"]["lead"] == {"zh": "还有3天", "en": "in 3 days"}
    assert "caveat" not in ahead.payload  # a stated date: nothing can move it
    late = dt.datetime(2029, 12, 30, 10, 0, tzinfo=SH)
    uid2 = await add_user(sessions, 1106)
    async with sessions() as s, s.begin():
        only = await schedule_policy_calendar(s, user_id=uid2, chat_id=1106, event_id=event,
                                              today=late.date(), tz=SH, now=late, leads=(3, 0))
    assert [row.payload["lead_days"] for row, _ in only] == [0]
    async with sessions() as s, s.begin():
        with pytest.raises(ReminderInputError):  # only past leads: nothing to set
            await schedule_policy_calendar(s, user_id=uid2, chat_id=1106, event_id=event,
                                           today=late.date(), tz=SH, now=late, leads=(7,))


async def test_policy_calendar_outside_published_years_says_so(sessions) -> None:
    uid = await add_user(sessions, 1104)
    async with sessions() as s, s.begin():
        year = supported_years()[1] + 1
        with pytest.raises(CalendarRangeError, match=str(year)):
            await schedule_policy_calendar(  # a notice period in a year beyond the data
                s, user_id=uid, chat_id=1104, event_id="special-technician-public-notice",
                today=NOW.date(), tz=SH, now=NOW, start=dt.date(year, 1, 5))
    assert await reminders(sessions) == []


async def test_broadcast_skips_opted_out_and_inactive_and_is_idempotent(
        fake_api, sessions, dispatcher_factory) -> None:
    ids = [await add_user(sessions, 1200 + i) for i in range(5)]
    async with sessions() as s, s.begin():
        await BroadcastRepo(s).opt_out(ids[1])
        await UserRepo(s).set_active(1202, False)
    async with sessions() as s, s.begin():
        first = await broadcast(s, broadcast_id="b1", text="下周一开始申报", segment=Segment(),
                                when=NOW)
        again = await broadcast(s, broadcast_id="b1", text="下周一开始申报", segment=Segment(),
                                when=NOW)
    assert (first, again) == (3, 0)
    d = await dispatcher_factory()
    d.now = lambda: NOW
    await d.run_until_settled()
    assert [bool(sent_texts(fake_api, 1200 + i)) for i in range(5)] == [True, False, False,
                                                                         True, True]
    assert "下周一开始申报" in sent_texts(fake_api, 1200)[0]
    assert fake_api.buttons(1200)[0][1] == "rmd:optout"
