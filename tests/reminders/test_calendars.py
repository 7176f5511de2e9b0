"""Policy calendars: official holidays skipped, adjusted working weekends honoured."""

from __future__ import annotations

import datetime as dt

import pytest

from knowledge.calendars import (
    CalendarEvent,
    CalendarRangeError,
    _event,
    add_working_days,
    all_events,
    get_event,
    is_working_day,
    period_end,
    supported_years,
)
from knowledge.policy import get_policy

D = dt.date


def test_official_calendar_facts_used_below() -> None:
    assert not is_working_day(D(2025, 10, 1))  # National Day
    assert not is_working_day(D(2025, 10, 8))  # last day of the 2025 National Day break
    assert is_working_day(D(2025, 10, 11))  # a Saturday declared a working day
    assert is_working_day(D(2025, 9, 28))  # a Sunday declared a working day
    assert not is_working_day(D(2025, 10, 12))  # an ordinary Sunday


def test_add_working_days_both_directions() -> None:
    assert add_working_days(D(2025, 9, 30), 1) == D(2025, 10, 9)  # over the holiday
    assert add_working_days(D(2025, 10, 10), 1) == D(2025, 10, 11)  # onto the Saturday
    assert add_working_days(D(2025, 10, 13), -2) == D(2025, 10, 10)
    assert add_working_days(D(2025, 10, 13), 0) == D(2025, 10, 13)


def test_notice_period_skips_holiday_and_counts_adjusted_saturday() -> None:
    """Published Tue 30 Sep 2025: 30 Sep, 9, 10, 11 (Sat, working), 13 Oct.

    Counting weekdays only would end on 6 Oct (inside the holiday); skipping the holiday
    but not the adjusted Saturday would end on 14 Oct."""
    event = get_event("special-technician-public-notice")
    deadline = event.deadline(start=D(2025, 9, 30))
    assert deadline == D(2025, 10, 13)
    assert event.remind_on(deadline) == deadline
    assert period_end(D(2025, 10, 1), 5, count_start_day=True) == D(2025, 10, 14)


def _annual(anchor: str, before: int) -> CalendarEvent:
    """An annual rule on made-up data: no document gives a yearly date today, but the rule
    kind stays for one that will (its article is still required)."""
    return _event({"id": "test-annual", "document": "jiangsu-special-technician-pilot",
                   "articles": ["四（三）"], "title": {"zh": "测试", "en": "test"},
                   "what": {"zh": "测试", "en": "test"},
                   "rule": {"kind": "annual", "anchor": anchor, "roll": "backward",
                            "remind_working_days_before": before, "article": "四（三）"}})


def test_annual_rule_counts_adjusted_sunday() -> None:
    event = _annual("09-30", 5)
    deadline = event.deadline(year=2025)
    assert deadline == D(2025, 9, 30)
    # five working days back: 29, 28 (Sunday, working), 26, 25, 24 September
    assert event.remind_on(deadline) == D(2025, 9, 24)


def test_annual_anchor_on_a_rest_day_rolls_back() -> None:
    event = _annual("11-30", 10)
    assert event.deadline(year=2025) == D(2025, 11, 28)  # 30 Nov 2025 is a Sunday
    assert event.next_dates(D(2025, 11, 1)) == (D(2025, 11, 28), D(2025, 11, 14))


def test_outside_the_published_years_says_so() -> None:
    lo, hi = supported_years()
    assert lo <= 2025 <= hi
    with pytest.raises(CalendarRangeError, match=str(hi + 1)):
        is_working_day(D(hi + 1, 3, 1))
    with pytest.raises(CalendarRangeError):
        _annual("09-30", 5).deadline(year=hi + 1)


def test_every_event_cites_existing_articles() -> None:
    events = all_events()
    assert {"special-technician-public-notice"} <= set(events)
    for event in events.values():
        policy = get_policy(event.document)
        assert event.articles and all(a in policy.articles for a in event.articles)
        assert event.title("zh_CN") and event.what("en")


def test_a_stated_date_needs_no_holiday_data() -> None:
    """1 January 2030 (第二条) lies beyond the data: the fixed date is known all the same;
    an annual date there is the anchor, flagged as one a working-day rule could move."""
    hi = supported_years()[1]
    assert hi < 2030
    fixed = get_event("pension-minimum-contribution-rise")
    found = fixed.next_deadline(D(2026, 12, 1))
    assert (found.day, found.exact, found.article) == (D(2030, 1, 1), True, "第二条")
    annual = _annual("11-30", 0)
    beyond = annual.next_deadline(D(hi, 12, 1))  # this year's 30 Nov is past
    assert (beyond.day, beyond.exact, beyond.article) == (D(hi + 1, 11, 30), False, "四（三）")
    inside = annual.next_deadline(D(2025, 11, 1))
    assert (inside.day, inside.exact) == (D(2025, 11, 28), True)  # rolled off a Sunday
    with pytest.raises(CalendarRangeError):  # a period in working days still needs it
        get_event("special-technician-public-notice").next_deadline(
            D(hi, 12, 1), start=D(hi + 1, 1, 5))
