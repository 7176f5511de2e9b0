"""Whole eligibility checks against the real Jiangsu programs (knowledge.api)."""

from __future__ import annotations

import datetime as dt

from bot.dialogs.engine.types import SaveProfile
from bot.dialogs.reminders.codec import parse_reminder
from bot.dialogs.reminders.flow import RequestReminder
from tests.dialogs.chat import Chat, make_env

EXCELLENT = "jiangsu.excellent_technician"
SPECIAL = "jiangsu.special_technician"


def check(program: str, locale: str = "en", **env_kw: object) -> Chat:
    chat = Chat(make_env(locale, **env_kw))
    chat.press_data(f"menu:check:{program}")
    return chat


def asked(chat: Chat) -> list[str]:
    """Facts asked so far, in order (from the flow's history and current step)."""
    steps = list(chat.state.history) + [chat.state.step] if chat.state else []
    return [s.removeprefix("f:") for s in steps]


def asked_in_done(chat: Chat) -> list[str]:
    """Facts asked, in order, by the check that just ended (its last state)."""
    closed = chat.closed
    return [s.removeprefix("f:") for s in list(closed.history) + [closed.step]]


def test_excellent_technician_category_a() -> None:
    chat = check(EXCELLENT)
    assert "Excellent Technician" in chat.text and "skill level" in chat.question.text
    chat.press("senior technician (高级技师)")
    chat.say("1970-05-01")
    chat.press("Man")
    assert "leading talents" in chat.question.text
    chat.press("Yes")
    chat.press("never taken part")
    assert chat.state is None
    result = chat.last.replies[-1].text
    assert "✅" in result and "Category: A" in result
    assert "¥10,000 a year for 2 years, ¥20,000 in all" in result
    assert "training institution" in result
    assert "Art. 2)" in result and "Art. 23)" in result and "Excellent Technician measures" in result
    assert "Policy status on March 1, 2026: in force." in result
    assert "local human resources and social security bureau confirms" in result
    assert "Next step" in result
    assert asked_in_done(chat) == ["skill_level", "birth_date", "sex", "leading_talent",
                                   "previous_plan_end"]


def test_excellent_technician_category_b() -> None:
    chat = check(EXCELLENT)
    chat.press("senior technician (高级技师)")
    chat.say("1975年6月15日")
    chat.press("Man")
    chat.press("No")  # not a leading talent
    assert "chief technician" in chat.question.text
    chat.press("Yes")
    assert "one-time grant" in chat.question.text
    chat.press("No")
    chat.press("never taken part")
    result = chat.last.replies[-1].text
    assert "Category: B" in result and "¥8,000 a year for 2 years, ¥16,000 in all" in result
    assert "✘" not in result


def test_excluded_by_age_asks_nothing_more() -> None:
    chat = check(EXCELLENT)
    chat.press("senior technician (高级技师)")
    chat.say("1966-03-01")
    # whichever sex, retirement is less than 5 years away: decided without more questions
    assert chat.state is None
    result = chat.last.replies[-1].text
    assert "❌" in result and "✘" in result and "Art. 2)" in result
    assert asked_in_done(chat) == ["skill_level", "birth_date"]


def test_woman_is_asked_her_original_retirement_age_only_when_it_decides() -> None:
    chat = check(EXCELLENT)
    chat.press("senior technician (高级技师)")
    chat.say("1975-06-15")
    chat.press("Woman")
    assert "2025 reform" in chat.question.text
    chat.press("55 – management")
    assert "leading talents" in chat.question.text

    older = check(EXCELLENT)
    older.press("senior technician (高级技师)")
    older.say("1972-06-15")
    older.press("Woman")  # too close to retirement under either original age
    assert older.state is None and "❌" in older.last.replies[-1].text
    assert "female_original_retirement_age" not in asked_in_done(older)


def test_sex_is_not_asked_when_retirement_is_far_away_for_everyone() -> None:
    chat = check(EXCELLENT)
    chat.press("senior technician (高级技师)")
    chat.say("1985-01-01")
    assert "leading talents" in chat.question.text
    assert asked(chat) == ["skill_level", "birth_date", "leading_talent"]


def test_woman_in_a_worker_post_is_too_close_to_retirement() -> None:
    chat = check(EXCELLENT)
    chat.press("senior technician (高级技师)")
    chat.say("1975-06-15")
    chat.press("Woman")
    chat.press("50 – worker post")
    assert chat.state is None and "❌" in chat.last.replies[-1].text


def test_rejoining_too_soon_gives_the_date_and_offers_a_reminder() -> None:
    chat = check(EXCELLENT)
    chat.press("senior technician (高级技师)")
    chat.say("1975-06-15")
    chat.press("Man")
    chat.press("Yes")
    chat.say("2024/6/30")
    assert chat.state is None
    reply = chat.last.replies[-1]
    assert "❌" in reply.text and "You can apply again from June 30, 2027." in reply.text
    remind = chat.button("Remind me then").data
    assert parse_reminder(remind) == (dt.date(2027, 6, 30), EXCELLENT)
    assert remind.startswith("rem:2027-06-30:") and len(remind.encode()) <= 64
    chat.press("Remind me then")
    (request,) = chat.effects_of(RequestReminder)
    assert request.data == {"date": "2027-06-30", "program": EXCELLENT}


