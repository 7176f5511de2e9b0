"""江苏省特级技师评聘试点工作方案: who may be assessed, and which firms may run pilots.

The scheme promises no money, so amounts are null. Conditions are three-valued (True,
False, None = unknown): a failed condition decides ineligible; an unknown one that could
still pass asks for its facts; otherwise the outcome is conditional, because the
enterprise's own assessment (二（四）) decides.
"""

from __future__ import annotations

from typing import Any

from knowledge.core import SKILL_LEVELS, UNSURE, Ctx, Decision, FactSpec, program, skill_rank

POLICY = "jiangsu-special-technician-pilot"
TITLES = ("none", "junior", "intermediate", "associate_senior", "full_senior")
HONORS = (
    "chinese_skills_grand_award", "state_council_special_allowance", "national_technical_expert",
    "worldskills_medal", "national_competition_gold", "provincial_model_worker",
    "may_day_labour_medal", "skills_master_studio_leader", "skills_master_title",
    "jiangsu_great_craftsman", "jiangsu_craftsman", "jiangsu_chief_technician",
    "standard_lead_expert",
)

Tri = bool | None
TESTING_BODIES = ("设区市职业技能鉴定机构（推荐）和省职业技能鉴定中心（汇总、评估方案）",
                  "the city's skills testing body (which recommends pilots) and the provincial "
                  "skills testing centre (which compiles and reviews them)")
EMPLOYER_IS_PILOT = FactSpec(
    "employer_is_pilot", "bool", unsure=True,
    explain=("试点企业由各设区市职业技能鉴定机构推荐、报省职业技能鉴定中心，方案经评估通过才算（一（一）、二（一）、二（三））；名单不在本方案中。",
             "Pilot enterprises are recommended by each city's skills testing body to the "
             "provincial centre and stay pilots once their scheme passes review (一（一）, "
             "二（一）, 二（三）); the list is not in this document."),
    decided_by=TESTING_BODIES)


def all3(*xs: Tri) -> Tri:
    """Three-valued AND."""
    return False if any(x is False for x in xs) else (None if None in xs else True)


def any3(*xs: Tri) -> Tri:
    """Three-valued OR."""
    return True if any(x is True for x in xs) else (None if None in xs else False)


@program(
    id="jiangsu.special_technician",
    policy=POLICY,
    title_zh="江苏省特级技师评聘（试点企业职工）",
    title_en="Jiangsu special technician assessment (staff of pilot enterprises)",
    facts=[
        FactSpec("skill_level", "enum", SKILL_LEVELS),
        EMPLOYER_IS_PILOT,
        FactSpec("years_as_senior_technician", "number", minimum=0, maximum=60),
        FactSpec("in_same_occupation", "bool"),
        FactSpec("professional_title", "enum", TITLES),
        FactSpec("first_class_professional_qualification", "bool"),
        FactSpec("honors", "list", HONORS),
        FactSpec("fraud_year", "year", minimum=1990, maximum=2100, nullable=True),
    ],
    roles=("worker",),
    topic="evaluation",
    annual=True,
)
def special_technician(ctx: Ctx) -> Decision:
    """一（一） pilot employer, 一（二） routes and priority, 四（三） fraud ban, 四（二） no amount."""
    values: dict[str, Any] = {}
    _pilot_employer(ctx)
    _fraud(ctx, values)
    basic = _routes(ctx, values)
    priority = _priority(ctx, basic)
    if any(not r.passed for r in ctx.reasons):
        return ctx.decide("ineligible", priority=priority, values=values)
    if ctx.missing:
        return ctx.decide("needs_info", priority=priority, values=values)
    ctx.note("assessment",
             ctx._("The pilot enterprise assesses applicants under its approved scheme (results, "
                   "technical problems solved, apprentices); meeting the basic conditions does "
                   "not make one a special technician."), "二（四）")
    ctx.note("amount",
             ctx._("The scheme states no pay or allowance amount; local benefits follow the "
                   "ministry's guidance, so the amount is unknown."), "四（二）")
    return ctx.decide("conditional", priority=priority, values=values)


def _pilot_employer(ctx: Ctx) -> None:
    pilot = ctx.get("employer_is_pilot")
    if pilot is None:
        ctx.need("employer_is_pilot")
        return
    if pilot == UNSURE:
        ctx.unconfirmed("employer_is_pilot", "一（一）")
        return
    ctx.check("employer_is_pilot", pilot,
              ctx._("The employer is a pilot enterprise.") if pilot else
              ctx._("Assessment takes place only in pilot enterprises; the employer is not "
                    "one."), "一（一）")


def _fraud(ctx: Ctx, values: dict[str, Any]) -> None:
    """Fraud cancels that year's assessment and bars the next five years (四（三）)."""
    if not ctx.has("fraud_year"):
        ctx.need("fraud_year")
        return
    year = ctx.get("fraud_year")
    if year is None:
        ctx.check("fraud", True, ctx._("No record of fraud in an assessment."), "四（三）")
        return
    again = year + ctx.param("fraud_ban_years") + 1
    values["may_apply_again_from_year"] = again
    barred = year <= ctx.as_of.year < again
    ctx.check("fraud", not barred,
              ctx._("Fraud found in {year}: barred that year and the following five years, "
                    "so one may apply again from {again}.", year=year, again=again),
              "四（三）", value=year, limit=again)


