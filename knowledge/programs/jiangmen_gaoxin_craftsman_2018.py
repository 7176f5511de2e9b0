"""江高办〔2018〕58号 “高新工匠”培育实施方案（2018-2020年）: the scheme's grants.

The scheme expired after 2020-12-31. Outcomes are still judged under its own terms (a
bot can say "under this scheme you would have received ..."); Ctx.decide reports the
expiry in policy_status and warnings. Most grants follow a district recognition, ranking
or approval that this project cannot check: those decisions are conditional.
"""

from __future__ import annotations

from knowledge.core import SKILL_LEVELS, UNSURE, Ctx, Decision, FactSpec, program, skill_rank
from knowledge.programs.quzhou_craftsman_draft import RESULTS, cny, verdict

POLICY = "jiangmen-gaoxin-craftsman-2018"
GRADES = (1, 2, 3)
SIZES = ("large", "medium", "small", "micro", UNSURE)
BUREAU = ("江门高新区（江海区）社会事务局", "the Social Affairs Bureau of the Jiangmen High-tech Zone "
          "(Jianghai District)")
# The territorial condition: the scheme is the zone's own (二: 区内; 二（三）4: 以本区企事业单位名义).
IN_ZONE = FactSpec("in_jiangmen_high_tech_zone", "bool")
ENTERPRISE_SIZE = FactSpec(
    "enterprise_size", "enum", SIZES, unsure=True,
    explain=("本方案只写了支持“大中型企业”，没有给出大、中、小、微型企业的划分标准。",
             "The scheme supports \"large and medium enterprises\" without saying how "
             "enterprise size is measured."),
    decided_by=BUREAU)
HIRED_FROM_OUTSIDE = FactSpec("hired_from_outside_city", "bool")
ON_SCARCE_LIST = FactSpec(
    "on_scarce_skills_list", "bool", unsure=True,
    explain=("岗位所属职业（工种）须在本区“急需紧缺高技能人才目录”内；目录由区里建立，不在本方案中。",
             "The occupation must be on the district's list of urgently needed high-skill "
             "talent, which the district keeps; the list is not part of this scheme."),
    decided_by=BUREAU)
JIANGMEN_CHIEF = FactSpec(
    "jiangmen_chief_technician", "bool", unsure=True,
    explain=("须是按江门市企业首席技师制度（江人社发〔2018〕95号）产生的企业首席技师；该制度的条件不在本方案中。",
             "Must be an enterprise chief technician under Jiangmen's chief technician system "
             "(江人社发〔2018〕95号); its conditions are not in this scheme."),
    decided_by=("所在企业（推荐）和江门高新区（江海区）社会事务局（评审）",
                "the employer (which nominates) and the Social Affairs Bureau of the Jiangmen "
                "High-tech Zone (which reviews)"))


def in_zone(ctx: Ctx, article: str, person: bool = False) -> bool | None:
    """The territorial condition, asked first: False ends the check (ineligible)."""
    if person:
        return ctx.yes_no("in_jiangmen_high_tech_zone", article,
                          ctx._("Competes for or works at an employer in the Jiangmen High-tech "
                                "Zone (Jianghai District)."),
                          ctx._("The scheme is the Jiangmen High-tech Zone's own, for people of "
                                "employers in the zone; this person's employer is not there."))
    return ctx.yes_no("in_jiangmen_high_tech_zone", article,
                      ctx._("The unit is in the Jiangmen High-tech Zone (Jianghai District)."),
                      ctx._("The scheme is the Jiangmen High-tech Zone's own, for units in the "
                            "zone; this unit is not there."))


@program(id="jiangmen.training_base", policy=POLICY, title_zh="区级高技能人才培训基地资助",
         title_en="District high-skill training base grant (Jiangmen High-tech Zone)",
         facts=[IN_ZONE], roles=("employer", "training_unit"), topic="studios_bases")
def training_base(ctx: Ctx) -> Decision:
    """二（一）: 100,000 yuan for a unit in the zone recognised as a district training base."""
    art = ctx.param_article("training_base_cny")
    if in_zone(ctx, art) is not True:
        return ctx.decide(verdict(ctx))
    amount = ctx.param("training_base_cny")
    ctx.note("recognition", ctx._("Paid once the unit is recognised as a district high-skill "
                                  "training base; recognition is decided by the district."), art)
    ctx.note("amount", ctx._("{amount} yuan per recognised base.", amount=cny(amount)), art)
    return ctx.decide("conditional", amount_cny=amount, payee="training_unit")


