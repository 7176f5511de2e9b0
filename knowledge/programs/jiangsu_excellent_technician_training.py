"""江苏省卓越技师培育计划: the numeric rules of running the training.

Completion (第二十一条), grade quotas (第二十条), use of the funding (第十条) and deferral
(第二十四条). Kept apart from the admission rules in jiangsu_excellent.py.
"""

from __future__ import annotations

import math
from fractions import Fraction

from knowledge.core import Ctx, Decision, FactSpec, RulesInputError, program
from knowledge.programs.jiangsu_excellent_technician import POLICY, ratio


@program(
    id="jiangsu.excellent_technician.completion",
    policy=POLICY,
    title_zh="卓越技师培育：学分学时达标（不足70%直接不合格）",
    title_en="Excellent technician plan: credits and hours (below 70% fails)",
    facts=[FactSpec("attendance_ratio", "ratio", minimum=0, maximum=1)],
    roles=("worker", "training_unit"),
    topic="training_plan",
)
def completion(ctx: Ctx) -> Decision:
    """第二十一条: under 70% of the year's credits or hours is an automatic fail."""
    share = ctx.get("attendance_ratio")
    if share is None:
        ctx.need("attendance_ratio")
        return ctx.decide("needs_info")
    minimum = ctx.param("min_attendance_ratio")
    values = {"min_attendance_ratio": minimum}
    if not ctx.check("attendance_ratio", ratio(share) >= ratio(minimum),
                     ctx._("{share:.1%} of the year's credits and hours completed; below "
                           "{minimum:.0%} the trainee fails automatically.",
                           share=share, minimum=minimum),
                     "第二十一条", value=share, limit=minimum):
        values["automatic_fail"] = True
        return ctx.decide("ineligible", values=values)
    ctx.note("final_grade",
             ctx._("Not failed automatically; the final grade comes from the training unit's "
                   "scoring of attendance, research report and conduct."), "第二十条")
    return ctx.decide("conditional", values=values)


@program(
    id="jiangsu.excellent_technician.grade_quota",
    policy=POLICY,
    title_zh="卓越技师培育：优秀、良好等次比例（各不超过30%）",
    title_en="Excellent technician plan: share of excellent and good grades (30% each)",
    facts=[FactSpec("trainees", "int", minimum=1), FactSpec("excellent", "int", minimum=0),
           FactSpec("good", "int", minimum=0)],
    roles=("training_unit",),
    topic="training_plan",
)
def grade_quota(ctx: Ctx) -> Decision:
    """第二十条: excellent and good each at most 30% of the trainees."""
    n = ctx.get("trainees")
    if n is None:
        ctx.need("trainees", "excellent", "good")
        return ctx.decide("needs_info")
    share = ctx.param("grade_share_max")
    cap = math.floor(ratio(share) * n)
    values = {"excellent_max": cap, "good_max": cap}
    given = {k: ctx.get(k) for k in ("excellent", "good") if ctx.get(k) is not None}
    if sum(given.values()) > n:
        raise RulesInputError("inconsistent_facts", "excellent + good exceeds trainees",
                              "facts.good")
    texts = {
        "excellent": ctx._("{count} of {n} graded excellent; at most {cap} ({share:.0%}).",
                           count=given.get("excellent"), n=n, cap=cap, share=share),
        "good": ctx._("{count} of {n} graded good; at most {cap} ({share:.0%}).",
                      count=given.get("good"), n=n, cap=cap, share=share),
    }
    for key, count in given.items():
        ctx.check(key, count <= cap, texts[key], "第二十条", value=count, limit=cap)
    if any(not r.passed for r in ctx.reasons):
        return ctx.decide("ineligible", values=values)
    ctx.need("excellent", "good")
    if ctx.missing:
        return ctx.decide("needs_info", values=values)
    return ctx.decide("eligible", values=values)


@program(
    id="jiangsu.excellent_technician.funding_use",
    policy=POLICY,
    title_zh="卓越技师培育：补助经费支出比例（教学耗材不低于80%）",
    title_en="Excellent technician plan: spending shares (teaching at least 80%)",
    facts=[FactSpec("teaching_cny", "money", minimum=0), FactSpec("other_cny", "money", minimum=0)],
    roles=("training_unit",),
    topic="training_plan",
)
def funding_use(ctx: Ctx) -> Decision:
    """第十条: teaching and consumables ≥ 80% of the spending, travel/meals/lodging ≤ 20%."""
    ctx.need("teaching_cny", "other_cny")
    if ctx.missing:
        return ctx.decide("needs_info")
    teaching, other = ctx.get("teaching_cny"), ctx.get("other_cny")
    low, high = ctx.param("teaching_share_min"), ctx.param("other_share_max")
    total = teaching + other
    values = {"total_cny": total,
              "other_max_cny": math.floor(teaching * ratio(high) / ratio(low))}
    if total == 0:
        ctx.note("teaching_share", ctx._("Nothing spent yet, so no share is exceeded."), "第十条")
        return ctx.decide("eligible", values=values)
    share = Fraction(teaching, total)
    values["teaching_share"] = round(float(share), 4)
    ctx.check("teaching_share", share >= ratio(low),
              ctx._("Teaching and training consumables are {share:.1%} of the spending; at "
                    "least {low:.0%} is required.", share=float(share), low=low),
              "第十条", value=values["teaching_share"], limit=low)
    ctx.check("other_share", 1 - share <= ratio(high),
              ctx._("Travel, meals and lodging are {share:.1%} of the spending; at most "
                    "{high:.0%} is allowed (meals in the training unit's canteen only, travel "
                    "and lodging only for trainees from elsewhere).",
                    share=float(1 - share), high=high),
              "第十条", value=round(float(1 - share), 4), limit=high)
    ok = all(r.passed for r in ctx.reasons)
    return ctx.decide("eligible" if ok else "ineligible", values=values)


@program(
    id="jiangsu.excellent_technician.deferral",
    policy=POLICY,
    title_zh="卓越技师培育：申请延期（最多一次）",
    title_en="Excellent technician plan: deferral (at most once)",
    facts=[FactSpec("previous_deferrals", "int", minimum=0)],
    roles=("worker",),
    topic="training_plan",
)
def deferral(ctx: Ctx) -> Decision:
    """第二十四条: one deferral to the next year per person; credits do not carry over."""
    used = ctx.get("previous_deferrals")
    if used is None:
        ctx.need("previous_deferrals")
        return ctx.decide("needs_info")
    limit = ctx.param("max_deferrals")
    ok = ctx.check("previous_deferrals", used < limit,
                   ctx._("Deferrals already used: {used}; each person may defer at most "
                         "{limit} time(s).", used=used, limit=limit),
                   "第二十四条", value=used, limit=limit)
    if ok:
        ctx.note("carry_over",
                 ctx._("A deferral is for work, family or health reasons; hours and credits "
                       "of the two years are not added together."), "第二十四条")
    return ctx.decide("eligible" if ok else "ineligible",
                      values={"deferrals_left": max(0, limit - used)})
