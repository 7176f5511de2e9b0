"""The policy-deadline list and the "calendar" flow through the pure engine: what the user
sees before confirming, what is refused, and the effect that confirming emits."""

from __future__ import annotations

import datetime as dt

from bot.dialogs.deadlines.flow import ScheduleDeadline
from bot.dialogs.engine.types import MAX_BUTTON_DATA
from bot.dialogs.home import menu
from knowledge.articles import articles_label
from knowledge.calendar_days import special_days
from knowledge.calendars import all_events
from tests.dialogs.chat import SHANGHAI, Chat, make_env

IN_2025 = dt.datetime(2025, 9, 20, 10, 0, tzinfo=SHANGHAI)
NOTICE = "Remind me: Public notice"


def chat_at(now: dt.datetime, locale: str = "en") -> Chat:
    chat = Chat(make_env(locale, now=now))
    chat.press_data("cal:list")
    return chat


def test_main_menu_lists_every_event_with_a_remind_button() -> None:
    env = make_env("zh_CN", now=IN_2025)
    assert ["📅 政策时间节点"] in [[b.label for b in row] for row in menu.menu_buttons(env)]
    chat = chat_at(IN_2025)
    assert chat.state is None
    reminders = [label for label in chat.labels if label.startswith("⏰ Remind me: ")]
    assert len(reminders) == len(all_events()) >= 1
    assert chat.labels[-1] == "🏠 Main menu"
    assert all(len(d.encode()) <= MAX_BUTTON_DATA for d in chat.keyboard.button_data())
    text = chat.text
    for event in all_events().values():
        assert event.title("en") in text and articles_label(event.articles, "en") in text
    assert "last of 5 working days" in text
    # the texts give no yearly date: no research-report or 30 November deadline is offered
    assert "September 30" not in text and "November 28" not in text


def test_notice_asks_the_start_then_previews_and_emits_the_effect() -> None:
    chat = chat_at(IN_2025)
    chat.press(NOTICE)
    assert "On which day does the period start" in chat.text
    assert "at least 5 working days" in chat.text  # what the event means, from the data
    chat.say("2025/9/30")
    preview = chat.question.text
    assert "Period starts: September 30, 2025" in preview
    assert "Deadline: Monday, October 13, 2025" in preview
    assert "Each reminder comes at 9:00\u202fAM that day" in preview
    assert ("National Day, Mid-autumn Festival break, October 1, 2025 to October 8, 2025"
            in preview)
    assert "October 11, 2025 (Saturday) is a working day" in preview
    assert chat.effects_of(ScheduleDeadline) == []
    # the configured default lead (3 days before and on the day) first, then each lead
    assert chat.labels[:5] == ["⏰ 3 days before and on the day", "⏰ On the day",
                               "⏰ 1 day before", "⏰ 3 days before", "⏰ 1 week before"]
    chat.press("⏰ 3 days before and on the day")
    (effect,) = chat.effects_of(ScheduleDeadline)
    assert effect.data == {"event": "special-technician-public-notice", "start": "2025-09-30",
                           "leads": [3, 0]}
    assert chat.state is None


def test_today_button_and_typed_today_use_the_conversation_clock() -> None:
    chat = chat_at(IN_2025, "zh_CN")
    chat.press("特级技师拟认定名单公示期")
    chat.say("今天")  # Saturday 20 Sep 2025 is a rest day: 22-26 Sep
    assert "开始日：2025年9月20日" in chat.question.text
    assert "截止日：2025年9月26日星期五" in chat.question.text
    assert "只跳过了周末" in chat.question.text


def test_no_back_to_the_list_sets_nothing_and_back_asks_the_start_again() -> None:
    chat = chat_at(IN_2025)
    chat.press(NOTICE)
    chat.press("Today")
    chat.press("⬅️ Back")
    assert chat.state.step == "start"
    chat.say("2025-10-09")
    # 9, 10, 11 (a working Saturday), 13, 14 October
    assert "Deadline: Tuesday, October 14, 2025" in chat.question.text
    chat.press("No, back to the list")
    assert "No reminder was set." in chat.text and NOTICE in " ".join(chat.labels)
    assert chat.effects_of(ScheduleDeadline) == [] and chat.state is None


def test_start_dates_that_cannot_work_are_asked_again() -> None:
    chat = chat_at(IN_2025)
    chat.press(NOTICE)
    chat.say("2025-09-01")  # 1-5 Sep: over before 20 Sep
    assert "ended on September 5, 2025" in chat.text and chat.state.step == "start"
    chat.say("2027-01-04")
    assert "more than a year ahead" in chat.text and chat.state.step == "start"
    chat.say("1999-01-04")
    assert "too long ago" in chat.text and chat.state.step == "start"


