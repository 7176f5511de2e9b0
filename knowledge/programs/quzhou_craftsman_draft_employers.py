"""关于新时代衢州工匠培育工程的实施办法（征求意见稿）: measures paid to employers and units.

Competition bases and squads, hosting, certification demo enterprises, studios, public
training bases and the recruitment uplift. Helpers and the outcome order are shared with
knowledge/programs/quzhou_craftsman_draft.py (worker-facing measures).
"""

from __future__ import annotations

from fractions import Fraction

from knowledge.core import SKILL_LEVELS, Ctx, Decision, FactSpec, program, skill_rank
from knowledge.programs.quzhou_craftsman_draft import (
    IN_QUZHOU,
    LEVEL_NAMES,
    LEVELS,
    N_,
    POLICY,
    cny,
    count,
    in_quzhou,
    verdict,
)

RECEIVES_RECRUITMENT_SUBSIDY = FactSpec(
    "receives_recruitment_subsidy", "bool", unsure=True,
    explain=("招工补助由衢州民营企业招工服务的相关政策规定（享受范围和金额都不在本办法里），上浮30%只加在这项补助上。",
             "The recruitment subsidy comes from Quzhou's separate policy on hiring services "
             "for private employers (who qualifies and how much is not in these measures); "
             "the 30% uplift is added only to it."),
    decided_by=("衢州市人力社保局（本条的责任单位之一）",
                "the Quzhou Human Resources and Social Security Bureau (one of the units "
                "responsible for this measure)"))


@program(id="quzhou.worldskills_training_base", policy=POLICY,
         title_zh="世界技能大赛国家级集训基地补助",
         title_en="WorldSkills national training base grant",
         facts=[IN_QUZHOU, FactSpec("projects", "int", minimum=0)],
         roles=("employer", "training_unit"), topic="competitions")
def worldskills_training_base(ctx: Ctx) -> Decision:
    """二（二）6: 500,000 yuan per designated WorldSkills project, for a unit in Quzhou."""
    art = ctx.param_article("worldskills_training_base_per_project_cny")
    if in_quzhou(ctx, art, unit=True) is False:
        return ctx.decide("ineligible")
    n = count(ctx, "projects", N_("Designated national training base for {n} WorldSkills "
                                  "project(s)."), art)
    if n is None or n <= 0:
        return ctx.decide(verdict(ctx))
    per = ctx.param("worldskills_training_base_per_project_cny")
    ctx.note("amount", ctx._("{per} yuan per project x {n} = {amount} yuan.", per=cny(per), n=n,
                             amount=cny(per * n)), art)
    return ctx.decide(verdict(ctx), amount_cny=per * n, payee="training_unit")


@program(id="quzhou.worldskills_team_sponsor", policy=POLICY,
         title_zh="入选世赛国家集训队选送单位资助",
         title_en="Grant to units sending members to the WorldSkills national squad",
         facts=[IN_QUZHOU, FactSpec("members", "int", minimum=0)], roles=("employer",),
         topic="competitions")
def worldskills_team_sponsor(ctx: Ctx) -> Decision:
    """二（二）6: 100,000 yuan per squad member, paid to the sending unit in Quzhou."""
    art = ctx.param_article("worldskills_team_per_member_cny")
    if in_quzhou(ctx, art, unit=True) is False:
        return ctx.decide("ineligible")
    n = count(ctx, "members", N_("{n} member(s) selected for the WorldSkills national squad."),
              art)
    if n is None or n <= 0:
        return ctx.decide(verdict(ctx))
    per = ctx.param("worldskills_team_per_member_cny")
    ctx.note("amount", ctx._("{per} yuan per member x {n} = {amount} yuan, paid to the sending "
                             "unit.", per=cny(per), n=n, amount=cny(per * n)), art)
    return ctx.decide(verdict(ctx), amount_cny=per * n, payee="sending_unit")


@program(id="quzhou.competition_hosting", policy=POLICY, title_zh="举办职业技能竞赛补助",
         title_en="Grant for hosting a skills competition",
         facts=[FactSpec("occupations", "int", minimum=0), FactSpec("in_city_plan", "bool")],
         roles=("employer",), topic="hosting")
