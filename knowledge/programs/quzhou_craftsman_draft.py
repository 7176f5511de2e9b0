"""关于新时代衢州工匠培育工程的实施办法（征求意见稿）: measures paid to people, and helpers.

The document is a consultation draft, so every decision carries policy_status "draft"
(added by Ctx.decide). Outcome order in every rule: a failed condition → ineligible;
else a missing fact that changes the answer → needs_info; else a selection or rating the
project cannot check → conditional; else eligible. Amounts are the draft's parameters.
"""

from __future__ import annotations

from fractions import Fraction

from knowledge.core import SKILL_LEVELS, Ctx, Decision, FactSpec, program, skill_rank

POLICY = "quzhou-craftsman-draft"
TITLES = ("quzhou_great_craftsman", "quzhou_outstanding_craftsman", "quzhou_craftsman",
          "quzhou_youth_craftsman")
COMPETITIONS = ("worldskills", "national", "zhejiang")
RESULTS = ("gold", "silver", "bronze", "excellence")
LEVELS = ("city", "provincial", "national")
EMPLOYER_TYPES = ("enterprise", "institution", "other")
# The territorial condition of the city's measures: a person who works in Quzhou, or a unit
# registered there (the measures are Quzhou's own, e.g. 我市选手 in 二（二）6).
IN_QUZHOU = FactSpec("in_quzhou", "bool")


def N_(msgid: str) -> str:
    """Mark a message id for extraction; translated later with ctx._."""
    return msgid


TITLE_NAMES = {
    "quzhou_great_craftsman": N_("Quzhou Great Craftsman"),
    "quzhou_outstanding_craftsman": N_("Quzhou Outstanding Craftsman"),
    "quzhou_craftsman": N_("Quzhou Craftsman"),
    "quzhou_youth_craftsman": N_("Quzhou Youth Craftsman"),
}
LEVEL_NAMES = {"city": N_("city level"), "provincial": N_("provincial level"),
               "national": N_("national level")}
RESULT_NAMES = {"gold": N_("gold"), "silver": N_("silver"), "bronze": N_("bronze"),
                "excellence": N_("excellence award")}
COMPETITION_NAMES = {"worldskills": N_("WorldSkills Competition"),
                     "national": N_("National Vocational Skills Competition of the PRC")}


def cny(amount: int) -> str:
    return f"{amount:,}"


def verdict(ctx: Ctx, ok: str = "eligible") -> str:
    """ineligible if any condition failed, needs_info if a deciding fact is missing."""
    if any(not r.passed for r in ctx.reasons):
        return "ineligible"
    if ctx.missing:
        return "needs_info"
    return ok


def in_quzhou(ctx: Ctx, article: str, unit: bool = False) -> bool | None:
    """The territorial condition, asked first: False ends the check (ineligible)."""
    if unit:
        return ctx.yes_no("in_quzhou", article, ctx._("The unit is in Quzhou."),
                          ctx._("These are Quzhou's own measures, for units in Quzhou; this "
                                "unit is not in Quzhou."))
    return ctx.yes_no("in_quzhou", article, ctx._("Works in Quzhou."),
                      ctx._("These are Quzhou's own measures, for people working in Quzhou; "
                            "this person does not."))


def count(ctx: Ctx, name: str, text: str, article: str) -> int | None:
    """A positive count fact: None (and recorded as needed) when missing; 0 fails."""
    if not ctx.has(name):
        ctx.need(name)
        return None
    n = ctx.get(name)
    ctx.check(name, n > 0, ctx._(text, n=n), article, value=n, limit=1)
    return n


@program(id="quzhou.craftsman_award", policy=POLICY, title_zh="衢州工匠系列称号经费支持",
         title_en="Quzhou craftsman titles: one-time funding",
         facts=[FactSpec("titles", "list", TITLES)], roles=("worker",), topic="titles_medals")
