"""How a programme pays: one-time or yearly, per what, and how it combines with others.

Data, in our own words, each line with the article it rests on. The rules' decision says
how much and to whom; these notes say on what basis, so an answer can show "one-time",
"every year", "only the highest title" or "not both" next to the amount. A scheme that
has ended also gets the period it ran (the figures then show what it gave).
"""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

from bot.dialogs.checks.result import DOCUMENTS
from bot.dialogs.engine.types import N_, Env

JIANGMEN = "jiangmen-gaoxin-craftsman-2018"
JIANGMEN_COMMON: tuple[tuple[str, str], ...] = (
    (N_("Paid after the fact: a project is built or rated first and paid the following "
        "year."), "三（二）"),
    (N_("Where this scheme overlaps other local policies, the more favourable one applies "
        "and nothing is paid twice."), "三（三）"),
)

# program id -> ((message id, article), ...)
NOTES: dict[str, tuple[tuple[str, str], ...]] = {
    "quzhou.craftsman_award": (
        (N_("One-time payment."), "二（一）2"),
        (N_("Several titles: only the highest one is paid; titles are never added up."),
         "二（一）2"),
    ),
    "quzhou.study_exchange": (
        (N_("Funding for each person selected for a study trip, capped per person."),
         "二（一）3"),
    ),
    "quzhou.competition_award": (
        (N_("One-time award for WorldSkills and national contest results; a Zhejiang contest "
            "prize is matched one to one instead."), "二（二）6"),
    ),
    "quzhou.worldskills_training_base": (
        (N_("Paid for each designated WorldSkills project."), "二（二）6"),
    ),
    "quzhou.worldskills_team_sponsor": (
        (N_("Paid for each squad member, to the unit that sent them."), "二（二）6"),
    ),
    "quzhou.competition_hosting": (
        (N_("Paid for each occupation a listed competition covers, up to a ceiling."),
         "二（二）6"),
    ),
    "quzhou.certification_demo_enterprise": (
        (N_("Paid to each enterprise rated a city demonstration enterprise."), "二（二）7"),
    ),
    "quzhou.skills_master_studio": (
        (N_("Paid per studio; for a city-level studio it is start-up funding."), "二（三）9"),
    ),
    "quzhou.public_training_base": (
        (N_("Paid per base or listed base project."), "二（三）10"),
    ),
    "quzhou.technician_allowance": (
        (N_("Paid every year while the conditions hold; the draft sets no end date."),
         "二（四）13"),
    ),
    "quzhou.recruitment_uplift": (
        (N_("Not a separate grant: the recruitment subsidy the employer already receives is "
            "raised by 30%."), "二（一）4"),
    ),
    "jiangmen.gaoxin_craftsman": (
        (N_("One-time grant; at most ten people are named a year."), "二（四）"),
    ),
}


def _cite(policy: str, article: str, env: Env) -> str:
    name = env.t._(DOCUMENTS[policy]) if policy in DOCUMENTS else policy
    return env.t._("({document} {article})", document=html.escape(name),
                   article=html.escape(article))


def notes_for(program: str, policy: str) -> tuple[tuple[str, str], ...]:
    own = NOTES.get(program, ())
    return own + JIANGMEN_COMMON if policy == JIANGMEN else own


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
        for msgid, article in notes_for(d.program, policy):
            lines.append(f"• {env.t._(msgid)} <i>{_cite(policy, article, env)}</i>")
    if lines:
        lines.insert(0, env.t._("<b>How it is paid:</b>"))
    period = period_line(d, env, start, end)
    if period:
        lines.append(f"⏳ {period}")
    return lines
