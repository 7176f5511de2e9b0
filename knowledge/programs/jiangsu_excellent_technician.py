"""江苏省卓越技师培育计划实施办法（试行）: who may join, and the plan's numeric rules.

Outcome of the main program: any failed condition → ineligible (facts still missing no
longer matter); else a missing fact that could change the answer → needs_info; else a
judgement the project does not encode ("特别优秀") → conditional; else eligible.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import Any

from knowledge.core import SKILL_LEVELS, UNSURE, Ctx, Decision, FactSpec, program, skill_rank
from knowledge.programs.china_retirement_age_2024 import BIRTH_DATE, FEMALE_ORIGINAL_AGE, SEX
from knowledge.retirement import add_years, reform_in_force, statutory_retirement

POLICY = "jiangsu-excellent-technician"
ORGANISERS = ("省人力资源社会保障厅牵头、设区市人力资源社会保障局具体实施（第五条）",
              "the provincial HR department, which leads the plan, with the city HR bureau "
              "that carries it out (第五条)")
LEADING_TALENT = FactSpec(
    "leading_talent", "bool", unsure=True,
    explain=("A类人选按苏办发〔2019〕20号文件明确的“高技能领军人才”范围直接认定；这个范围不在本办法里。",
             "Category A is recognised directly within the range of leading high-skill talent "
             "set by document 苏办发〔2019〕20号; that range is not part of this plan."),
    decided_by=ORGANISERS)
CHIEF_QUALIFIED = FactSpec(
    "chief_technician_qualified", "bool", unsure=True,
    explain=("B类人选按苏人社发〔2022〕101号评审标准中“江苏省企业首席技师”的资格条件评选；这些条件不在本办法里。",
             "Category B is selected against the Jiangsu enterprise chief technician "
             "qualification of 苏人社发〔2022〕101号; those conditions are not part of this plan."),
    decided_by=ORGANISERS)
EXCEPTIONAL = FactSpec(
    "exceptional", "bool", unsure=True,
    explain=("技师只有“特别优秀”才可放宽入选；本办法没有给出“特别优秀”的标准。",
             "A technician is admitted only if especially outstanding (特别优秀); the plan "
             "gives no standard for it."),
    decided_by=ORGANISERS)


def ratio(value: float) -> Fraction:
    """Exact value of a decimal ratio, so that 0.7 compares equal to 0.7."""
    return Fraction(str(value))


@program(
    id="jiangsu.excellent_technician",
    policy=POLICY,
    title_zh="江苏省卓越技师培育计划（A/B类）",
    title_en="Jiangsu Excellent Technician Development Plan (categories A/B)",
    facts=[
        FactSpec("skill_level", "enum", SKILL_LEVELS),
        BIRTH_DATE,
        SEX,
        FEMALE_ORIGINAL_AGE,
        FactSpec("plan_year", "year", minimum=2000, maximum=2100),
        LEADING_TALENT,
        CHIEF_QUALIFIED,
        FactSpec("received_chief_technician_grant", "bool"),
        FactSpec("previous_plan_end", "date", nullable=True),
        EXCEPTIONAL,
    ],
    # a training unit is paid the funding (第二条, 第二十二条), so /match lists it for them too
    roles=("worker", "training_unit"),
    topic="training_plan",
    annual=True,
)
def excellent_technician(ctx: Ctx) -> Decision:
    """第二条 (level, age, amounts), 第三条 (A/B), 第二十二条 (payee), 第二十三条 (repeats)."""
    year = ctx.get("plan_year") or default_plan_year(ctx.as_of)
    ref = dt.date(year, 1, 1)
    values: dict[str, Any] = {"plan_year": year,
                              "quota_per_category": ctx.param("quota_per_category")}
    if not ctx.get("plan_year"):
        ctx.note("plan_year", ctx._("No plan year given: taken as {year}, because each "
                                    "year's training runs in its first three quarters.",
                                    year=year), "第九条")
    judgement = _skill(ctx)
    _retirement_distance(ctx, ref, values)
    category = _category(ctx)
    _rejoin(ctx, ref, values)
    if any(not r.passed for r in ctx.reasons):
        return ctx.decide("ineligible", values=values)
    if ctx.missing:
        return ctx.decide("needs_info", values=values)
    return _grant(ctx, category, judgement, values)


def default_plan_year(day: dt.date) -> int:
    """The plan a question on `day` is about: this year's until its training ends with the
    third quarter (第九条), next year's after that."""
    return day.year if day.month <= 9 else day.year + 1


