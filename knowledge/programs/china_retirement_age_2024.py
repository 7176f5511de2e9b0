"""National programs: the statutory retirement age under the 2024 NPC decision."""

from __future__ import annotations

import datetime as dt

from knowledge.core import Ctx, Decision, FactSpec, program
from knowledge.retirement import (
    add_months,
    flexible_range_months,
    group_of,
    min_contribution_months,
    schedule,
    split_age,
    statutory_retirement,
)

BIRTH_DATE = FactSpec("birth_date", "date")
SEX = FactSpec("sex", "enum", ("male", "female"))
FEMALE_ORIGINAL_AGE = FactSpec("female_original_retirement_age", "enum", (50, 55))


@program(
    id="china.retirement_age",
    policy="china-retirement-age-2024",
    title_zh="法定退休年龄（渐进式延迟退休）",
    title_en="Statutory retirement age (gradual rise from 2025)",
    facts=[BIRTH_DATE, SEX, FEMALE_ORIGINAL_AGE],
    roles=("worker",),
    topic="retirement",
)
def retirement_age(ctx: Ctx) -> Decision:
    """决定一, 第一条 and 附件1-3: age and month of statutory retirement, to the month."""
    ctx.need("birth_date", "sex")
    if ctx.get("sex") == "female":
        ctx.need("female_original_retirement_age")
    if ctx.missing:
        return ctx.decide("needs_info")
    birth = ctx.get("birth_date")
    group = group_of(ctx.get("sex"), ctx.get("female_original_retirement_age"))
    r = statutory_retirement(birth, group)
    years, months = split_age(r.age_months)
    _record_rule(ctx, group, r.delay_months)
    ctx.check("retirement_age", True,
              ctx._("Statutory retirement age {years} years {months} months, reached in "
                    "{month}.", years=years, months=months, month=r.month),
              r.table, value=r.age_months)
    earliest, latest = flexible_range_months(r)
    ctx.note("flexible_retirement",
             ctx._("With the minimum contributions one may retire up to 3 years early, never "
                   "before the original age; with the employer's agreement up to 3 years "
                   "late."), "第三条")
    contribution = min_contribution_months(r.date.year)
    ctx.note("min_contribution",
             ctx._("Minimum contributions for a monthly pension when retiring in {year}: "
                   "{months} months.", year=r.date.year, months=contribution), "第二条")
    values = {
        "retirement_age_months": r.age_months,
        "retirement_month": r.month,
        "retirement_date": r.date,
        "original_age_months": r.original_age_months,
        "delay_months": r.delay_months,
        "earliest_flexible_age_months": earliest,
        "earliest_flexible_month": _month(add_months(birth, earliest)),
        "latest_flexible_age_months": latest,
        "latest_flexible_month": _month(add_months(birth, latest)),
        "min_contribution_months": contribution,
    }
    return ctx.decide("eligible", values=values)


def _record_rule(ctx: Ctx, group: str, delay: int) -> None:
    s = schedule(group)
    first_year, first_month0 = divmod(s.first_birth_index, 12)
    first = f"{first_year:04d}-{first_month0 + 1:02d}"
    orig = s.original_months // 12
    if delay == 0:
        ctx.note("reform_applies",
                 ctx._("Born before {first}: the original statutory age of {orig} applies.",
                       first=first, orig=orig), "决定一")
        return
    ctx.note("reform_applies",
             ctx._("Born in or after {first}: the age of {orig} rises by 1 month for every "
                   "{step} months of birth, up to {target}; here by {delay} months.",
                   first=first, orig=orig, step=s.birth_months_per_step,
                   target=s.target_months // 12, delay=delay), "第一条")


def _month(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"