def craftsman_award(ctx: Ctx) -> Decision:
    """二（一）2: 100k / 60k / 20k / 6k one-time; the highest title only (就高不重复)."""
    art = ctx.param_article("craftsman_award_cny")
    if (asked := ctx.require("titles")):
        return asked
    ctx.note("territory", ctx._("The titles are awarded by Quzhou itself, so holding one "
                                "settles the territorial condition."), art)
    titles, table = ctx.get("titles"), ctx.param("craftsman_award_cny")
    if not ctx.check("titles", bool(titles),
                     ctx._("Holds a Quzhou craftsman title (Great, Outstanding, Quzhou or "
                           "Youth Craftsman)."), art, value=titles):
        return ctx.decide("ineligible")
    best = max(titles, key=table.__getitem__)
    name, amount = ctx._(TITLE_NAMES[best]), table[best]
    ctx.note("amount", ctx._("{title}: one-time funding of {amount} yuan.", title=name,
                             amount=cny(amount)), art)
    if len(titles) > 1:
        ctx.note("highest_only", ctx._("Several titles are held: only the highest one, {title}, "
                                       "is paid; titles are not added up.", title=name), art)
    return ctx.decide("eligible", amount_cny=amount, payee="person", values={"title_paid": best})


@program(id="quzhou.study_exchange", policy=POLICY, title_zh="工匠人才研修交流资助",
         title_en="Study and exchange trips for skilled talent", facts=[IN_QUZHOU],
         roles=("worker",), topic="training_plan")
def study_exchange(ctx: Ctx) -> Decision:
    """二（一）3: about 50 of Quzhou's skilled people a year are sent; at most 20,000 yuan
    each."""
    art = ctx.param_article("study_exchange_max_cny")
    amount = ctx.param("study_exchange_max_cny")
    per_year = ctx.param("study_exchange_people_per_year")
    if in_quzhou(ctx, art) is not True:  # the amount is shown while the place is unknown
        outcome = verdict(ctx)
        return ctx.decide(outcome, amount_cny=amount if outcome == "needs_info" else None,
                          upper_bound=outcome == "needs_info", payee="person")
    ctx.note("selection", ctx._("The city selects about {n} people a year: Quzhou craftsmen, "
                                "leaders of skills master or model-worker innovation studios, "
                                "key teachers of vocational and technical colleges, senior "
                                "technicians and similar skilled people; being selected is "
                                "decided by the city.", n=per_year), art)
    ctx.note("amount", ctx._("Funding of at most {amount} yuan per person.", amount=cny(amount)),
             art)
    return ctx.decide("conditional", amount_cny=amount, upper_bound=True, payee="person",
                      values={"people_per_year": per_year})


@program(id="quzhou.competition_award", policy=POLICY, title_zh="技能竞赛获奖奖励",
         title_en="Awards for skills competition winners",
         facts=[IN_QUZHOU, FactSpec("competition", "enum", COMPETITIONS),
                FactSpec("result", "enum", RESULTS),
                FactSpec("organizer_award_cny", "money", minimum=0)],
         roles=("worker",), topic="competitions")
def competition_award(ctx: Ctx) -> Decision:
    """二（二）6: for contestants from Quzhou (我市选手) only: fixed awards for WorldSkills and
    the national contest; a Zhejiang contest prize matched 1:1."""
    art = ctx.param_article("worldskills_award_cny")
    if ctx.has("in_quzhou") and ctx.get("in_quzhou") is not True:
        ctx.check("in_quzhou", False, ctx._("The award is only for contestants from Quzhou "
                                            "(我市选手); this contestant is not."), art,
                  value=False, limit=True)
        return ctx.decide("ineligible")
    if ctx.get("in_quzhou") is True:
        ctx.check("in_quzhou", True, ctx._("A contestant from Quzhou (我市选手)."), art,
                  value=True, limit=True)
    else:
        ctx.need("in_quzhou")
    competition = ctx.get("competition")
    if competition is None:
        ctx.need("competition", "result")
        return ctx.decide("needs_info")
    if competition == "zhejiang":
        return _zhejiang_match(ctx)
    if (asked := ctx.require("result")):
        return asked
    result = ctx.get("result")
    param = "worldskills_award_cny" if competition == "worldskills" else \
        "national_competition_award_cny"
    amount = ctx.param(param)[result]
    ctx.note("amount", ctx._("{competition}, {result}: one-time award of {amount} yuan for a "
                             "contestant from Quzhou.", result=ctx._(RESULT_NAMES[result]),
                             competition=ctx._(COMPETITION_NAMES[competition]),
                             amount=cny(amount)), ctx.param_article(param))
    return ctx.decide(verdict(ctx), amount_cny=amount, payee="person")


