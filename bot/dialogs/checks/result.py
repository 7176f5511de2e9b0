"""A rules Decision as a chat message: outcome, amount, payee, conditions, status, next step.

`render(decision, env, title, policy_end)` returns the Reply (with "⏰ Remind me then" when
the decision says from which date the user qualifies again).
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import replace
from typing import Any

from bot.dialogs.engine.types import N_, Button, Env, Reply
from bot.dialogs.home.menu import menu_button
from bot.dialogs.reminders.codec import reminder_data
from knowledge.articles import article_label
from knowledge.meta import decides_money, short_name

OUTCOMES = {
    "eligible": N_("✅ <b>Eligible.</b>"),
    "ineligible": N_("❌ <b>Not eligible.</b>"),
    "conditional": N_("⚠️ <b>Eligible on conditions</b>: the points marked below still need "
                      "someone's judgement."),
    "needs_info": N_("❓ <b>Not decided yet</b>: I need more information."),
}
PAYEES = {
    "person": N_("you"),
    "employer": N_("your employer"),
    "training_unit": N_("the training institution that runs your course (承训单位), "
                        "not you in cash"),
    "sending_unit": N_("the unit that sends you"),
    "organizer": N_("the organiser"),
}
# Payees in programmes that only employers or training units ask about.
ORG_PAYEES = {
    "employer": N_("the employer"),
    "training_unit": N_("the training unit"),
    "sending_unit": N_("the unit that sent the squad members"),
}


def not_money(program: str) -> bool:
    """A programme that decides a rule, not money (no "amount not stated" line)."""
    return not decides_money(program)


def document_name(document: str, env: Env) -> str:
    """The short name of a policy document (programme data in knowledge/)."""
    return short_name(document, env.t.locale)


WARNINGS = {
    "policy_draft": N_("This policy is a draft for comments; its terms may still change."),
    "policy_expired": N_("This policy has expired; the result shows what it provided."),
    "policy_not_yet_in_force": N_("This policy is not in force yet."),
    "external_criteria": N_("Part of this rests on criteria kept in other documents; the local "
                            "human resources and social security bureau confirms them."),
    "effective_date_unknown": N_("The document we hold does not say from which date it "
                                 "applies."),
}
# Headlines of decisions that apply a rule rather than grant money (tools, retirement).
RULE_OUTCOMES = {
    "eligible": N_("✅ <b>Meets the rule.</b>"),
    "ineligible": N_("❌ <b>Does not meet the rule.</b>"),
    "conditional": N_("⚠️ <b>Meets the rule so far</b>: the points marked below still need "
                      "someone's judgement."),
}
NEXT_STEPS = {
    ("jiangsu.excellent_technician.grade_quota", "ineligible"):
        N_("Lower the number of excellent or good grades to the quota shown."),
    ("jiangsu.excellent_technician.funding_use", "ineligible"):
        N_("Adjust the spending so that both shares meet the rule before the year-end "
           "acceptance."),
    ("jiangsu.excellent_technician.completion", "ineligible"):
        N_("The trainee fails this year's assessment."),
    ("jiangsu.excellent_technician.deferral", "ineligible"):
        N_("A further deferral is not possible."),
    ("jiangsu.excellent_technician.deferral", "eligible"):
        N_("Next step: ask your training unit how to apply for the deferral."),
    ("jiangsu.excellent_technician", "eligible"):
        N_("Next step: tell your employer; the city human resources and social security "
           "bureau puts forward candidates for each year's plan."),
    ("jiangsu.special_technician", "conditional"):
        N_("Next step: apply through your pilot enterprise when it opens its yearly "
           "assessment; it judges your results and skills."),
    "eligible": N_("Next step: contact the local human resources and social security bureau "
                   "to apply."),
    "conditional": N_("Next step: ask the local human resources and social security bureau "
                      "to confirm the points marked above."),
    "ineligible": N_("You may still qualify for other programmes; see the main menu."),
    "needs_info": N_("Please start the check again and answer the remaining questions."),
}


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def amount_lines(d: Any, env: Env) -> list[str]:
    _ = env.t._
    lines = []
    if d.amount_per_year_cny is not None and d.years:
        args = {"per_year": env.t.money(d.amount_per_year_cny), "years": d.years,
                "total": env.t.money(d.amount_cny)}
        lines.append(_("Amount: up to {per_year} a year for {years} years, up to {total} "
                       "in all.", **args) if d.upper_bound else
                     _("Amount: {per_year} a year for {years} years, {total} in all.", **args))
    elif d.amount_cny is not None:
        money = env.t.money(d.amount_cny)
        lines.append(_("Amount: up to {amount}.", amount=money) if d.upper_bound
                     else _("Amount: {amount}.", amount=money))
    elif d.amount_per_year_cny is not None:
        money = env.t.money(d.amount_per_year_cny)
        lines.append(_("Amount: up to {amount} a year; the document does not say for how "
                       "many years.", amount=money) if d.upper_bound else
                     _("Amount: {amount} a year; the document does not say for how many "
                       "years.", amount=money))
    elif d.outcome in ("eligible", "conditional") and not not_money(d.program):
        lines.append(_("Amount: not stated in the document; I will not guess one."))
    if d.payee in PAYEES and (d.amount_cny is not None or d.amount_per_year_cny is not None):
        lines.append(_("Paid to: {payee}.", payee=payee_text(d, env)))
    return lines


def payee_text(d: Any, env: Env) -> str:
    """Who is paid, worded for the asker: "you" / "your employer" in a worker's programme,
    neutral names in a programme only organisations ask about."""
    from bot.dialogs.checks.catalog import info

    prog = info(d.program)
    table = ORG_PAYEES if prog is not None and "worker" not in prog.roles else PAYEES
    return env.t._(table.get(d.payee) or PAYEES[d.payee])


def citation(reason: Any, env: Env) -> str:
    doc = reason.citation.document
    name = document_name(doc, env)
    return env.t._("({document} {article})", document=html.escape(name),
                   article=html.escape(article_label(reason.citation.article, env.t.locale)))


def condition_lines(d: Any, env: Env) -> list[str]:
    if not d.reasons:
        return []
    lines = [env.t._("<b>Conditions checked:</b>")]
    for r in d.reasons:
        mark = "✔" if r.passed else "✘"
        lines.append(f"{mark} {html.escape(r.text)} <i>{citation(r, env)}</i>")
    return lines


def status_line(d: Any, env: Env, policy_end: dt.date | None) -> str:
    _ = env.t._
    day = env.t.date(d.as_of)
    if d.policy_status == "draft":
        return _("Policy status on {date}: draft for comments.", date=day)
    if d.policy_status == "expired":
        if policy_end is not None:
            return _("Policy status on {date}: expired on {end}.", date=day,
                     end=env.t.date(policy_end))
        return _("Policy status on {date}: expired.", date=day)
    if d.policy_status == "not_yet_in_force":
        return _("Policy status on {date}: not yet in force.", date=day)
    return _("Policy status on {date}: in force.", date=day)


def warning_lines(d: Any, env: Env) -> list[str]:
    shown = {"policy_draft", "policy_expired", "policy_not_yet_in_force"}
    out = []
    for w in d.warnings:
        if w in shown and w != "policy_draft":
            continue  # the status line already says it
        text = env.t._(WARNINGS[w]) if w in WARNINGS else html.escape(w)
        out.append(f"ℹ️ {text}")
    return out


def again_date(d: Any) -> dt.date | None:
    """The date from which the user qualifies again, if the decision gives one."""
    if d.values.get("eligible_again_from") is not None:
        return _as_date(d.values["eligible_again_from"])
    year = d.values.get("may_apply_again_from_year")
    return dt.date(int(year), 1, 1) if isinstance(year, int) else None


STATUS_ICONS = {"in_force": "🟢", "draft": "📝", "expired": "⛔", "not_yet_in_force": "⏳"}
# Where the next steps of a decision come from the documents (knowledge/), the kinds shown
# and how each line starts; "status" is the headline already.
STEP_KINDS = {"apply": "👉", "prepare": "📎", "when": "🗓", "after": "➡️", "benefit": "🎁",
              "confirm": "❓", "way_forward": "🧭", "silent": "ℹ️"}


def _headline(d: Any, env: Env, title: str) -> list[str]:
    """The title, then first whether one can apply now (the policy's status on the day),
    then the outcome under the policy's own terms."""
    _ = env.t._
    table = RULE_OUTCOMES if not_money(d.program) else OUTCOMES
    headline = table.get(d.outcome) or OUTCOMES.get(d.outcome) or OUTCOMES["needs_info"]
    lines = [f"<b>{html.escape(title)}</b>"]
    status_text = getattr(d, "status_text", None)
    if status_text:
        icon = STATUS_ICONS.get(d.policy_status, "ℹ️")
        lines.append(f"{icon} <b>{html.escape(status_text)}</b>")
    lines.append(_(headline))
    if d.category:
        lines.append(_("Category: {category}", category=html.escape(str(d.category))))
    if d.priority:
        lines.append(_("🌟 You hold an honour that gives priority."))
    return lines


def render(d: Any, env: Env, title: str, policy_end: dt.date | None = None) -> Reply:
    _ = env.t._
    blocks = [_headline(d, env, title), amount_lines(d, env), condition_lines(d, env)]
    blocks.append([status_line(d, env, policy_end)] + warning_lines(d, env))
    rows: list[list[Button]] = []
    again = again_date(d)
    if again is not None and again > d.as_of:
        blocks.append([_("You can apply again from {date}.", date=env.t.date(again))])
        data = reminder_data(again, d.program)
        if data:
            rows.append([Button(_("⏰ Remind me then"), data)])
    blocks.append(confirm_lines(d, env))
    steps = step_lines(d, env)
    if steps:
        blocks.append(steps)
    elif d.policy_status == "in_force":  # the documents' own steps are missing: a general one
        step = NEXT_STEPS.get((d.program, d.outcome)) or NEXT_STEPS.get(d.outcome)
        if step:
            blocks.append([_(step)])
    if d.outcome in ("conditional", "needs_info"):  # not sure: a person can say
        from bot.dialogs.handoff.codec import program_data

        ask = program_data(d.program)
        if ask:
            rows.append([Button(_("🙋 Ask an officer about my case"), ask)])
    again_row = [menu_button(env)]
    if len(f"menu:check:{d.program}".encode()) <= 64:
        again_row.insert(0, Button(_("🔄 Check again"), f"menu:check:{d.program}"))
    rows.append(again_row)
    text = "\n\n".join("\n".join(b) for b in blocks if b)
    return Reply(text, rows)


def _cite(c: Any, env: Env) -> str:
    if c is None:
        return ""
    return " <i>" + env.t._("({document} {article})", document=html.escape(
        document_name(c.document, env)), article=html.escape(
            article_label(str(c.article), env.t.locale))) + "</i>"


def step_lines(d: Any, env: Env) -> list[str]:
    """The next steps the documents give for this outcome, each with its article."""
    # "status" is the headline; "remind" (tell me when the final text is out) needs a
    # reminder officers can trigger, which does not exist yet: not offered
    items = [s for s in d.next_steps if s.kind not in ("status", "remind")]
    if not items:
        return []
    lines = [env.t._("<b>Next steps:</b>")]
    for item in items:
        text = html.escape(item.text) + (f" — {html.escape(item.who)}" if item.who else "")
        lines.append(f"{STEP_KINDS.get(item.kind, '•')} {text}{_cite(item.citation, env)}")
    return lines


def confirm_lines(d: Any, env: Env) -> list[str]:
    """What someone must still confirm, and who (a 'not sure' answer, a judgement)."""
    if not d.to_confirm:
        return []
    lines = [env.t._("<b>Still to be confirmed:</b>")]
    for item in d.to_confirm:
        who = f" — {html.escape(item.who)}" if item.who else ""
        lines.append(f"❓ {html.escape(item.text)}{who}{_cite(item.citation, env)}")
    return lines


def with_note(reply: Reply, note: str) -> Reply:
    return replace(reply, text=f"{note}\n\n{reply.text}")