def test_technician_is_asked_whether_exceptional_and_gets_a_conditional_answer() -> None:
    chat = check(EXCELLENT)
    chat.press("Level 2 – technician")
    assert "especially outstanding" in chat.question.text
    chat.press("Yes")
    chat.say("1980-01-01")
    chat.press("Yes")
    chat.press("never taken part")
    assert "⚠️" in chat.last.replies[-1].text


def test_low_skill_level_ends_at_once() -> None:
    chat = check(EXCELLENT)
    chat.press("senior worker")
    assert chat.state is None and "❌" in chat.last.replies[-1].text


def test_profile_facts_are_reused_and_said_once() -> None:
    profile = {"birth_date": "1975-06-15", "skill_level": "senior_technician"}
    chat = check(EXCELLENT, consented=True, profile=profile)
    first = chat.question.text
    assert "Reused from your profile" in first and "June 15, 1975" in first
    assert "senior technician" in first
    assert "man or a woman" in first  # skill level and birth date were not asked
    chat.press("Man")
    assert "Reused from your profile" not in chat.text
    chat.press("Yes")
    chat.press("never taken part")
    assert "✅" in chat.last.replies[-1].text
    # the sex is kept with the other facts (asked once); the programme's own answers not
    assert [e.data["facts"] for e in chat.effects_of(SaveProfile)] == [{"sex": "male"}]


def test_a_saved_sex_is_not_asked_again() -> None:
    profile = {"birth_date": "1975-06-15", "skill_level": "senior_technician", "sex": "male"}
    chat = check(EXCELLENT, consented=True, profile=profile)
    assert "man or a woman" not in chat.question.text and "sex: Man" in chat.question.text


def test_profile_is_ignored_without_consent_and_answers_are_saved_with_it() -> None:
    profile = {"birth_date": "1975-06-15", "skill_level": "senior_technician"}
    chat = check(EXCELLENT, consented=False, profile=profile)
    assert "Reused" not in chat.text and "skill level" in chat.question.text
    consenting = check(EXCELLENT, consented=True, profile={})
    consenting.press("senior technician (高级技师)")
    consenting.say("1966-03-01")
    (save,) = consenting.effects_of(SaveProfile)
    assert save.data == {"facts": {"skill_level": "senior_technician",
                                   "birth_date": "1966-03-01"}}
    assert not chat.effects_of(SaveProfile)


def test_back_in_a_check_asks_the_previous_fact_again() -> None:
    chat = check(EXCELLENT)
    chat.press("senior technician (高级技师)")
    chat.say("1975-06-15")
    chat.press("Back")
    assert chat.state.step == "f:birth_date" and "birth_date" not in chat.state.answers
    chat.press("Start over")
    assert chat.state.step == "f:skill_level" and chat.state.answers == {}


def test_birth_date_in_the_future_is_refused() -> None:
    chat = check(EXCELLENT)
    chat.press("senior technician (高级技师)")
    chat.say("2030-01-01")
    assert chat.state.step == "f:birth_date" and "future" in chat.text


def test_special_technician_skill_route_with_priority_honours() -> None:
    chat = check(SPECIAL)
    assert "pilot enterprises" in chat.question.text
    chat.press("Yes")
    assert "falsified" in chat.question.text
    chat.press("Never")
    chat.press("senior technician (高级技师)")
    chat.say("6年")
    chat.press("Yes")  # same occupation
    assert "honours" in chat.question.text
    chat.press("National Technical Expert")
    chat.press("Jiangsu Craftsman (江苏工匠)")
    chat.press("Done")
    assert chat.state is None
    result = chat.last.replies[-1].text
    assert "⚠️" in result and "🌟" in result and "Special Technician pilot scheme" in result
    assert asked_in_done(chat) == ["employer_is_pilot", "fraud_year", "skill_level",
                                   "years_as_senior_technician", "in_same_occupation", "honors"]
    assert chat.closed.data["pending"] == ["national_technical_expert", "jiangsu_craftsman"]


def test_special_technician_title_route_without_honours() -> None:
    chat = check(SPECIAL)
    chat.press("Yes")
    chat.press("Never")
    chat.press("senior worker")
    assert "professional title" in chat.question.text
    chat.press("Full senior")
    chat.press("Yes")
    chat.press("Done")  # no honours
    result = chat.last.replies[-1].text
    assert "⚠️" in result and "🌟" not in result and "full-senior" in result


def test_special_technician_fraud_bars_for_five_years() -> None:
    chat = check(SPECIAL)
    chat.press("Yes")
    chat.say("2024")
    assert chat.state is None
    result = chat.last.replies[-1].text
    assert "❌" in result and "January 1, 2030" in result
    assert parse_reminder(chat.button("Remind me then").data)[0] == dt.date(2030, 1, 1)


def test_special_technician_outside_a_pilot_enterprise() -> None:
    chat = check(SPECIAL)
    chat.press("No")
    assert chat.state is None and "❌" in chat.last.replies[-1].text


def test_a_whole_check_in_chinese() -> None:
    chat = check(EXCELLENT, "zh_CN")
    chat.press("高级技师")
    chat.say("1970年5月1日")
    chat.press_data(chat.keyboard.buttons[0][0].data)  # first sex option: male
    chat.say("是")
    chat.say("没有")
    assert chat.state.step == "f:previous_plan_end"
    chat.press_data(chat.keyboard.buttons[0][0].data)  # never took part
    result = chat.last.replies[-1].text
    assert "✅" in result and "2万元" in result and "第二条" in result


def test_unknown_program_says_so() -> None:
    chat = check("nowhere.nothing")
    assert chat.state is None and "do not know that check" in chat.text
