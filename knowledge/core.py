"""Core types of the rules module, re-exported from the modules that hold them.

facts.py (fact specs, skill levels, input errors), decision.py (reasons, next steps,
decisions), context.py (the evaluation context `Ctx`), registry.py (programmes). Pure: no
Telegram, no database, no clock. Every program is a small function that receives a `Ctx`,
records named conditions with their citation, and returns a `Decision` (shape fixed by
contracts/rules-api.md).
"""

from __future__ import annotations

from knowledge.context import Ctx
from knowledge.decision import OUTCOMES, PAYEES, STEP_KINDS, Decision, NextStep, Reason, ToConfirm
from knowledge.facts import (
    SKILL_LEVELS,
    UNSURE,
    FactSpec,
    RulesInputError,
    parse_date,
    skill_rank,
)
from knowledge.policy import Citation
from knowledge.registry import REGISTRY, Program, Rule, program

__all__ = ["OUTCOMES", "PAYEES", "REGISTRY", "SKILL_LEVELS", "STEP_KINDS", "UNSURE", "Citation",
           "Ctx", "Decision", "FactSpec", "NextStep", "Program", "Reason", "Rule",
           "RulesInputError", "ToConfirm", "parse_date", "program", "skill_rank"]
