"""Statutory retirement age (2024 NPC decision) against the official comparison tables.

Each row is (birth month, age years, age months, retirement month) as printed in
附件1 (men), 附件2 (women, original age 55) and 附件3 (women, original age 50): the
month before the reform starts, the first and last birth month of the first steps, the
last step before the cap, the first capped month and later births.
"""

from __future__ import annotations

import datetime as dt

import pytest

from knowledge.api import evaluate
from knowledge.retirement import (
    add_months,
    age_months,
    flexible_range_months,
    min_contribution_months,
    statutory_retirement,
)

MEN = [
    ("1964-12", 60, 0, "2024-12"),
    ("1965-01", 60, 1, "2025-02"),
    ("1965-04", 60, 1, "2025-05"),
    ("1965-05", 60, 2, "2025-07"),
    ("1965-08", 60, 2, "2025-10"),
    ("1965-09", 60, 3, "2025-12"),
    ("1966-12", 60, 6, "2027-06"),
    ("1970-01", 61, 4, "2031-05"),
    ("1976-05", 62, 11, "2039-04"),
    ("1976-08", 62, 11, "2039-07"),
    ("1976-09", 63, 0, "2039-09"),
    ("1976-12", 63, 0, "2039-12"),
    ("1977-01", 63, 0, "2040-01"),
    ("1990-06", 63, 0, "2053-06"),
]
WOMEN_55 = [
    ("1969-12", 55, 0, "2024-12"),
    ("1970-01", 55, 1, "2025-02"),
    ("1970-04", 55, 1, "2025-05"),
    ("1970-05", 55, 2, "2025-07"),
    ("1970-08", 55, 2, "2025-10"),
    ("1981-05", 57, 11, "2039-04"),
    ("1981-08", 57, 11, "2039-07"),
    ("1981-09", 58, 0, "2039-09"),
    ("1981-12", 58, 0, "2039-12"),
    ("1982-01", 58, 0, "2040-01"),
]
WOMEN_50 = [
    ("1974-12", 50, 0, "2024-12"),
    ("1975-01", 50, 1, "2025-02"),
    ("1975-02", 50, 1, "2025-03"),
    ("1975-03", 50, 2, "2025-05"),
    ("1975-04", 50, 2, "2025-06"),
    ("1980-01", 52, 7, "2032-08"),
    ("1984-09", 54, 11, "2039-08"),
    ("1984-10", 54, 11, "2039-09"),
    ("1984-11", 55, 0, "2039-11"),
    ("1984-12", 55, 0, "2039-12"),
    ("1985-01", 55, 0, "2040-01"),
]
ROWS = ([("male", *r) for r in MEN] + [("female55", *r) for r in WOMEN_55]
        + [("female50", *r) for r in WOMEN_50])


def _birth(month: str, day: int = 15) -> dt.date:
    y, m = month.split("-")
    return dt.date(int(y), int(m), day)


@pytest.mark.parametrize(("group", "born", "years", "months", "retire"), ROWS)
def test_official_table_rows(group: str, born: str, years: int, months: int, retire: str) -> None:
    r = statutory_retirement(_birth(born), group)
    assert (r.age_months // 12, r.age_months % 12) == (years, months)
    assert r.month == retire


@pytest.mark.parametrize(("group", "born", "years", "months", "retire"), ROWS)
def test_program_reports_the_same(group: str, born: str, years: int, months: int,
                                  retire: str) -> None:
    facts = {"birth_date": f"{born}-01", "sex": "male" if group == "male" else "female"}
    if group != "male":
        facts["female_original_retirement_age"] = int(group[-2:])
    d = evaluate("china.retirement_age", facts, "2026-11-20")
    assert d.outcome == "eligible"
    assert d.values["retirement_age_months"] == years * 12 + months
    assert d.values["retirement_month"] == retire


@pytest.mark.parametrize(("group", "per_step", "first", "cap"), [
    ("male", 4, "1965-01", 63 * 12), ("female55", 4, "1970-01", 58 * 12),
    ("female50", 2, "1975-01", 55 * 12)])
def test_steps_have_the_right_width(group: str, per_step: int, first: str, cap: int) -> None:
    """Every step lasts exactly `per_step` birth months until the cap; no jumps."""
    start = _birth(first, 1)
    ages = [age_months(add_months(start, i), group) for i in range(-24, 300)]
    before, after = ages[:24], ages[24:]
    assert len(set(before)) == 1
    assert after[0] == before[0] + 1
    assert all(b - a in (0, 1) for a, b in zip(ages, ages[1:], strict=False))
    widths: dict[int, int] = {}
    for a in after:
        widths[a] = widths.get(a, 0) + 1
    assert max(after) == cap
    assert all(w == per_step for age, w in widths.items() if age != cap)


def test_day_is_clamped_to_a_shorter_month() -> None:
    r = statutory_retirement(dt.date(1965, 1, 31), "male")
    assert r.date == dt.date(2025, 2, 28)
    assert r.month == "2025-02"


def test_pre_reform_rule_keeps_original_ages() -> None:
    assert statutory_retirement(dt.date(1980, 1, 1), "male", reform=False).age_months == 720
    assert statutory_retirement(dt.date(1980, 1, 1), "female50", reform=False).age_months == 600


@pytest.mark.parametrize(("year", "months"), [(2029, 180), (2030, 186), (2031, 192),
                                              (2039, 240), (2045, 240)])
def test_minimum_contribution_table(year: int, months: int) -> None:
    assert min_contribution_months(year) == months


def test_flexible_range_never_below_original_age() -> None:
    late = statutory_retirement(dt.date(1990, 1, 1), "female50")  # 55
    assert flexible_range_months(late) == (52 * 12, 58 * 12)
    early = statutory_retirement(dt.date(1965, 1, 1), "male")  # 60y1m
    assert flexible_range_months(early) == (60 * 12, 60 * 12 + 1 + 36)
