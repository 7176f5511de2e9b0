"""Typed input in both languages, read by the one parser every flow uses."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.dialogs.engine.parse import (
    AMBIGUOUS_DATE,
    BAD_DATE,
    Invalid,
    parse_date,
    parse_int,
    parse_money,
    parse_month,
    parse_time,
    parse_yes_no,
)

TODAY = dt.date(2026, 12, 1)


@pytest.mark.parametrize("text", ["31/12/2026", "2026/12/31", "Dec 31 2026", "December 31, 2026",
                                  "31 Dec 2026", "31st December 2026", "12/31/2026", "12月31日",
                                  "Dec 31", "31/12", "2026年12月31日"])
def test_the_last_day_of_2026_in_many_spellings(text: str) -> None:
    assert parse_date(text, TODAY) == dt.date(2026, 12, 31)


def test_a_day_without_year_is_the_next_such_day_and_needs_today() -> None:
    assert parse_date("3月15日", TODAY) == dt.date(2027, 3, 15)
    assert parse_date("Dec 1", TODAY) == dt.date(2026, 12, 1)
    with pytest.raises(Invalid) as err:
        parse_date("3月15日")  # a birth date needs its year
    assert err.value.key == BAD_DATE


def test_day_and_month_that_could_be_either_are_asked_again() -> None:
    with pytest.raises(Invalid) as err:
        parse_date("05/06/2026", TODAY)
    assert err.value.key == AMBIGUOUS_DATE and err.value.params == {"text": "05/06/2026"}
    assert parse_date("06/06/2026") == dt.date(2026, 6, 6)


@pytest.mark.parametrize("text", ["1975年6月", "1975-06", "June 1975", "Jun. 1975", "6/1975"])
def test_a_birth_month(text: str) -> None:
    assert parse_month(text) == (1975, 6)


@pytest.mark.parametrize(("text", "when"), [
    ("3pm", "15:00"), ("3:30 p.m.", "15:30"), ("15:30", "15:30"), ("下午3点半", "15:30"),
    ("晚上8点15分", "20:15"), ("8点", "08:00"), ("十点", "10:00"), ("12am", "00:00"),
    ("12pm", "12:00"), ("中午12点", "12:00"), ("8", "08:00"), ("上午9点一刻", "09:15")])
def test_times(text: str, when: str) -> None:
    assert parse_time(text).strftime("%H:%M") == when


@pytest.mark.parametrize("text", ["25:00", "13pm", "three", "下午"])
def test_unreadable_times(text: str) -> None:
    with pytest.raises(Invalid):
        parse_time(text)


def test_amounts_counts_and_yes_no_words() -> None:
    assert [parse_money(t) for t in ("about 1200", "1.2k", "5万", "¥50,000", "~3000 yuan")] == \
        [1200, 1200, 50000, 50000, 3000]
    assert parse_int("1200人次") == 1200 and parse_int("about 30 people") == 30
    assert parse_yes_no("of course") and parse_yes_no("是啊")
    assert not parse_yes_no("nah") and not parse_yes_no("not really")
