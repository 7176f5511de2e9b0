"""The survey dialogs through the pure engine (no storage): progress, navigation, typed
answers, refusals and what the end hands to storage."""

from __future__ import annotations

import datetime as dt
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
    assert "C1 CNC (Wang): Good" in c.question.text and "(14/14)" in c.question.text
    c.press("Submit")
    submitted = c.effects_of(SurveySubmit)
    assert c.state is None and len(submitted) == 1
    data = submitted[0].data
    assert data["campaign"] == 7 and data["edit"] is False
    assert data["answers"] == {"courses": ["good", "good"],
                               "items": {k: "good" for k in data["answers"]["items"]},
                               "suggestions": "More practice"}
    assert len(data["answers"]["items"]) == 10


def test_changing_a_response_shows_the_earlier_answers() -> None:
    previous = {"courses": ["fair", "good"], "items": {"teacher_overall": "poor"},
                "suggestions": "Old text"}
    c = opened("answered", previous=previous)
    assert c.state is None and "already answered" in c.text and "Change my answers" in \
        " ".join(c.labels)
    c.press("Change my answers")
    assert "Your earlier answer: Fair" in c.question.text
    c.press("Good")
    c.press("Good")
    assert "Your earlier answer: Poor" in c.question.text
    for _ in range(10):
        c.press("Excellent")
    c.press("Keep my earlier text")
    c.press("Submit")
    data = c.effects_of(SurveySubmit)[0].data
    assert data["edit"] is True and data["answers"]["suggestions"] == "Old text"
    assert not c.effects_of(SurveyStarted)


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
    c.press("Suzhou")
    c.say("Unit")
    c.say("Mechanics")
    c.say("数控编程 / 王工\n精密测量：李老师\nCNC-2, Zhang")
    c.say("2026-03-02")
    c.say(closes)


def test_a_city_officer_creates_a_campaign_for_their_city_only() -> None:
    c = chat(access=CITY_OFFICER)
    c.press_data("svy:new:trainee")
    assert [label for label in c.labels if "️" not in label] == ["Suzhou"]
    c = chat(access=CITY_OFFICER)
    _create(c, "3月1日")  # before the opening day (read as this year)
    assert "cannot close before it opens" in c.text
    c.say("3月15日")
    assert "(7/7)" in c.question.text and "CNC-2 (Zhang)" in c.question.text
    c.press("Create")
    data = c.effects_of(SurveyCreate)[0].data
    assert data["courses"] == [{"course": "数控编程", "teacher": "王工"},
                               {"course": "精密测量", "teacher": "李老师"},
                               {"course": "CNC-2", "teacher": "Zhang"}]
    assert (data["city"], data["opens"], data["closes"]) == ("suzhou", "2026-03-02",
                                                            "2026-03-15")


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
    c.press("Nanjing")
    c.say("Unit")
    c.say("25")
    c.press(c.labels[1])  # the current academic year
    assert "(5/25)" in c.question.text and "so far: 0 of 55" in c.question.text
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