@program(id="jiangmen.skills_master_studio", policy=POLICY, title_zh="区级技能大师工作室资助",
         title_en="District skills master studio grant (Jiangmen High-tech Zone)",
         facts=[IN_ZONE, FactSpec("leader_skill_level", "enum", SKILL_LEVELS)],
         roles=("employer",), topic="studios_bases")
def skills_master_studio(ctx: Ctx) -> Decision:
    """二（二）: 50,000 yuan for a recognised studio in the zone led by a senior technician
    or above."""
    art = ctx.param_article("skills_master_studio_cny")
    if in_zone(ctx, art) is False:
        return ctx.decide("ineligible")
    level = ctx.get("leader_skill_level")
    if level is None:
        ctx.need("leader_skill_level")
        return ctx.decide("needs_info")
    floor = ctx.param("studio_leader_min_level")
    if not ctx.check("leader_skill_level", skill_rank(level) >= skill_rank(floor),
                     ctx._("The studio is led by a senior technician or above."),
                     ctx.param_article("studio_leader_min_level"), value=level, limit=floor):
        return ctx.decide("ineligible")
    amount = ctx.param("skills_master_studio_cny")
    ctx.note("recognition", ctx._("The district also checks apprentice training, premises and "
                                  "equipment, funding and management before recognising the "
                                  "studio."), art)
    ctx.note("amount", ctx._("{amount} yuan per recognised studio.", amount=cny(amount)), art)
    return ctx.decide(verdict(ctx, "conditional"), amount_cny=amount, payee="employer")


def _no_double(ctx: Ctx) -> None:
    ctx.note("no_double", ctx._("The same project cannot receive both the in-house assessment "
                                "grant and a training project grant."), "二（三）2")


@program(id="jiangmen.self_evaluation", policy=POLICY, title_zh="企业技能人才自主评价补贴",
         title_en="In-house skill assessment grant (Jiangmen High-tech Zone)",
         facts=[IN_ZONE, ENTERPRISE_SIZE, FactSpec("certified_high_skill", "int", minimum=0)],
         roles=("employer",), topic="evaluation")
def self_evaluation(ctx: Ctx) -> Decision:
    """二（三）1: for large and medium enterprises in the zone, 30,000 yuan for every full
    30 certified high-skill workers, if the assessment is judged clearly effective
    (效果显著); 二（三）2: not combined."""
    art = ctx.param_article("self_evaluation_per_batch_cny")
    if in_zone(ctx, art) is False:
        return ctx.decide("ineligible")
    size = ctx.get("enterprise_size")
    if size is None:
        ctx.need("enterprise_size")
    elif size == UNSURE:
        ctx.unconfirmed("enterprise_size", art)
    elif not ctx.check("enterprise_size", size in ("large", "medium"),
                       ctx._("The support is for large and medium enterprises."), art,
                       value=size, limit="medium"):
        return ctx.decide("ineligible")
    if (asked := ctx.require("certified_high_skill")):
        return asked
    n, size = ctx.get("certified_high_skill"), ctx.param("self_evaluation_batch_size")
    batches = n // size
    if not ctx.check("certified_high_skill", batches >= 1,
                     ctx._("{n} high-skill workers trained and certified; the grant counts each "
                           "full group of {size}.", n=n, size=size),
                     ctx.param_article("self_evaluation_batch_size"), value=n, limit=size):
        return ctx.decide("ineligible", values={"full_batches": 0})
    per = ctx.param("self_evaluation_per_batch_cny")
    ctx.note("amount", ctx._("{batches} full group(s) of {size} x {per} yuan = {amount} yuan.",
                             batches=batches, size=size, per=cny(per),
                             amount=cny(batches * per)), art)
    ctx.note("judgement", ctx._("Paid only if the district judges the assessment clearly "
                                "effective."), art)
    _no_double(ctx)
    return ctx.decide(verdict(ctx, "conditional"), amount_cny=batches * per, payee="employer",
                      values={"full_batches": batches})


@program(id="jiangmen.training_project", policy=POLICY, title_zh="高技能人才培养项目分级资助",
         title_en="Graded high-skill training project grants (Jiangmen High-tech Zone)",
         facts=[IN_ZONE, FactSpec("grade", "enum", GRADES), FactSpec("studio_project", "bool")],
         roles=("employer", "training_unit"), topic="training_plan")
