"""Policy-deadline reminders through the conversation service on a real database, in
Chinese and English: a stated date beyond the holiday data, the lead chosen in the
dialog (none in the past), confirmations that restate what, when, lead, repeat and note,
a snooze past the deadline, "Done", and forged buttons."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from sqlalchemy import select

from bot.dialogs.engine.types import Event
from storage.models import Reminder
from tests.conversation.harness import fixed_clock, onboarded

SH = zoneinfo.ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 12, 1, 10, 0, tzinfo=SH)

W = {
    "en": dict(more="More services", deadlines="📅 Policy deadlines",
               remind="Remind me: Minimum pension", notice="Remind me: Public notice",
               today="Today", on_day="⏰ On the day", day_before="⏰ 1 day before",
               default="⏰ 3 days before and on the day", three="⏰ 3 days before",
               facts=("What: Minimum pension contribution period starts rising, deadline "
                      "January 1, 2030", "When: December 29, 2029 9:00\u202fAM; January 1, "
                      "2030 9:00\u202fAM", "Lead: 3 days before and on the day",
                      "Repeats: just once", "Note: From 1 January 2030"),
               warn="would be after the deadline", last="Remind me on January 1, 2030",
               dec30="Remind me on December 30, 2026 9:00",
               personal=("What: your own reminder", "Repeats: every week",
                         "Note: call the HR office"),
               tomorrow="Tomorrow", weekly="Every week", bad="This button is no longer valid",
               marked="Marked done on", already="You already marked this reminder done"),
    "zh": dict(more="更多服务", deadlines="📅 政策时间节点", remind="提醒我：养老金最低缴费年限",
               notice="提醒我：特级技师拟认定名单公示期", today="今天", on_day="⏰ 当天",
               day_before="⏰ 提前1天", default="⏰ 提前3天和当天", three="⏰ 提前3天",
               facts=("事项：养老金最低缴费年限开始提高，截止2030年1月1日",
                      "时间：2029年12月29日 09:00; 2030年1月1日 09:00", "提前量：提前3天和当天",
                      "重复：仅一次", "备注：自2030年1月1日起"),
               warn="的截止日", last="改在2030年1月1日 09:00提醒我", dec30="改在2026年12月30日 09:00提醒我",
               personal=("事项：您自己设置的提醒", "重复：每周", "备注：call the HR office"),
               tomorrow="明天", weekly="每周", bad="这个按钮已失效",
               marked="标记为完成", already="您已经把这条提醒标记为完成"),
}


async def rows(services) -> list[Reminder]:
    async with services.sessions() as s:
        return list((await s.execute(select(Reminder).order_by(Reminder.id))).scalars())


async def to_deadlines(user, w) -> int:
    """From the main menu to the deadline list; returns the taps it took."""
    await user.say("/menu")
    taps = 0
    if not any(w["deadlines"] in b.label for b in user.keyboard):
        await user.tap(w["more"])
        taps += 1
    await user.tap(w["deadlines"])
    return taps + 1


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_a_stated_date_beyond_the_holiday_data_is_set_with_the_default_lead(
        services, lang) -> None:
    w = W[lang]
    user = await onboarded(services, 7101 if lang == "en" else 7102, lang,
                           clock=fixed_clock(NOW))
    taps = await to_deadlines(user, w)
    await user.tap(w["remind"])
    labels = [b.label for b in user.keyboard]
    assert labels[:5] == [w["default"], w["on_day"], w["day_before"],
                          labels[3], labels[4]] and len(labels) >= 6, labels
    await user.tap(w["default"])
    taps += 2
    for fact in w["facts"]:
        assert fact in user.text, (fact, user.text)
    found = await rows(services)
    assert [r.due_at for r in found] == [dt.datetime(2029, 12, 29, 9, 0, tzinfo=SH),
                                         dt.datetime(2030, 1, 1, 9, 0, tzinfo=SH)]
    # main menu -> (more services) -> deadlines -> remind -> lead: the reminder is set
    print(f"\nturns from the main menu to a set deadline reminder ({lang}): {taps}")
    assert taps == 4


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_leads_in_the_past_are_not_offered(services, lang) -> None:
    w = W[lang]
    late = dt.datetime(2029, 12, 30, 10, 0, tzinfo=SH)  # 3 days and a week before: past
    user = await onboarded(services, 7111 if lang == "en" else 7112, lang,
                           clock=fixed_clock(late))
    await to_deadlines(user, w)
    await user.tap(w["remind"])
    labels = [b.label for b in user.keyboard if b.label.startswith("⏰")]
    assert labels == [w["on_day"], w["day_before"]], labels
    await user.tap(w["day_before"])
    (row,) = await rows(services)
    assert row.due_at == dt.datetime(2029, 12, 31, 9, 0, tzinfo=SH)


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_snooze_past_the_deadline_warns_and_done_stops_the_series(services, lang):
    w = W[lang]
    user = await onboarded(services, 7121 if lang == "en" else 7122, lang,
                           clock=fixed_clock(NOW))
    await to_deadlines(user, w)
    await user.tap(w["remind"])
    (three,) = [b for b in user.keyboard if b.label == w["three"]]
    await user.send(Event.press(three.data))  # 3 days before only: 29 Dec 2029, 09:00
    (ahead,) = await rows(services)
    await user.send(Event.press(f"rmd:snz:{ahead.id}:7"))  # 29 Dec + 7 days: too late
    assert w["warn"] in user.text, user.text
    assert (await rows(services))[0].due_at == ahead.due_at
    await user.tap(w["last"])  # the deadline day's morning instead
    assert (await rows(services))[0].due_at == dt.datetime(2030, 1, 1, 9, 0, tzinfo=SH)
    await user.send(Event.press(f"rmd:snz:{ahead.id}:1"))  # nothing useful is left later
    assert w["warn"] in user.text
    await user.send(Event.press(f"rmd:done:{ahead.id}"))
    assert w["marked"] in user.text and user.last.replies[0].in_place, user.text
    assert not user.last.replies[0].edit  # the pressed reminder, not an open question
    assert [r.status for r in await rows(services)] == ["done"]
    await user.send(Event.press(f"rmd:done:{ahead.id}"))
    assert user.last.toast and w["already"] in user.last.toast
    await user.send(Event.press("rmd:done:x1"))
    assert user.last.toast and w["bad"] in user.last.toast
    assert [r.status for r in await rows(services)] == ["done"]


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_personal_confirmation_and_list_restate_what_repeat_and_note(services, lang):
    w = W[lang]
    user = await onboarded(services, 7131 if lang == "en" else 7132, lang,
                           clock=fixed_clock(NOW))
    await user.say("/remind")
    await user.tap(w["tomorrow"])
    await user.tap("09:00")
    await user.say("call the HR office")
    await user.tap(w["weekly"])
    for fact in w["personal"]:
        assert fact in user.text, (fact, user.text)
    await user.say("/reminders")
    for fact in w["personal"][1:]:
        assert fact in user.text, (fact, user.text)


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_a_period_in_working_days_still_needs_the_holiday_data(services, lang):
    """The public notice (二（五）, 5 working days) has no stated date: beyond the data it
    is refused plainly, as before; inside it, the lead is chosen like any deadline."""
    w = W[lang]
    user = await onboarded(services, 7141 if lang == "en" else 7142, lang,
                           clock=fixed_clock(NOW))
    await to_deadlines(user, w)
    await user.tap(w["notice"])
    await user.say("2026-12-28")  # the fifth working day would be in 2027
    assert "2027" in user.text and await rows(services) == []
    await user.tap(w["today"])  # 1-7 December 2026: inside the data
    await user.tap(w["on_day"])
    (row,) = await rows(services)
    assert row.due_at == dt.datetime(2026, 12, 7, 9, 0, tzinfo=SH)


def test_the_lead_setting_reads_days_before_the_deadline() -> None:
    from bot.config import load_settings

    assert load_settings(_env_file=None).deadline_reminder_leads == (3, 0)
    assert load_settings(_env_file=None,
                         deadline_reminder_leads="0, 7 1").deadline_reminder_leads == (7, 1, 0)


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_the_issue_case_a_week_snooze_past_30_december_is_not_silent(services, lang):
    """A notice published on 24 December 2026 ends on Wednesday 30 December; a week's
    snooze of its 3-days-ahead reminder (27 Dec) would land on 3 January 2027."""
    w = W[lang]
    user = await onboarded(services, 7151 if lang == "en" else 7152, lang,
                           clock=fixed_clock(NOW))
    await to_deadlines(user, w)
    await user.tap(w["notice"])
    await user.say("12月24日" if lang == "zh" else "Dec 24 2026")
    (three,) = [b for b in user.keyboard if b.label == w["three"]]
    await user.send(Event.press(three.data))
    (row,) = await rows(services)
    assert row.due_at == dt.datetime(2026, 12, 27, 9, 0, tzinfo=SH)
    await user.send(Event.press(f"rmd:snz:{row.id}:7"))
    assert w["warn"] in user.text and ("2026年12月30日" if lang == "zh"
                                       else "December 30, 2026") in user.text, user.text
    await user.tap(w["dec30"])  # the offered last useful time: the deadline's morning
    (row,) = await rows(services)
    assert row.due_at == dt.datetime(2026, 12, 30, 9, 0, tzinfo=SH)