def _zhejiang_match(ctx: Ctx) -> Decision:
    art = ctx.param_article("zhejiang_match_ratio")
    if (asked := ctx.require("organizer_award_cny")):
        return asked
    prize = ctx.get("organizer_award_cny")
    ratio = Fraction(str(ctx.param("zhejiang_match_ratio")))
    if not ctx.check("organizer_award", prize > 0,
                     ctx._("A prize from the organiser or a higher authority exists to be "
                           "matched (organiser's award: {amount} yuan).", amount=cny(prize)),
                     art, value=prize, limit=1):
        return ctx.decide("ineligible")
    amount = int(prize * ratio)
    ctx.note("amount", ctx._("Zhejiang competition prize matched one to one: {amount} yuan.",
                             amount=cny(amount)), art)
    return ctx.decide(verdict(ctx), amount_cny=amount, payee="person",
                      values={"organizer_award_cny": prize, "match_ratio": float(ratio)})


@program(id="quzhou.technician_allowance", policy=POLICY, title_zh="技师（高级技师）人才津贴",
         title_en="Technician and senior technician allowance",
         facts=[IN_QUZHOU, FactSpec("skill_level", "enum", SKILL_LEVELS),
                FactSpec("employer_type", "enum", EMPLOYER_TYPES),
                FactSpec("shortage_occupation", "bool"), FactSpec("frontline_matching_post", "bool")],
         roles=("worker",), topic="allowances", annual=True)
def technician_allowance(ctx: Ctx) -> Decision:
    """二（四）13: senior technician 10,000, technician 5,000 per person per year, for
    front-line posts matching a shortage occupation in enterprises or public institutions."""
    art = ctx.param_article("technician_allowance_cny")
    if in_quzhou(ctx, art) is False:
        return ctx.decide("ineligible")
    judgement = _allowance_level(ctx, art)
    _allowance_post(ctx, art)
    outcome = verdict(ctx, "conditional" if judgement else "eligible")
    if outcome in ("ineligible", "needs_info"):
        return ctx.decide(outcome)
    table = ctx.param("technician_allowance_cny")
    level = ctx.get("skill_level")
    per_year = table["technician" if level == "technician" else "senior_technician"]
    ctx.note("amount", ctx._("{amount} yuan per person per year; the draft sets no end date, so "
                             "the total depends on how many years the conditions hold.",
                             amount=cny(per_year)), art)
    return ctx.decide(outcome, amount_cny=None, amount_per_year_cny=per_year, payee="person")


def _allowance_level(ctx: Ctx, art: str) -> bool:
    """Technician or senior technician; True when the level needs a judgement."""
    level = ctx.get("skill_level")
    if level is None:
        ctx.need("skill_level")
        return False
    if level in ("technician", "senior_technician"):
        ctx.check("skill_level", True, ctx._("Skill level is technician or senior technician."),
                  art, value=level)
        return False
    if skill_rank(level) < skill_rank("technician"):
        ctx.check("skill_level", False, ctx._("Only technicians and senior technicians receive "
                                              "the allowance."), art, value=level,
                  limit="technician")
        return False
    ctx.check("skill_level", True,
              ctx._("The draft names only technicians and senior technicians; whether a higher "
                    "title counts as senior technician is for the city to decide."),
              art, value=level)
    return True


def _allowance_post(ctx: Ctx, art: str) -> None:
    employer = ctx.get("employer_type")
    if employer is None:
        ctx.need("employer_type")
    else:
        ctx.check("employer_type", employer != "other",
                  ctx._("Works at an enterprise or a public institution."), art, value=employer)
    for name, text in (
        ("shortage_occupation", N_("The occupation is on the shortage list.")),
        ("frontline_matching_post", N_("Works in a front-line post matching that occupation.")),
    ):
        if not ctx.has(name):
            ctx.need(name)
        else:
            ctx.check(name, ctx.get(name), ctx._(text), art, value=ctx.get(name), limit=True)