def _skill(ctx: Ctx) -> bool:
    """Senior technician or above; a technician only if outstanding. True = judgement."""
    level = ctx.get("skill_level")
    if level is None:
        ctx.need("skill_level")
        return False
    if skill_rank(level) >= skill_rank("senior_technician"):
        ctx.check("skill_level", True, ctx._("Skill level is senior technician or above."),
                  "第二条", value=level, limit="senior_technician")
        return False
    if level != "technician":
        ctx.check("skill_level", False,
                  ctx._("Candidates are senior technicians or above (outstanding technicians "
                        "by exception); this skill level is too low."),
                  "第二条", value=level, limit="senior_technician")
        return False
    exceptional = ctx.get("exceptional")
    if exceptional is None:
        ctx.need("exceptional")
        return False
    if exceptional == UNSURE:
        ctx.unconfirmed("exceptional", "第二条")
        return True
    if exceptional:
        ctx.check("skill_level", True,
                  ctx._("A technician is admitted only if especially outstanding; that is "
                        "judged when candidates are selected."), "第二条", value=level)
        return True
    ctx.check("skill_level", False,
              ctx._("A technician who is not especially outstanding does not qualify."),
              "第二条", value=level, limit="senior_technician")
    return False


def _candidate_groups(ctx: Ctx) -> list[str]:
    sex, orig = ctx.get("sex"), ctx.get("female_original_retirement_age")
    females = [f"female{orig}"] if orig is not None else ["female55", "female50"]
    if sex == "male":
        return ["male"]
    if sex == "female":
        return females
    return ["male", *females]


def _retirement_distance(ctx: Ctx, ref: dt.date, values: dict[str, Any]) -> None:
    """At least 5 years to statutory retirement on 1 January of the plan year (第二条)."""
    birth = ctx.get("birth_date")
    if birth is None:
        ctx.need("birth_date", "sex")
        if ctx.get("sex") == "female":
            ctx.need("female_original_retirement_age")
        return
    deadline = add_years(ref, ctx.param("min_years_before_retirement"))
    reform = reform_in_force(ref)
    groups = _candidate_groups(ctx)
    dates = {g: statutory_retirement(birth, g, reform).date for g in groups}
    passes = {g: d >= deadline for g, d in dates.items()}
    if len(set(passes.values())) > 1:
        ctx.need("sex")  # recorded only when not given
        females = [g for g in groups if g != "male"]
        if len({passes[g] for g in females}) > 1:
            ctx.need("female_original_retirement_age")
        return
    passed = next(iter(passes.values()))
    ordered = sorted(dates.values())
    binding = ordered[0] if passed else ordered[-1]
    values["retirement_date"] = binding
    values["retirement_rules"] = "2025_reform" if reform else "original"
    args = {"date": binding.isoformat(), "ref": ref.isoformat(), "limit": deadline.isoformat()}
    if len(groups) == 1:
        text = ctx._("Statutory retirement on {date}; counted from {ref} it must not come "
                     "before {limit} (5 years).", **args)
    else:
        text = ctx._("Whichever statutory retirement age applies (retirement between {first} "
                     "and {last}), the result is the same: counted from {ref} retirement must "
                     "not come before {limit} (5 years).",
                     first=ordered[0].isoformat(), last=ordered[-1].isoformat(),
                     ref=args["ref"], limit=args["limit"])
    ctx.check("retirement_distance", passed, text, "第二条", value=binding, limit=deadline)


