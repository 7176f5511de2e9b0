"""Next steps and the one-line status of a decision.

Called by Ctx.decide for every decision. The programme's own steps are data in its
policy YAML (knowledge.meta): who to go to, what to prepare, when, what happens after,
what one gets besides money, and the way forward after a failed condition, each with its
article. Here they are chosen by the policy's status and the outcome:

- not in force (expired, draft, not yet in force): one status step saying it cannot be
  applied for now (a draft also offers a reminder for the final text); no "apply" step;
- in force, eligible or conditional: the programme's steps, then one "confirm" step per
  fact answered "not sure"; "the document does not say" when it gives no apply step;
- in force, ineligible: the way forward for each failed condition, or "the document gives
  no other route";
- needs_info: nothing yet (the missing facts come first).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from knowledge.decision import Decision, NextStep
from knowledge.facts import pick
from knowledge.meta import document_meta, program_meta

if TYPE_CHECKING:
    from knowledge.context import Ctx


def _values(d: Decision) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in d.values.items()}


def day_text(day: dt.date | None, locale: str) -> str:
    """A date as people write it: 2020年12月31日 / 2020-12-31."""
    if day is None:
        return ""
    if locale.startswith("en"):
        return day.isoformat()
    return f"{day.year}年{day.month}月{day.day}日"


def status_text(ctx: Ctx, d: Decision) -> str:
    """One line on whether one can apply now, first in every answer."""
    pol, _ = ctx.policy, ctx._
    status = d.policy_status
    start = day_text(pol.valid_from, ctx.locale)
    if status == "expired":
        return _("Ended on {end}: nothing can be applied for under it now; the figures show "
                 "what it gave.", end=day_text(pol.valid_to, ctx.locale))
    if status == "draft":
        return _("Consultation draft, not in force: nothing can be applied for yet; the "
                 "figures are the draft's and may change.")
    if status == "not_yet_in_force":
        if not pol.valid_from_exact:
            return _("Not in force on {day}: its exact start is not known, but it cannot have "
                     "started before {start}.", day=day_text(d.as_of, ctx.locale), start=start)
        return _("Not yet in force on {day}: it starts on {start}.",
                 day=day_text(d.as_of, ctx.locale), start=start)
    if pol.effective_date_unknown and pol.valid_from and not pol.valid_from_exact:
        return _("In force (its exact start date is not known; not before {start}).",
                 start=start)
    return _("In force.")


def _status_steps(ctx: Ctx, d: Decision) -> list[NextStep]:
    doc = document_meta(ctx.policy.id)
    article = doc.get("validity_article")
    cite = ctx.cite(str(article)) if article else None
    steps = [NextStep("status", d.status_text, None, cite)]
    if d.policy_status == "draft":
        meta = program_meta(d.program)
        who = pick(meta.responsible, ctx.locale) if meta.responsible else None
        steps.append(NextStep("remind", ctx._("Ask to be reminded when the final text is "
                                              "published."), who, cite))
    return steps


def _programme_steps(ctx: Ctx, d: Decision) -> list[NextStep]:
    meta = program_meta(d.program)
    values = _values(d)
    out: list[NextStep] = []
    if d.outcome in ("eligible", "conditional"):
        for s in meta.steps:
            if d.outcome in s.on:
                out.append(NextStep(s.kind, s.text_in(ctx.locale, values),
                                    pick(s.who, ctx.locale) if s.who else None,
                                    ctx.cite(s.article) if s.article else None))
        for c in d.to_confirm:
            out.append(NextStep("confirm", ctx._("Have it confirmed by {who}: {what}",
                                                 who=c.who, what=c.text), c.who, c.citation))
        if d.program and not any(s.kind in ("apply", "prepare") for s in out):
            out.append(NextStep("silent", ctx._("The document does not say how or where to "
                                                "apply."), None, None))
    elif d.outcome == "ineligible":
        failed = [r for r in d.reasons if not r.passed]
        for r in failed:
            for s in meta.on_failed.get(r.key, ()):
                out.append(NextStep(s.kind, s.text_in(ctx.locale, values),
                                    pick(s.who, ctx.locale) if s.who else None,
                                    ctx.cite(s.article) if s.article else None))
        if not out:
            out.append(NextStep("silent", ctx._("The document gives no other route for this "
                                                "condition."), None,
                                failed[0].citation if failed else None))
    return out


def finish(ctx: Ctx, d: Decision) -> Decision:
    d.status_text = status_text(ctx, d)
    if d.policy_status != "in_force":
        d.next_steps = _status_steps(ctx, d)
    else:
        d.next_steps = _programme_steps(ctx, d) + list(ctx.steps)
    return d
