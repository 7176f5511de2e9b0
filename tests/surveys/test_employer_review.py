"""The employer survey (annex 3): a review by item name where any answer can be changed
by its button (the dialog jumps there and comes back), a changed submitted response that
opens at the review, and a campaign closed half-way told at once — zh and en, through
the pure engine."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from bot.dialogs.surveys.flow import SurveySubmit
from tests.dialogs.chat import Chat, make_env

CAMPAIGN = {"id": 9, "kind": "employer", "city": "suzhou", "unit": "", "category": "",
            "title": "2026 employer survey", "courses": [], "opens": "2026-03-01",
            "closes": "2026-03-20"}
NOBODY = {"officer": False, "admin": False, "assessor": False, "cities": []}
WORDS = {
    "en": {"no_other": "No other occupation", "none": "No staff took part yet",
           "nothing": "Nothing else", "submit": "✅ Submit my answers",
           "problems": "✏️ Main technical and process problems", "occ2": "✏️ Occupation 2",
           "review": "Please check your answers", "numbers": "✏️ Fitter: numbers",
           "closed": "This survey closed on March 5, 2026"},
    "zh_CN": {"no_other": "没有其他职业了", "none": "暂无人员参加", "nothing": "没有了",
              "submit": "✅ 提交答案", "problems": "✏️ 主要技术和工艺难题",
              "occ2": "✏️ 职业（工种）2", "review": "请核对您的答案", "numbers": "✏️ Fitter：人数",
              "closed": "这次调查已于2026年3月5日结束"},
}


def opened(locale: str, previous: dict[str, Any] | None = None) -> Chat:
    status = "answered" if previous else "open"
    link = {"status": status, "campaign": CAMPAIGN, "payload": "sv_" + "y" * 22,
            "previous": previous or {}}
    extras = {"survey_access": NOBODY, "survey_link": link, "menu_entries": [],
              "survey_campaign": {"id": 9, "status": "open", "closes": "2026-03-20"}}
    c = Chat(make_env(locale, extras=extras))
    c.cmd("start", link["payload"])
    if previous:  # answered already: "✏️ Change my answers"
        c.press_data(f"svy:edit:{link['payload']}")
    return c


def to_review(c: Chat, words: dict[str, str]) -> None:
    c.say("Suzhou Precision")
    c.say("CNC turner")
    c.say("2 5 18 10")
    c.press(words["no_other"])
    c.say("Parts vary")
    c.say("No equipment")
    c.press(words["none"])
    c.press(words["nothing"])


@pytest.mark.parametrize("locale", ["en", "zh_CN"])
def test_the_review_jumps_to_one_item_and_comes_back(locale: str) -> None:
    words = WORDS[locale]
    c = opened(locale)
    to_review(c, words)
    assert c.state.step == "confirm" and words["review"] in c.question.text
    c.press(words["problems"])
    assert c.state.step == "problems" and "Parts vary" in c.question.text  # shown to keep
    c.say("Tolerances drift")
    assert c.state.step == "confirm" and "Tolerances drift" in c.question.text
    # a second occupation named from the review asks its numbers, then comes back
    c.press(words["occ2"])
    c.say("Fitter")
    assert c.state.step == "occ2_n"
    c.say("1 3 12 6")
    assert c.state.step == "confirm" and words["numbers"] in c.labels
    c.press(words["submit"])
    (submit,) = c.effects_of(SurveySubmit)
    answers = submit.data["answers"]
    assert answers["problems"] == "Tolerances drift"
    assert [o["name"] for o in answers["occupations"]] == ["CNC turner", "Fitter"]
    assert answers["occupations"][1]["demand"] == 6 and c.state is None


@pytest.mark.parametrize("locale", ["en", "zh_CN"])
def test_a_campaign_closed_half_way_is_told_at_the_next_answer(locale: str) -> None:
    c = opened(locale)
    c.say("Suzhou Precision")
    extras = dict(c.env.extras)
    extras["survey_campaign"] = {"id": 9, "status": "closed", "closes": "2026-03-05"}
    c.env = replace(c.env, extras=extras)
    c.say("CNC turner")
    assert c.state is None and WORDS[locale]["closed"] in c.text
    assert not c.effects_of(SurveySubmit)
    closed = c.last.replies[0]  # the question left open loses its buttons
    assert closed.edit and not closed.buttons
