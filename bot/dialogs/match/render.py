"""The /match result: every programme that may apply, largest first, one line each.

Each line: outcome mark, title, amount ("up to", "a year"), payee, the article it rests
on and the document's status; an undecided programme also shows its next question.
Buttons open the programme's full answer (a decided check) or continue its check.
"""

from __future__ import annotations

import html
from typing import Any

from bot.dialogs.checks.catalog import info
from bot.dialogs.checks.questions import fact_name, question_for
from bot.dialogs.checks.result import PAYEES, document_name, payee_text
from bot.dialogs.engine.types import MAX_BUTTON_DATA, N_, Button, Env, Reply
from bot.dialogs.home.menu import menu_button
from knowledge.articles import article_label

MARKS = {"eligible": "✅", "conditional": "⚠️", "needs_info": "❓"}
OUTCOME_ORDER = {"eligible": 0, "conditional": 1, "needs_info": 2}
STATUS_TAGS = {"draft": N_("consultation draft"), "expired": N_("scheme ended"),
               "not_yet_in_force": N_("not yet in force")}
MAX_LISTED = 12


def value_of(d: Any) -> int:
    """What a decision is worth for ordering: the total, else the yearly amount."""
    if d.amount_cny is not None:
        return d.amount_cny
    return d.amount_per_year_cny if d.amount_per_year_cny is not None else -1


# /match groups the programmes by whether one can apply now, in this order.
GROUPS = (("in_force", N_("<b>Open now</b>")),
          ("draft", N_("<b>In draft</b> (not in force yet: for reference)")),
          ("expired", N_("<b>Ended</b> (for reference: nothing can be applied for)")))


def group_of(d: Any) -> str:
    return {"not_yet_in_force": "draft"}.get(d.policy_status, d.policy_status)


def ordered(decisions: list[Any]) -> list[Any]:
    """Open now, then drafts, then ended schemes; largest first within each."""
    rank = {g: i for i, (g, _) in enumerate(GROUPS)}
    return sorted(decisions, key=lambda d: (rank.get(group_of(d), 1), -value_of(d),
                                            OUTCOME_ORDER.get(d.outcome, 3), d.program))


def amount_text(d: Any, env: Env) -> str:
    _ = env.t._
    if d.amount_per_year_cny is not None and d.years:
        return _("{per_year} a year for {years} years", per_year=env.t.money(
            d.amount_per_year_cny), years=d.years)
    if d.amount_per_year_cny is not None:
        return _("{amount} a year", amount=env.t.money(d.amount_per_year_cny))
    if d.amount_cny is not None:
        money = env.t.money(d.amount_cny)
        return _("up to {amount}", amount=money) if d.upper_bound else money
    if d.outcome == "needs_info":
        return _("amount depends on your answers")
    return _("amount not stated")


def _citation(d: Any, env: Env) -> str:
    reasons = [r for r in d.reasons if getattr(r, "key", "") == "amount"] or d.reasons
    if not reasons:
        return ""
    doc, article = reasons[0].citation.document, reasons[0].citation.article
    name = document_name(doc, env)
    return env.t._("({document} {article})", document=html.escape(name),
                   article=html.escape(article_label(article, env.t.locale)))


def _line(number: int, d: Any, env: Env) -> str:
    prog = info(d.program)
    title = html.escape(prog.title(env.t.locale) if prog else d.program)
    parts = [amount_text(d, env)]
    if d.payee in PAYEES and value_of(d) >= 0:
        parts.append(env.t._("paid to {payee}", payee=payee_text(d, env)))
    if d.policy_status in STATUS_TAGS:
        parts.append(env.t._(STATUS_TAGS[d.policy_status]))
    colon, sep = ("：", "；") if env.t.is_zh else (": ", "; ")
    line = f"{number}. {MARKS.get(d.outcome, '•')} <b>{title}</b>{colon}{sep.join(parts)}"
    cite = _citation(d, env)
    if cite:
        line += f" <i>{cite}</i>"
    if d.outcome == "needs_info" and d.missing_facts:
        fact = d.missing_facts[0]
        q = question_for(fact, d.program)
        prompt = env.t._(q.prompt, fact=fact_name(fact, env))
        line += "\n    " + env.t._("Next question: {question}", question=html.escape(prompt))
    return line


def _button(d: Any, env: Env) -> Button | None:
    data = f"menu:check:{d.program}"
    if len(data.encode("utf-8")) > MAX_BUTTON_DATA:
        return None
    prog = info(d.program)
    title = prog.title(env.t.locale) if prog else d.program
    if d.outcome == "needs_info":
        return Button(env.t._("▶️ Continue: {title}", title=title), data)
    return Button(env.t._("📄 Full answer: {title}", title=title), data)


def render_matches(decisions: list[Any], env: Env, where: str, profile: bool) -> Reply:
    """The list; `profile` says whether the dialog collected personal facts (saved only
    with consent)."""
    _ = env.t._
    shown = ordered(decisions)[:MAX_LISTED]
    if not shown:
        text = _("With these answers no programme in {region} applies. The main menu lists "
                 "them all.", region=html.escape(where))
        return Reply(text, [[menu_button(env)]])
    lines = [_("<b>What you may get</b> in {region}, largest first:", region=html.escape(where))]
    for group, heading in GROUPS:
        members = [(i, d) for i, d in enumerate(shown, 1) if group_of(d) == group]
        if members:
            lines += ["", _(heading)] + [_line(i, d, env) for i, d in members]
    legend = _("✅ eligible · ⚠️ on conditions someone must judge · ❓ needs more answers")
    blocks = ["\n".join(lines), legend]
    if profile and env.consented:
        blocks.append(_("I saved your answers (skill level, where you work, titles and awards) "
                        "to your profile; the checks below reuse them. /forget deletes them."))
    elif profile:
        blocks.append(_("I did not keep your answers (you have not agreed to that), so a "
                        "check asks again what it needs."))
    text = "\n\n".join(blocks)
    rows = [[b] for b in (_button(d, env) for d in shown) if b is not None]
    rows.append([menu_button(env)])
    return Reply(text, rows)