def training_project(ctx: Ctx) -> Decision:
    """二（三）2: grade 1/2/3 = 100,000/70,000/50,000 within yearly quotas 1/2/3 (6 in all);
    studio projects 50,000 each, at most 3 a year. Ranked competitively → conditional."""
    art = ctx.param_article("training_project_grade_cny")
    if in_zone(ctx, art) is False:
        return ctx.decide("ineligible")
    if ctx.get("studio_project"):
        amount, quota = ctx.param("studio_project_cny"), ctx.param("studio_project_quota")
        ctx.note("amount", ctx._("Skills master studio training project: {amount} yuan each, at "
                                 "most {quota} projects a year.", amount=cny(amount),
                                 quota=quota), art)
        values = {"quota": quota}
        payee = "employer"
    elif ctx.has("grade"):
        grade = ctx.get("grade")
        amount = ctx.param("training_project_grade_cny")[grade]
        quota = ctx.param("training_project_grade_quota")[grade]
        total = ctx.param("training_project_total_quota")
        ctx.note("amount", ctx._("Grade {grade} project: {amount} yuan each, at most {quota} a "
                                 "year ({total} graded projects a year in all).", grade=grade,
                                 amount=cny(amount), quota=quota, total=total), art)
        values = {"quota": quota, "total_quota": total}
        payee = "training_unit"
    else:
        ctx.need("grade")
        if not ctx.has("studio_project"):
            ctx.need("studio_project")
        return ctx.decide("needs_info")
    ctx.note("ranking", ctx._("Projects are evaluated and ranked, and only those within the "
                              "yearly places are funded."), art)
    _no_double(ctx)
    return ctx.decide(verdict(ctx, "conditional"), amount_cny=amount, payee=payee,
                      values=values)


@program(id="jiangmen.talent_introduction", policy=POLICY, title_zh="引进高技能人才补贴",
         title_en="Grant for recruiting technicians (Jiangmen High-tech Zone)",
         facts=[IN_ZONE, FactSpec("senior_technicians", "int", minimum=0),
                FactSpec("technicians", "int", minimum=0), FactSpec("served_full_year", "bool"),
                HIRED_FROM_OUTSIDE, ON_SCARCE_LIST],
         roles=("employer",), topic="recruiting")
def talent_introduction(ctx: Ctx) -> Decision:
    """二（三）3: per hire from outside the city or from another country, in an occupation
    on the district's list of urgently needed skills, after a full year of service: 10,000
    yuan per senior technician, 5,000 per technician, paid to the employer."""
    art = ctx.param_article("talent_introduction_cny")
    if in_zone(ctx, art) is False:
        return ctx.decide("ineligible")
    ctx.yes_no("hired_from_outside_city", art,
               ctx._("Hired from outside Jiangmen or from another country."),
               ctx._("Only hires from outside Jiangmen or from another country count; these "
                     "were hired within the city."))
    ctx.yes_no("on_scarce_skills_list", art,
               ctx._("The occupation is on the district's list of urgently needed high-skill "
                     "talent."),
               ctx._("The occupation is not on the district's list of urgently needed "
                     "high-skill talent."))
    st, t = ctx.get("senior_technicians"), ctx.get("technicians")
    if st is not None and t is not None:
        ctx.check("hires", st + t > 0,
                  ctx._("Recruited {st} senior technician(s) and {t} technician(s).", st=st, t=t),
                  art, value=st + t, limit=1)
    served = ctx.get("served_full_year")
    if served is None:
        ctx.need("served_full_year")
    else:
        ctx.check("served_full_year", served,
                  ctx._("The recruited staff have served a full year."),
                  ctx.param_article("talent_introduction_service_years"), value=served,
                  limit=True)
    ctx.need("senior_technicians", "technicians")  # records only those not given
    if verdict(ctx) != "eligible":
        return ctx.decide(verdict(ctx))
    rates = ctx.param("talent_introduction_cny")
    amount = st * rates["senior_technician"] + t * rates["technician"]
    ctx.note("amount", ctx._("{st} x {a} yuan + {t} x {b} yuan = {amount} yuan.", st=st,
                             a=cny(rates["senior_technician"]), t=t, b=cny(rates["technician"]),
                             amount=cny(amount)), art)
    return ctx.decide("eligible", amount_cny=amount, payee="employer")


