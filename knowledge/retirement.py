"""Statutory retirement age, to the month, under the 2024 NPC decision.

Implements 第一条 of the State Council measures approved by the decision (and its
comparison tables 附件1-3): for men and for women whose original age was 55, the age
rises by one month per four months of later birth (first band +1 month), capped at 63
and 58; for women whose original age was 50, by one month per two months, capped at 55.
People born before the first affected month keep their original age. The figures come
from the policy data (knowledge/policies/china-retirement-age-2024.yaml).

Pure: callers pass the dates; nothing here reads the clock.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from typing import Any

from knowledge.policy import get_policy

POLICY_ID = "china-retirement-age-2024"
GROUPS = ("male", "female55", "female50")
TABLES = {"male": "附件1", "female55": "附件2", "female50": "附件3"}


@dataclass(frozen=True)
class Schedule:
    """How one group's retirement age moves with the birth month."""

    group: str
    original_months: int
    first_birth_index: int  # year * 12 + month - 1 of the first affected birth month
    birth_months_per_step: int
    target_months: int

    @property
    def table(self) -> str:
        return TABLES[self.group]


@dataclass(frozen=True)
class Retirement:
    group: str
    age_months: int
    original_age_months: int
    date: dt.date  # the day the age is reached
    table: str

    @property
    def delay_months(self) -> int:
        return self.age_months - self.original_age_months

    @property
    def month(self) -> str:
        return f"{self.date.year:04d}-{self.date.month:02d}"


def group_of(sex: str, female_original_age: int | None) -> str:
    """'male', 'female55' or 'female50'; a woman's original age must be known."""
    if sex == "male":
        return "male"
    if female_original_age not in (50, 55):
        raise ValueError("a woman's original statutory age (50 or 55) is required")
    return f"female{female_original_age}"


def reform_start() -> dt.date:
    pol = get_policy(POLICY_ID)
    return dt.date.fromisoformat(pol.param("reform_start", dt.date.max).value)


def reform_in_force(day: dt.date) -> bool:
    return day >= reform_start()


@cache
def schedule(group: str) -> Schedule:
    pol = get_policy(POLICY_ID)
    on = reform_start()

    def p(name: str) -> Any:
        return pol.param(f"{group}_{name}", on).value

    year, month = (int(x) for x in str(p("first_birth_month")).split("-"))
    return Schedule(
        group=group,
        original_months=int(p("original_age_years")) * 12,
        first_birth_index=year * 12 + month - 1,
        birth_months_per_step=int(p("birth_months_per_step")),
        target_months=int(p("target_age_years")) * 12,
    )


def age_months(birth: dt.date, group: str, reform: bool = True) -> int:
    """Statutory retirement age in months for someone born in `birth`'s month."""
    s = schedule(group)
    offset = birth.year * 12 + birth.month - 1 - s.first_birth_index
    if not reform or offset < 0:
        return s.original_months
    delay = offset // s.birth_months_per_step + 1
    return min(s.original_months + delay, s.target_months)


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` moved by whole months; the day is clamped to the end of a shorter month."""
    index = day.year * 12 + day.month - 1 + months
    year, month0 = divmod(index, 12)
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month0 + 1, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def add_years(day: dt.date, years: int) -> dt.date:
    return add_months(day, 12 * years)


def statutory_retirement(birth: dt.date, group: str, reform: bool = True) -> Retirement:
    """Age and date of statutory retirement; `reform=False` gives the pre-2025 rule."""
    age = age_months(birth, group, reform)
    return Retirement(group=group, age_months=age,
                      original_age_months=schedule(group).original_months,
                      date=add_months(birth, age), table=TABLES[group])


def split_age(months: int) -> tuple[int, int]:
    """(years, months) of an age in months."""
    return divmod(months, 12)


def min_contribution_months(retirement_year: int) -> int:
    """Minimum contribution for a monthly pension, in months, by year of retirement (第二条)."""
    pol = get_policy(POLICY_ID)
    on = reform_start()
    base = int(pol.param("min_contribution_base_months", on).value)
    target = int(pol.param("min_contribution_target_months", on).value)
    first = int(pol.param("min_contribution_first_year", on).value)
    step = int(pol.param("min_contribution_months_per_year", on).value)
    if retirement_year < first:
        return base
    return min(base + step * (retirement_year - first + 1), target)


def flexible_range_months(r: Retirement) -> tuple[int, int]:
    """Earliest and latest flexible retirement ages in months (第三条)."""
    pol = get_policy(POLICY_ID)
    span = int(pol.param("flexible_max_years", reform_start()).value) * 12
    return max(r.original_age_months, r.age_months - span), r.age_months + span