def _routes(ctx: Ctx, values: dict[str, Any]) -> Tri:
    """Senior technician ≥5 years in the occupation, or a full-senior title (一（二）).
    Returns whether the basic conditions are met (None: not known yet)."""
    level, years = ctx.get("skill_level"), ctx.get("years_as_senior_technician")
    same = ctx.get("in_same_occupation")
    title, first_class = ctx.get("professional_title"), ctx.get("first_class_professional_qualification")
    minimum = ctx.param("min_years_as_senior_technician")
    level_ok = None if level is None else skill_rank(level) >= skill_rank("senior_technician")
    years_ok = None if years is None else years >= minimum
    title_ok = any3(None if title is None else title == "full_senior", first_class)
    skill_route = all3(level_ok, years_ok, same)
    title_route = all3(title_ok, same)
    basic = any3(skill_route, title_route)
    if basic is None:
        _need_route_facts(ctx, all3(level_ok, years_ok), title_ok, level_ok, years_ok)
        return None
    if basic is False:
        ctx.check("basic_conditions", False,
                  ctx._("Neither route is met: 5 years in a senior-technician post, or a "
                        "full-senior title or first-class professional qualification, each "
                        "while still working in that occupation or field."), "一（二）")
        return False
    if skill_route:
        values["route"] = "skill"
        ctx.check("basic_conditions", True,
                  ctx._("Senior technician for {years} years (at least {minimum}) and still in "
                        "the same occupation; the special-technician occupation must be the "
                        "same one.", years=years, minimum=minimum), "一（二）",
                  value=years, limit=minimum)
        return True
    values["route"] = "title"
    ctx.check("basic_conditions", True,
              ctx._("Holds a full-senior title or first-class professional qualification "
                    "matching the occupation and still works in that field."), "一（二）")
    return True


def _need_route_facts(ctx: Ctx, skill_core: Tri, title_ok: Tri, level_ok: Tri,
                      years_ok: Tri) -> None:
    """Ask only for what could still change the answer."""
    if skill_core is None and title_ok is not True:
        if level_ok is None:
            ctx.need("skill_level")
        if years_ok is None:
            ctx.need("years_as_senior_technician")
    if title_ok is None and skill_core is not True:
        ctx.need("professional_title", "first_class_professional_qualification")
    ctx.need("in_same_occupation")


def _priority(ctx: Ctx, basic: Tri) -> bool | None:
    """Priority applies only on top of the basic conditions (一（二）): honours of someone
    who does not meet them give no priority, and while they are unknown neither is it."""
    honors = ctx.get("honors")
    if honors is None or basic is None:
        return None
    if honors and basic is False:
        ctx.note("priority",
                 ctx._("The honours give priority only to applicants who meet one of the basic "
                       "conditions, so they do not help here."), "一（二）")
        return False
    if honors:
        ctx.note("priority",
                 ctx._("Holds {n} of the honours that give priority (on top of the basic "
                       "conditions, which are met).", n=len(honors)), "一（二）")
    return bool(honors)


@program(
    id="jiangsu.special_technician.pilot_enterprise",
    policy=POLICY,
    title_zh="江苏省特级技师评聘试点企业申报",
    title_en="Jiangsu special technician pilot: may the enterprise apply?",
    facts=[FactSpec("above_scale", "bool"), FactSpec("has_run_senior_technician_assessment", "bool"),
           FactSpec("senior_technicians", "int", minimum=0)],
    roles=("employer",),
    topic="evaluation",
)
def pilot_enterprise(ctx: Ctx) -> Decision:
    """一（一）: above-scale, has assessed senior technicians, has some senior technicians."""
    texts = {
        "above_scale": ctx._("Above-scale enterprise (statistical definition)."),
        "has_run_senior_technician_assessment":
            ctx._("Has run senior-technician qualification or skill-level assessment before."),
    }
    for key, text in texts.items():
        if ctx.has(key):
            ctx.check(key, ctx.get(key), text, "一（一）")
        else:
            ctx.need(key)
    count = ctx.get("senior_technicians")
    if count is None:
        ctx.need("senior_technicians")
    else:
        ctx.check("senior_technicians", count > 0,
                  ctx._("Has {count} senior technicians; the scheme asks for \"a certain "
                        "number\" without giving a figure.", count=count),
                  "一（一）", value=count)
    if any(not r.passed for r in ctx.reasons):
        return ctx.decide("ineligible")
    if ctx.missing:
        return ctx.decide("needs_info")
    lo, hi = ctx.param("pilot_enterprises_per_city_min"), ctx.param("pilot_enterprises_per_city_max")
    ctx.note("recommendation",
             ctx._("Cities recommend {lo} to {hi} pilot enterprises each, and the provincial "
                   "centre reviews the enterprise's scheme.", lo=lo, hi=hi), "一（一）")
    return ctx.decide("conditional", values={"pilots_per_city_min": lo, "pilots_per_city_max": hi})