def test_a_start_whose_period_ends_beyond_the_holiday_data_is_refused_plainly() -> None:
    chat = chat_at(dt.datetime(2026, 11, 21, 10, 0, tzinfo=SHANGHAI))
    chat.press(NOTICE)
    chat.say("2026-12-28")  # the fifth working day would be in January 2027
    assert "holiday calendar for 2027, which is not available" in chat.text
    assert chat.state.step == "start" and "Deadline" not in chat.text


def test_confirm_left_open_until_the_period_is_over_cannot_be_set() -> None:
    chat = chat_at(dt.datetime(2025, 10, 13, 23, 30, tzinfo=SHANGHAI))
    chat.press(NOTICE)
    chat.say("2025-09-30")  # 30 Sep, 9, 10, 11 (working Saturday), 13 Oct: due today
    assert "Deadline: Monday, October 13, 2025" in chat.question.text
    assert "Reminder: right away (its day has come)" in chat.question.text
    assert [label for label in chat.labels if label.startswith("⏰")] == ["⏰ On the day"]
    chat.later(dt.timedelta(hours=1))  # 14 Oct: the period is over while confirm is open
    chat.cmd("help")
    assert "I cannot set this reminder now" in chat.question.text
    chat.press("📅 Back to the deadlines")
    assert chat.effects_of(ScheduleDeadline) == [] and "No reminder was set." in chat.text


def test_unknown_and_malformed_calendar_buttons() -> None:
    chat = Chat(make_env("en", now=IN_2025))
    chat.press_data("cal:ev:no-such-event")
    assert "no longer in my list" in chat.text and chat.state is None
    chat.press_data("cal:zzz")
    assert "could not read that button" in chat.text


def test_special_days_name_the_break_and_the_working_weekends() -> None:
    found = special_days(dt.date(2025, 9, 26), dt.date(2025, 10, 13))
    (brk,) = found.breaks
    assert (brk.first, brk.last) == (dt.date(2025, 10, 1), dt.date(2025, 10, 8))
    assert brk.names("zh_CN") == "国庆节、中秋"
    assert [w.day for w in found.working_weekends] == [dt.date(2025, 9, 28),
                                                       dt.date(2025, 10, 11)]
    assert not special_days(dt.date(2025, 11, 3), dt.date(2025, 11, 28))


IN_DEC_2026 = dt.datetime(2026, 12, 1, 10, 0, tzinfo=SHANGHAI)
PENSION = "Remind me: Minimum pension"


def test_a_stated_date_beyond_the_holiday_data_is_offered_with_its_leads() -> None:
    chat = chat_at(IN_DEC_2026)
    assert "Next deadline: Tuesday, January 1, 2030." in chat.text
    chat.press(PENSION)
    preview = chat.question.text
    assert "Deadline: Tuesday, January 1, 2030" in preview
    assert "The document states this date itself" in preview
    assert "holiday calendar" not in preview  # nothing to refuse, nothing to caveat
    chat.press("⏰ 1 week before")
    (effect,) = chat.effects_of(ScheduleDeadline)
    assert effect.data == {"event": "pension-minimum-contribution-rise", "start": None,
                           "leads": [7]}


def test_the_default_lead_comes_from_the_setting() -> None:
    chat = Chat(make_env("zh_CN", now=IN_DEC_2026, extras={"deadline_leads": (7, 1)}))
    chat.press_data("cal:list")
    chat.press("提醒我：养老金最低缴费年限开始提高")
    assert chat.labels[:5] == ["⏰ 提前1周和提前1天", "⏰ 当天", "⏰ 提前1天", "⏰ 提前3天",
                               "⏰ 提前1周"]


def test_an_annual_date_beyond_the_data_carries_the_caveat_with_its_article() -> None:
    from bot.dialogs.deadlines import view
    from knowledge.calendars import _event, supported_years

    hi = supported_years()[1]
    event = _event({"id": "test-annual", "document": "jiangsu-special-technician-pilot",
                    "articles": ["四（三）"], "title": {"zh": "测试", "en": "test"},
                    "what": {"zh": "测试", "en": "test"},
                    "rule": {"kind": "annual", "anchor": "11-30", "roll": "backward",
                             "article": "四（三）"}})
    env = make_env("en", now=dt.datetime(hi, 12, 1, 10, 0, tzinfo=SHANGHAI))
    p = view.preview(event, env)
    assert (p.deadline, p.exact, p.special) == (dt.date(hi + 1, 11, 30), False, None)
    text = view.details(p, env)
    assert f"holiday calendar for {hi + 1} is not in my data yet" in text
    assert "last working day before it (四（三）)" in text
    assert view.lead_choices(p, env)[0] == (3, 0)
