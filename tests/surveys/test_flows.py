"""The survey dialogs through the pure engine (no storage): progress, navigation, typed
answers, refusals and what the end hands to storage."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

import pytest

from bot.dialogs.engine.types import Event
from bot.dialogs.surveys.flow import (
    ScoreSave,
    SurveyCreate,
    SurveyStarted,
    SurveySubmit,
    SurveyView,
)
from bot.dialogs.surveys.menu import menu_entries
from tests.dialogs.chat import NOW, Chat, make_env

CAMPAIGN = {"id": 7, "kind": "trainee", "city": "nanjing", "unit": "Unit <A>",
            "category": "Mechanics", "title": "",
            "courses": [{"course": "CNC", "teacher": "Wang"}, {"course": "Metrology",
                                                               "teacher": "Li"}],
            "opens": "2026-03-01", "closes": "2026-03-20"}
OFFICER = {"officer": True, "admin": True, "assessor": False, "cities": None}
CITY_OFFICER = {"officer": True, "admin": False, "assessor": False, "cities": ["suzhou"]}
ASSESSOR = {"officer": False, "admin": False, "assessor": True, "cities": ["nanjing"]}
NOBODY = {"officer": False, "admin": False, "assessor": False, "cities": []}


def chat(locale: str = "en", access: dict[str, Any] | None = None,
         link: dict[str, Any] | None = None) -> Chat:
    extras: dict[str, Any] = {"survey_access": access or NOBODY,
                              "menu_entries": menu_entries(access or NOBODY)}
    if link is not None:
        extras["survey_link"] = link
    return Chat(make_env(locale, extras=extras))


def opened(status: str = "open", **more: Any) -> Chat:
    link = {"status": status, "campaign": CAMPAIGN, "payload": "sv_" + "x" * 22, **more}
    c = chat(link=link)
    c.cmd("start", link["payload"])
    return c


def test_a_survey_link_starts_the_survey_with_progress_and_marks_the_start() -> None:
    c = opened()
    assert c.state.flow == "survey_trainee" and "(1/14)" in c.question.text
    assert "Unit &lt;A&gt;" in c.text and "CNC" in c.question.text
    assert [e.data for e in c.effects_of(SurveyStarted)] == [{"campaign": 7}]
    c.press("Excellent")
    assert "(2/14)" in c.question.text and "Metrology" in c.question.text


def test_free_text_where_a_rating_is_expected_is_explained_and_typed_ratings_work() -> None:
    c = opened()
    c.say("whatever")
    assert "choose one of the buttons" in c.text and "(1/14)" in c.question.text
    c.say("good")  # a typed label counts
    assert c.state.answers["c0"] == "good" and "(2/14)" in c.question.text


def test_back_changes_an_answer_and_the_end_submits_normalised_answers_only() -> None:
    c = opened()
    c.press("Poor")
    c.press("⬅️ Back")
    assert "(1/14)" in c.question.text
    for _ in range(12):
        c.press("Good")
    assert "(13/14)" in c.question.text and "suggestions" in c.question.text
    c.say("More practice")
    assert "CNC (Wang): Good" in c.question.text and "(14/14)" in c.question.text
    assert "C1" not in c.question.text and "✏️ Metrology (Li)" in c.labels  # names, no codes
    c.press("Submit")
    submitted = c.effects_of(SurveySubmit)
    assert c.state is None and len(submitted) == 1
    data = submitted[0].data
    assert data["campaign"] == 7 and data["edit"] is False
    assert data["answers"] == {"courses": ["good", "good"],
                               "items": {k: "good" for k in data["answers"]["items"]},
                               "suggestions": "More practice"}
    assert len(data["answers"]["items"]) == 10


def test_an_answered_survey_is_refused_and_cannot_be_changed() -> None:
    """Nothing links a response to its respondent, so there is no "change my answers":
    not on the link, and not through a button of an earlier version."""
    c = opened("answered")
    assert c.state is None and "already answered" in c.text and "cannot be" in c.text
    assert not [label for label in c.labels if "Change" in label] and c.effects == []
    c.press_data("svy:edit:sv_" + "x" * 22)
    assert "already answered" in c.text and c.state is None and c.effects == []


@pytest.mark.parametrize(("status", "words"), [
    ("invalid", "not valid"), ("closed", "closed on March 20, 2026"),
    ("not_open", "opens on March 1, 2026")])
def test_links_that_cannot_be_answered_are_refused_and_start_nothing(status: str,
                                                                     words: str) -> None:
    c = opened(status)
    assert words in c.text and "Nothing was recorded" in c.text
    assert c.state is None and c.effects == []


def test_reopening_the_link_mid_survey_resumes_it() -> None:
    c = opened()
    c.press("Fair")
    c.cmd("start", "sv_" + "x" * 22)
    assert "Welcome back" in c.text and "(2/14)" in c.question.text
    assert len(c.effects_of(SurveyStarted)) == 1


def test_other_payloads_still_go_through_onboarding() -> None:
    c = chat()
    c.cmd("start", "ref_friend")
    assert c.state.flow == "onboarding"


@pytest.mark.parametrize("data", ["svy:home", "svy:list", "svy:new:trainee", "svy:appoint",
                                  "svy:c:1:results", "svy:c:1:xlsx", "svy:c:1:remind"])
def test_officer_buttons_are_refused_to_others(data: str) -> None:
    for access in (NOBODY, ASSESSOR):
        c = chat(access=access)
        c.press_data(data)
        assert "Only survey officers" in c.text and c.effects == [] and c.state is None


def test_officer_buttons_work_for_officers_and_the_menu_shows_them_only_to_them() -> None:
    c = chat(access=OFFICER)
    c.cmd("menu")
    assert "🏛 Surveys and scoring (officers)" in c.labels
    c.press_data("svy:c:3:chart")
    assert c.effects_of(SurveyView)[0].data == {"campaign": 3, "view": "chart"}
    c.press_data("svy:c:3:close")
    assert "Close this survey now?" in c.text and len(c.effects) == 1
    plain = chat()
    plain.cmd("menu")
    assert not any("officers" in label for label in plain.labels)
    assessor = chat(access=ASSESSOR)
    assessor.cmd("menu")
    assert "📝 Acceptance score sheet" in assessor.labels


def _create(c: Chat, closes: str) -> None:
    c.press_data("svy:new:trainee")
    c.say("Unit")
    c.say("Mechanics")
    c.say("数控编程 / 王工\n精密测量：李老师\nCNC-2, Zhang")
    c.say("2026-03-02")
    c.say(closes)


def test_a_city_officer_is_not_asked_to_choose_among_one_city() -> None:
    c = chat(access=CITY_OFFICER)
    c.press_data("svy:new:trainee")
    assert "(1/6)" in c.question.text and "training unit" in c.question.text
    assert "Suzhou" not in " ".join(c.labels)
    c = chat(access=CITY_OFFICER)
    _create(c, "3月1日")  # before the opening day (read as this year)
    assert "cannot close before it opens" in c.text
    c.say("3月15日")
    assert "(6/6)" in c.question.text and "CNC-2 (Zhang)" in c.question.text
    assert "City: Suzhou" in c.question.text
    c.press("Create")
    data = c.effects_of(SurveyCreate)[0].data
    assert data["courses"] == [{"course": "数控编程", "teacher": "王工"},
                               {"course": "精密测量", "teacher": "李老师"},
                               {"course": "CNC-2", "teacher": "Zhang"}]
    assert (data["city"], data["opens"], data["closes"]) == ("suzhou", "2026-03-02",
                                                            "2026-03-15")


def test_an_officer_of_several_cities_still_chooses() -> None:
    two = {**CITY_OFFICER, "cities": ["suzhou", "wuxi"]}
    for access, cities in ((two, ["Wuxi", "Suzhou"]), (OFFICER, None)):
        c = chat(access=access)
        c.press_data("svy:new:employer")
        shown = [label for label in c.labels if "️" not in label]
        assert "(1/5)" in c.question.text
        assert cities is None and len(shown) == 13 or sorted(shown) == sorted(cities)


def test_a_city_officer_appointing_goes_straight_to_the_link_question_in_chinese() -> None:
    c = Chat(make_env("zh_CN", extras={"survey_access": CITY_OFFICER,
                                       "menu_entries": menu_entries(CITY_OFFICER)}))
    c.press_data("svy:appoint")
    assert "（1/1）" in c.question.text and "苏州市" in c.question.text
    c.press("生成链接")
    assert c.effects[-1].data == {"role": "assessor", "city": "suzhou"}


@pytest.mark.parametrize(("locale", "text", "words"), [
    ("en", "数控编程 / 王工\n精密测量 李老师", "Line 2 (“精密测量 李老师”) has no instructor"),
    ("zh_CN", "数控编程 / 王工\n\n精密测量", "第3行（“精密测量”）没有授课人"),
    ("en", "数控编程 / " + "王" * 31, "Line 1: the instructor's name is longer than 30"),
    ("zh_CN", "\n".join(f"课{n} / 王工" for n in range(13)), "这里有13门课程"),
])
def test_course_list_errors_say_which_line(locale: str, text: str, words: str) -> None:
    c = Chat(make_env(locale, extras={"survey_access": OFFICER,
                                      "menu_entries": menu_entries(OFFICER)}))
    c.press_data("svy:new:trainee")
    c.press("Nanjing" if locale == "en" else "南京市")
    c.say("Unit")
    c.say("Mechanics")
    c.say(text)
    assert words in c.text and c.state.step == "courses"


def test_campaign_dates_refuse_the_past_and_unreadable_text() -> None:
    c = chat(access=OFFICER)
    c.press_data("svy:new:employer")
    c.press("Wuxi")
    c.press("No title")
    c.say("2026-02-27")
    assert "already passed" in c.text
    c.say("next week-ish")
    assert "could not read that date" in c.text
    c.press("Today")
    c.press("In a week")
    c.press("Create")
    data = c.effects_of(SurveyCreate)[0].data
    today = NOW.date()
    assert (data["kind"], data["opens"], data["closes"]) == (
        "employer", today.isoformat(), (today + dt.timedelta(days=7)).isoformat())


def test_score_sheet_shows_subtotals_and_refuses_bad_points() -> None:
    c = chat(access=ASSESSOR)
    c.press_data("svy:score")
    assert "(1/24)" in c.question.text  # the assessor's one city is not asked
    c.say("Unit")
    c.say("25")
    c.press(c.labels[1])  # the current academic year
    assert "(4/24)" in c.question.text and "so far: 0 of 55" in c.question.text
    c.say("5.5")
    assert "from 0 to 5" in c.text
    c.say("3.2")
    assert "whole or half points" in c.text
    for _ in range(20):
        c.press("4")
    assert "Training process: 44 of 55" in c.question.text
    assert "Total: 80 of 100" in c.question.text
    c.press("Save")
    data = c.effects_of(ScoreSave)[0].data
    assert data["scores"] == [4.0] * 20 and data["city"] == "nanjing"
    assert data["year"] == "2025-2026" and data["trainees"] == 25


def test_score_sheet_is_refused_without_the_right() -> None:
    c = chat()
    c.press_data("svy:score")
    assert "Only assessors and survey officers" in c.text and c.state is None


def test_an_unknown_survey_button_is_not_understood() -> None:
    c = chat(access=OFFICER)
    out = c.send(Event.press("svy:c:x:results"))
    assert "could not read that button" in c.text and out.effects == []


# --- the campaign checked at every step, the review, long comments -------------------------


def _with_campaign(c: Chat, status: str, closes: str = "2026-03-05") -> None:
    """What the loader finds this turn about the campaign being answered."""
    extras = dict(c.env.extras)
    extras["survey_campaign"] = {"id": CAMPAIGN["id"], "status": status, "closes": closes}
    c.env = replace(c.env, extras=extras)


def _opened_in(locale: str) -> Chat:
    link = {"status": "open", "campaign": CAMPAIGN, "payload": "sv_" + "x" * 22}
    c = Chat(make_env(locale, extras={"survey_access": NOBODY, "survey_link": link,
                                      "menu_entries": []}))
    c.cmd("start", link["payload"])
    return c


@pytest.mark.parametrize(("locale", "words"), [
    ("en", "This survey closed on March 5, 2026, so it can no longer be answered"),
    ("zh_CN", "这次调查已于2026年3月5日结束，不能再填写。您填写的答案没有保存")])
def test_a_campaign_closed_mid_survey_ends_it_at_the_next_answer(locale: str,
                                                                 words: str) -> None:
    c = _opened_in(locale)
    _with_campaign(c, "open")
    c.press(c.labels[0])
    assert c.state is not None and c.state.step.startswith("c1")
    _with_campaign(c, "closed")
    c.press(c.labels[0])  # the next answer: told at once, not 12 questions later
    assert c.state is None and words in c.text and not c.effects_of(SurveySubmit)


def test_a_closed_campaign_is_said_on_resume_and_a_removed_one_too() -> None:
    c = _opened_in("en")
    _with_campaign(c, "closed")
    c.cmd("help")  # any turn of the open dialog checks the campaign
    assert c.state is None and "closed on March 5, 2026" in c.text
    c = _opened_in("zh_CN")
    _with_campaign(c, "gone")
    c.say("良好")
    assert c.state is None and "这次调查已不存在" in c.text


def _to_review(c: Chat, suggestion: str = "More practice") -> None:
    for _ in range(12):
        c.press(c.labels[1])  # Good / 良好
    c.say(suggestion)


@pytest.mark.parametrize(("locale", "item", "rating", "line"), [
    ("en", "✏️ Teaching level", "Poor", "Teaching level: Poor"),
    ("zh_CN", "✏️ 教学水平", "较差", "教学水平：较差")])
def test_the_review_jumps_to_one_item_and_comes_back(locale: str, item: str, rating: str,
                                                      line: str) -> None:
    c = _opened_in(locale)
    _to_review(c)
    assert c.state.step == "confirm"
    c.press(item)
    assert c.state.step == "level" and ("Good" in c.question.text or "良好" in c.question.text)
    c.press(rating)
    assert c.state.step == "confirm" and line in c.question.text  # straight back
    c.press("✏️ Metrology (Li)" if locale == "en" else "✏️ Metrology（Li）")
    c.press("⬅️")  # back from a jump returns to the review
    assert c.state.step == "confirm"
    c.press("✅")
    answers = c.effects_of(SurveySubmit)[0].data["answers"]
    assert answers["items"]["level"] == "poor" and answers["items"]["mode"] == "good"


@pytest.mark.parametrize("locale", ["en", "zh_CN"])
def test_a_long_comment_is_kept_whole_or_cut_only_as_the_trainee_chooses(locale: str
                                                                         ) -> None:
    long = "多" * 1500
    keep = ("Keep all 1500", "Keep the first 1000", "Write it again") if locale == "en" \
        else ("全部保留（1500个字）", "只保留前1000个字", "重新填写")
    c = _opened_in(locale)
    _to_review(c, long)
    assert c.state.step == "long" and "1500" in c.question.text
    assert "⚠️" not in c.text  # not refused
    c.press(keep[0])
    assert c.state.step == "confirm" and "1500" in c.question.text
    c.press("✅")
    assert c.effects_of(SurveySubmit)[-1].data["answers"]["suggestions"] == long
    c = _opened_in(locale)
    _to_review(c, long)
    c.press(keep[2])
    assert c.state.step == "suggestions"
    c.say(long + "!")
    c.press(keep[1])
    c.press("✅")
    assert c.effects_of(SurveySubmit)[-1].data["answers"]["suggestions"] == long[:1000]
