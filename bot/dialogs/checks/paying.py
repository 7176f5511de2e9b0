"""How a programme pays: one-time or yearly, per what, and how it combines with others.

The notes are programme data in knowledge/ (knowledge.meta.payment_notes, from the policy
YAML), each with its article. The rules' decision says how much and to whom; these notes
say on what basis, so an answer can show "one-time", "every year", "only the highest
title" or "not both" next to the amount. A scheme that has ended also gets the period it
ran (the figures then show what it gave).
"""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

from bot.dialogs.engine.types import Env
from knowledge.articles import article_label
from knowledge.meta import payment_notes, short_name


def _cite(policy: str, article: str, env: Env) -> str:
    name = short_name(policy, env.t.locale)
    return env.t._("({document} {article})", document=html.escape(name),
                   article=html.escape(article_label(article, env.t.locale)))


def notes_for(program: str, locale: str) -> list[tuple[str, str]]:
    """(text, article) pairs: the programme's payment notes, kept in knowledge/."""
    return payment_notes(program, locale)


def period_line(d: Any, env: Env, start: dt.date | None, end: dt.date | None) -> str | None:
    """'This scheme ran from … to … and has ended …' for an expired scheme."""
    if d.policy_status != "expired" or start is None or end is None:
        return None
    return env.t._("This scheme ran from {start} to {end} and has ended: nothing can be "
                   "claimed under it now. The figures show what it gave.",
                   start=env.t.date(start), end=env.t.date(end))


def payment_block(d: Any, policy: str, env: Env, start: dt.date | None = None,
                  end: dt.date | None = None) -> list[str]:
    """The 'How it is paid' lines of one decision (empty when there is nothing to say)."""
    lines = []
    if d.outcome != "ineligible":
        for text, article in notes_for(d.program, env.t.locale):
            lines.append(f"• {html.escape(text)} <i>{_cite(policy, article, env)}</i>")
    if lines:
        lines.insert(0, env.t._("<b>How it is paid:</b>"))
    period = period_line(d, env, start, end)
    if period:
        lines.append(f"⏳ {period}")
    return lines