def competition_hosting(ctx: Ctx) -> Decision:
    """二（二）6: contests in the city's yearly plan; 10,000 per occupation, at most 50,000."""
    art = ctx.param_article("hosting_per_occupation_cny")
    if ctx.has("in_city_plan"):
        ctx.check("in_city_plan", ctx.get("in_city_plan"),
                  ctx._("The contest is listed in the city's yearly skills competition plan."),
                  art, value=ctx.get("in_city_plan"), limit=True)
    else:
        ctx.need("in_city_plan")
    if any(not r.passed for r in ctx.reasons):
        return ctx.decide("ineligible")
    n = count(ctx, "occupations", N_("The contest covers {n} occupation(s)."), art)
    if n is None or n <= 0 or ctx.missing:
        return ctx.decide(verdict(ctx))
    per, cap = ctx.param("hosting_per_occupation_cny"), ctx.param("hosting_cap_cny")
    amount = min(per * n, cap)
    # the cap limits the amount; it never disqualifies, so this reason always passes
    ctx.check("cap", True,
              ctx._("{per} yuan per occupation x {n} = {raw} yuan; the grant is capped at {cap} "
                    "yuan.", per=cny(per), n=n, raw=cny(per * n), cap=cny(cap)),
              ctx.param_article("hosting_cap_cny"), value=per * n, limit=cap)
    ctx.note("organizer", ctx._("The grant is for trade associations and enterprises that "
                                "organise the contest."), art)
    ctx.note("territory", ctx._("Only contests listed in Quzhou's own yearly plan qualify, so "
                                "the listing settles the territorial condition."), art)
    return ctx.decide("eligible", amount_cny=amount, payee="organizer",
                      values={"per_occupation_cny": per, "cap_cny": cap})


@program(id="quzhou.certification_demo_enterprise", policy=POLICY,
         title_zh="市级技能等级认定示范企业经费",
         title_en="City skill certification demonstration enterprise grant",
         facts=[], roles=("employer",), topic="evaluation")
def certification_demo_enterprise(ctx: Ctx) -> Decision:
    """二（二）7: 50,000 yuan for an enterprise rated a city demonstration enterprise."""
    art = ctx.param_article("certification_demo_enterprise_cny")
    amount = ctx.param("certification_demo_enterprise_cny")
    ctx.note("rating", ctx._("Paid once the enterprise is rated a city skill certification "
                             "demonstration enterprise; the rating is decided by the city."), art)
    ctx.note("amount", ctx._("{amount} yuan per enterprise.", amount=cny(amount)), art)
    ctx.note("territory", ctx._("The rating is Quzhou's own, so it settles the territorial "
                                "condition."), art)
    return ctx.decide("conditional", amount_cny=amount, payee="employer")


@program(id="quzhou.skills_master_studio", policy=POLICY, title_zh="技能大师工作室经费",
         title_en="Skills master studio grant",
         facts=[IN_QUZHOU, FactSpec("level", "enum", LEVELS)], roles=("employer",),
         topic="studios_bases")
def skills_master_studio(ctx: Ctx) -> Decision:
    """二（三）9: for a studio in Quzhou: city 50,000 (start-up), provincial 50,000,
    national 100,000."""
    art = ctx.param_article("skills_master_studio_cny")
    if in_quzhou(ctx, art, unit=True) is False:
        return ctx.decide("ineligible")
    if (asked := ctx.require("level")):
        return asked
    level = ctx.get("level")
    amount = ctx.param("skills_master_studio_cny")[level]
    ctx.note("amount", ctx._("Studio rated at {level}: {amount} yuan per studio.",
                             level=ctx._(LEVEL_NAMES[level]), amount=cny(amount)), art)
    return ctx.decide(verdict(ctx), amount_cny=amount, payee="employer", values={"level": level})


@program(id="quzhou.public_training_base", policy=POLICY, title_zh="高技能人才公共实训基地经费",
         title_en="Public training base grant",
         facts=[IN_QUZHOU, FactSpec("level", "enum", LEVELS),
                FactSpec("annual_trainees", "int", minimum=0)],
         roles=("employer", "training_unit"), topic="studios_bases")
