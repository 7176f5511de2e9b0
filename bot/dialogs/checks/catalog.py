"""What the dialogs know about each programme of the rules: policy, region, topic, roles.

Read once from the rules module (knowledge.core.REGISTRY and the policy data) into plain
values, so menus, /match and answers can group and label programmes without calling
the rules. Pure: no I/O beyond the rules module's own data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

REGIONS = ("jiangsu", "quzhou", "jiangmen", "china")
TOPICS = ("titles_medals", "competitions", "allowances", "studios_bases", "recruiting",
          "hosting", "evaluation", "training_plan", "retirement")
# Rules about running the Excellent Technician training: tools, not benefits.
TOOLS = ("jiangsu.excellent_technician.completion", "jiangsu.excellent_technician.grade_quota",
         "jiangsu.excellent_technician.funding_use", "jiangsu.excellent_technician.deferral")


@dataclass(frozen=True)
class ProgramInfo:
    id: str
    policy: str
    region: str
    topic: str
    roles: tuple[str, ...]
    title_zh: str
    title_en: str
    draft: bool
    valid_from: dt.date | None
    valid_to: dt.date | None

    def title(self, locale: str) -> str:
        return self.title_en if locale.startswith("en") else self.title_zh

    @property
    def is_tool(self) -> bool:
        return self.id in TOOLS


@cache
def programs() -> dict[str, ProgramInfo]:
    """Every programme of the rules module, by id."""
    import knowledge.api  # noqa: F401  (registers the programmes)
    from knowledge.core import REGISTRY
    from knowledge.policy import get_policy

    out = {}
    for pid in sorted(REGISTRY):
        prog = REGISTRY[pid]
        pol = get_policy(prog.policy)
        out[pid] = ProgramInfo(pid, prog.policy, pol.region, prog.topic, tuple(prog.roles),
                               prog.title_zh, prog.title_en, pol.draft, pol.valid_from,
                               pol.valid_to)
    return out


def info(program: str) -> ProgramInfo | None:
    return programs().get(program)


def select(role: str | None = None, region: str | None = None, topic: str | None = None,
           tools: bool = True) -> list[ProgramInfo]:
    """Programmes for a role, region and topic (None = any), in topic order."""
    found = [p for p in programs().values()
             if (role is None or role in p.roles) and (region is None or p.region == region)
             and (topic is None or p.topic == topic) and (tools or not p.is_tool)]
    return sorted(found, key=lambda p: (_order(TOPICS, p.topic), p.id))


def _order(seq: tuple[str, ...], value: str) -> int:
    return seq.index(value) if value in seq else len(seq)
