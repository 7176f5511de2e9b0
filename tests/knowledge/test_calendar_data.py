"""Every date in knowledge/calendars.yaml carries the article that gives it."""

from __future__ import annotations

import datetime as dt

import pytest

from knowledge.calendars import _event, all_events, past_rounds
from knowledge.policy import get_policy


def test_every_calendar_date_names_the_article_that_gives_it() -> None:
    for event in all_events().values():
        policy = get_policy(event.document)
        assert event.rule.article, f"{event.id}: its date has no article"
        assert event.rule.article in policy.articles, event.id
        assert event.rule.article in event.articles, event.id
    for past in past_rounds().values():
        policy = get_policy(past.document)
        assert past.articles and all(a in policy.articles for a in past.articles), past.id


def test_a_rule_without_its_article_is_refused() -> None:
    raw = {"id": "x", "document": "jiangsu-special-technician-pilot", "articles": ["二（五）"],
           "title": {"zh": "x", "en": "x"}, "what": {"zh": "x", "en": "x"},
           "rule": {"kind": "after_start", "working_days": 5}}
    with pytest.raises(ValueError, match="no article"):
        _event(raw)
    raw["rule"]["article"] = "二（一）"  # an article the event itself does not rest on
    with pytest.raises(ValueError, match="not among its articles"):
        _event(raw)


def test_no_invented_yearly_deadlines() -> None:
    """The texts give no 30 September report date and no yearly 30 November round."""
    anchors = {e.rule.anchor for e in all_events().values() if e.rule.kind == "annual"}
    assert (9, 30) not in anchors and (11, 30) not in anchors
    assert "excellent-research-report" not in all_events()
    assert "special-technician-annual-round" not in all_events()


def test_the_2021_recommendation_date_is_a_past_round_fact() -> None:
    past = past_rounds()["special-technician-2021-city-recommendation"]
    assert past.date == dt.date(2021, 11, 30) and "二（一）" in past.articles
    assert "2021" in past.what("zh_CN") and "2021" in past.what("en")