def public_training_base(ctx: Ctx) -> Decision:
    """二（三）10: city base with more than 1000 trainee-times a year up to 200,000;
    provincial project 200,000; national project 500,000."""
    art = ctx.param_article("public_training_base_cny")
    if in_quzhou(ctx, art, unit=True) is False:
        return ctx.decide("ineligible")
    if (asked := ctx.require("level")):
        return asked
    level = ctx.get("level")
    amount = ctx.param("public_training_base_cny")[level]
    if level != "city":
        ctx.note("amount", ctx._("Listed as a {level} public training base project: {amount} "
                                 "yuan.", level=ctx._(LEVEL_NAMES[level]), amount=cny(amount)),
                 art)
        return ctx.decide(verdict(ctx), amount_cny=amount, payee="training_unit")
    if (asked := ctx.require("annual_trainees")):
        return asked
    n, floor = ctx.get("annual_trainees"), ctx.param("public_training_base_min_trainees")
    if not ctx.check("annual_trainees", n > floor,
                     ctx._("Trained {n} person-times in a year; a city base must train more than "
                           "{limit}.", n=n, limit=floor),
                     ctx.param_article("public_training_base_min_trainees"), value=n,
                     limit=floor):
        return ctx.decide("ineligible")
    ctx.note("amount", ctx._("City public training base: up to {amount} yuan.",
                             amount=cny(amount)), art)
    return ctx.decide(verdict(ctx), amount_cny=amount, upper_bound=True, payee="training_unit")



@program(id="quzhou.recruitment_uplift", policy=POLICY, title_zh="引进高级工以上招工补助上浮",
         title_en="Recruitment subsidy uplift for hiring senior workers and above",
         facts=[IN_QUZHOU, FactSpec("base_subsidy_cny", "money", minimum=0, nullable=True),
                FactSpec("hire_skill_level", "enum", SKILL_LEVELS),
                RECEIVES_RECRUITMENT_SUBSIDY],
         roles=("employer",), topic="recruiting")
def recruitment_uplift(ctx: Ctx) -> Decision:
    """二（一）4: the private-employer recruitment subsidy is raised by 30% for a hire at
    senior worker (高级工) level or above. The base subsidy comes from another policy:
    base_subsidy_cny null means "I don't know the amount"; then the answer is the 30% rule
    (after asking whether the subsidy is received at all), never the same question again."""
    art = ctx.param_article("recruitment_uplift_ratio")
    if in_quzhou(ctx, art, unit=True) is False:
        return ctx.decide("ineligible")
    if ctx.get("receives_recruitment_subsidy") is False:  # nothing to raise, whatever else
        _receives(ctx, art)
        return ctx.decide("ineligible")
    level = ctx.get("hire_skill_level")
    if level is None:
        ctx.need("hire_skill_level")
    else:
        ctx.check("hire_skill_level", skill_rank(level) >= skill_rank("senior_worker"),
                  ctx._("The hire is a senior worker (高级工) or above."), art, value=level,
                  limit="senior_worker")
    if not ctx.has("base_subsidy_cny"):
        ctx.need("base_subsidy_cny")
        return ctx.decide(verdict(ctx))
    base = ctx.get("base_subsidy_cny")
    ratio = Fraction(str(ctx.param("recruitment_uplift_ratio")))
    pct = int(ratio * 100)
    ctx.warn("external_criteria")
    if base is not None and ctx.get("receives_recruitment_subsidy") is not False:
        ctx.check("base_subsidy", base > 0,
                  ctx._("The employer receives the recruitment subsidy of the private-employer "
                        "hiring policy ({amount} yuan) that the uplift applies to.",
                        amount=cny(base)), art, value=base, limit=1)
        outcome = verdict(ctx)
        if outcome != "eligible":
            return ctx.decide(outcome)
        amount = int(base * (1 + ratio) + Fraction(1, 2))  # whole yuan, half rounds up
        ctx.note("amount", ctx._("Base subsidy {base} yuan raised by {pct}%: {amount} yuan in "
                                 "total.", base=cny(base), pct=pct, amount=cny(amount)), art)
        return ctx.decide("eligible", amount_cny=amount, payee="employer",
                          values={"base_subsidy_cny": base, "uplift_cny": amount - base})
    receives = _receives(ctx, art)
    outcome = verdict(ctx)
    if outcome != "eligible":
        return ctx.decide(outcome)
    if receives is True:
        ctx.note("amount_unknown",
                 ctx._("The base subsidy is not known here, so the total is {total} percent "
                       "of it (the base plus {pct} percent); give the base amount to get the "
                       "figure.", total=100 + pct, pct=pct), art)
    return ctx.decide("conditional" if receives is True else "eligible", payee="employer",
                      values={"uplift_ratio": float(ratio)})


def _receives(ctx: Ctx, art: str) -> object:
    return ctx.yes_no("receives_recruitment_subsidy", art,
                      ctx._("The employer receives the recruitment subsidy of the "
                            "private-employer hiring policy for this hire."),
                      ctx._("The uplift only raises the recruitment subsidy of the "
                            "private-employer hiring policy, which this employer does not "
                            "receive for the hire."))