def _category(ctx: Ctx) -> str | None:
    """A by the leading-talent range, B by the chief-technician qualification (第三条); a
    former chief-technician grant rules out B (第二十三条). "Not sure" about either range
    leaves the category for the organisers to confirm (conditional)."""
    lead = ctx.get("leading_talent")
    if lead is True:
        ctx.warn("external_criteria")
        ctx.check("category", True,
                  ctx._("Within the leading high-skill talent range of 苏办发〔2019〕20号: "
                        "category A (confirmed by the local HR bureau)."), "第三条", value="A")
        return "A"
    chief = ctx.get("chief_technician_qualified")
    grant = ctx.get("received_chief_technician_grant")
    if lead is None:
        ctx.need("leading_talent")
        if chief is not False and grant is not True:  # B still possible: its facts matter
            ctx.need("chief_technician_qualified", "received_chief_technician_grant")
        return None
    b_excluded = grant is True or chief is False
    if lead == UNSURE and b_excluded:
        ctx.unconfirmed("leading_talent", "第三条")
        ctx.note("category", ctx._("Category B is not open here, so only category A remains; "
                                   "it depends on the leading-talent range being confirmed."),
                 "第三条")
        return "A"
    if grant is True:
        ctx.check("chief_grant", False,
                  ctx._("Already received the former one-time grant for Jiangsu enterprise "
                        "chief technicians: in principle no longer nominated for category "
                        "B."), "第二十三条")
        return None
    if chief is False:
        ctx.warn("external_criteria")
        ctx.check("category", False,
                  ctx._("Neither within the leading-talent range (category A) nor qualified "
                        "as a Jiangsu enterprise chief technician (category B)."), "第三条")
        return None
    if chief is None or grant is None:
        ctx.need("chief_technician_qualified", "received_chief_technician_grant")
        return None
    ctx.warn("external_criteria")
    if lead == UNSURE:
        ctx.unconfirmed("leading_talent", "第三条")
    if chief == UNSURE:
        ctx.unconfirmed("chief_technician_qualified", "第三条")
    else:
        ctx.check("category", True,
                  ctx._("Meets the Jiangsu enterprise chief technician qualification of "
                        "苏人社发〔2022〕101号: category B (confirmed by the local HR bureau)."),
                  "第三条", value="B")
    ctx.check("chief_grant", True,
              ctx._("Has not received the former one-time chief-technician grant."),
              "第二十三条")
    return "B"


def _rejoin(ctx: Ctx, ref: dt.date, values: dict[str, Any]) -> None:
    """Joining again needs 3 years after the previous plan ended (第二十三条)."""
    if not ctx.has("previous_plan_end"):
        ctx.need("previous_plan_end")
        return
    prev = ctx.get("previous_plan_end")
    if prev is None:
        ctx.check("rejoin_gap", True, ctx._("Has not taken part in the plan before."),
                  "第二十三条")
        return
    again = add_years(prev, ctx.param("rejoin_gap_years"))
    ok = ref >= again
    # A plan year is reckoned at its 1 January (第二条), so the gap must be complete by then:
    # the first possible plan year is the one whose 1 January is on or after `again`.
    first_year = again.year if (again.month, again.day) == (1, 1) else again.year + 1
    if not ok:
        values["eligible_again_from"] = again
        values["earliest_plan_year"] = first_year
        text = ctx._("The previous plan ended on {prev}; 3 years must have passed by 1 January "
                     "of the plan year, so the first plan year one may join again is {year} "
                     "(this plan year starts {ref}).", prev=prev.isoformat(), year=first_year,
                     ref=ref.isoformat())
    else:
        text = ctx._("The previous plan ended on {prev}; 3 years have passed by 1 January of "
                     "the plan year ({ref}).", prev=prev.isoformat(), ref=ref.isoformat())
    ctx.check("rejoin_gap", ok, text, "第二十三条", value=prev, limit=again)


def _grant(ctx: Ctx, category: str | None, judgement: bool,
           values: dict[str, Any]) -> Decision:
    assert category in ("A", "B")
    per_year = ctx.param(f"amount_{category.lower()}_per_year_cny")
    years = ctx.param("training_years")
    ctx.note("amount",
             ctx._("Category {category}: {per_year} yuan per person per year for {years} "
                   "years, {total} yuan in all; at most {quota} people per category a year.",
                   category=category, per_year=per_year, years=years, total=per_year * years,
                   quota=values["quota_per_category"]), "第二条")
    ctx.note("payee",
             ctx._("The money goes to the training unit, per trainee who passes the yearly "
                   "acceptance."), "第二十二条")
    return ctx.decide("conditional" if judgement else "eligible", amount_cny=per_year * years,
                      amount_per_year_cny=per_year, years=years, payee="training_unit",
                      category=category, values=values)