@program(id="jiangmen.competition_hosting", policy=POLICY, title_zh="举办职业技能竞赛资助",
         title_en="Grant for hosting a skills competition (Jiangmen High-tech Zone)",
         facts=[IN_ZONE, FactSpec("budget_cny", "money", minimum=0)], roles=("employer",),
         topic="hosting")
def competition_hosting(ctx: Ctx) -> Decision:
    """二（三）4: half of the organising budget, at most 50,000 yuan, with the bureau's consent."""
    art = ctx.param_article("competition_hosting_ratio")
    if in_zone(ctx, art) is False:
        return ctx.decide("ineligible")
    if (asked := ctx.require("budget_cny")):
        return asked
    budget = ctx.get("budget_cny")
    if not ctx.check("budget", budget > 0, ctx._("Organising budget: {amount} yuan.",
                                                 amount=cny(budget)), art, value=budget, limit=1):
        return ctx.decide("ineligible")
    half = int(budget * ctx.param("competition_hosting_ratio"))
    cap = ctx.param("competition_hosting_cap_cny")
    amount = min(half, cap)
    ctx.check("cap", True, ctx._("Half of the budget is {half} yuan; the grant is at most {cap} "
                                 "yuan.", half=cny(half), cap=cny(cap)),
              ctx.param_article("competition_hosting_cap_cny"), value=half, limit=cap)
    ctx.note("consent", ctx._("The organiser applies and the social affairs bureau must agree."),
             art)
    return ctx.decide(verdict(ctx, "conditional"), amount_cny=amount, upper_bound=True,
                      payee="organizer")


@program(id="jiangmen.competition_medal", policy=POLICY, title_zh="技能竞赛获奖激励",
         title_en="Incentive for competition medallists (Jiangmen High-tech Zone)",
         facts=[IN_ZONE, FactSpec("result", "enum", RESULTS)], roles=("worker",),
         topic="competitions")
def competition_medal(ctx: Ctx) -> Decision:
    """二（三）4: medallists competing for a unit of the zone and their coaching teams get
    "some" incentive; no figure is given, so every result gives the same answer and the
    result is not required."""
    art = "二（三）4"
    if in_zone(ctx, art, person=True) is not True:
        return ctx.decide(verdict(ctx))
    ctx.note("scope", ctx._("Gold, silver, bronze or excellence at a provincial, national or "
                            "world skills competition, competing for an employer in the zone; "
                            "coaching teams are included."), art)
    ctx.note("amount", ctx._("The scheme promises an incentive but does not state the amount."),
             art)
    return ctx.decide("conditional", amount_cny=None, payee="person",
                      values={"result": ctx.get("result")} if ctx.has("result") else {})


@program(id="jiangmen.gaoxin_craftsman", policy=POLICY, title_zh="“高新工匠”一次性资助",
         title_en="Gaoxin Craftsman title: one-time grant", facts=[IN_ZONE, JIANGMEN_CHIEF],
         roles=("worker",), topic="titles_medals")
def gaoxin_craftsman(ctx: Ctx) -> Decision:
    """二（四）: up to 10 enterprise chief technicians of the zone's enterprises a year,
    20,000 yuan each, one-time."""
    art = ctx.param_article("gaoxin_craftsman_cny")
    if in_zone(ctx, art, person=True) is False:
        return ctx.decide("ineligible")
    ctx.yes_no("jiangmen_chief_technician", art,
               ctx._("Is an enterprise chief technician."),
               ctx._("Only enterprise chief technicians can be named Gaoxin Craftsmen."))
    amount, quota = ctx.param("gaoxin_craftsman_cny"), ctx.param("gaoxin_craftsman_quota")
    if verdict(ctx) != "eligible":  # the amount is shown while a fact is still asked
        outcome = verdict(ctx)
        return ctx.decide(outcome, amount_cny=amount if outcome == "needs_info" else None,
                          payee="person" if outcome == "needs_info" else None)
    ctx.note("selection", ctx._("Enterprise chief technicians with outstanding front-line "
                                "results are nominated by their employer; at most {quota} are "
                                "named a year.", quota=quota), art)
    ctx.note("amount", ctx._("One-time grant of {amount} yuan per person.", amount=cny(amount)),
             art)
    return ctx.decide("conditional", amount_cny=amount, payee="person",
                      values={"quota_per_year": quota})
