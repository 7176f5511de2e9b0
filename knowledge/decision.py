"""What a programme returns: reasons with citations, next steps and the Decision.

Shape fixed by contracts/rules-api.md; `next_steps`, `to_confirm`, `policy_period` and
`status_text` are added fields.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from knowledge.policy import Citation

OUTCOMES = ("eligible", "ineligible", "conditional", "needs_info")
PAYEES = ("person", "employer", "training_unit", "sending_unit", "organizer", None)
# Kinds of next step: where to go, what to prepare, when, what happens after, what one
# gets besides money, what an authority must confirm, the way forward after a failed
# check, the status (cannot apply now), a reminder to offer, and "the document does not
# say".
STEP_KINDS = ("apply", "prepare", "when", "after", "benefit", "confirm", "way_forward",
              "status", "remind", "silent")


@dataclass(frozen=True)
class NextStep:
    kind: str
    text: str
    who: str | None = None
    citation: Citation | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "text": self.text, "who": self.who,
                "citation": self.citation.to_dict() if self.citation else None}


@dataclass(frozen=True)
class ToConfirm:
    """A fact answered "not sure": what must be confirmed, by whom, under which article."""

    fact: str
    text: str
    who: str
    citation: Citation

    def to_dict(self) -> dict[str, Any]:
        return {"fact": self.fact, "text": self.text, "who": self.who,
                "citation": self.citation.to_dict()}


@dataclass
class Reason:
    passed: bool
    text: str
    citation: Citation
    key: str = ""
    value: Any = None
    limit: Any = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"passed": self.passed, "text": self.text,
                               "citation": self.citation.to_dict()}
        if self.key:
            out["key"] = self.key
        if self.value is not None:
            out["value"] = _jsonable(self.value)
        if self.limit is not None:
            out["limit"] = _jsonable(self.limit)
        return out


def _jsonable(v: Any) -> Any:
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, list | tuple):
        return [_jsonable(x) for x in v]
    if isinstance(v, dict):
        return {k: _jsonable(x) for k, x in v.items()}
    return v


@dataclass
class Decision:
    program: str
    as_of: dt.date
    outcome: str
    policy_status: str
    amount_cny: int | None = None
    amount_per_year_cny: int | None = None
    years: int | None = None
    upper_bound: bool = False
    payee: str | None = None
    category: str | None = None
    priority: bool | None = None
    values: dict[str, Any] = field(default_factory=dict)
    missing_facts: list[str] = field(default_factory=list)
    reasons: list[Reason] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # Added to the contract's shape (fields may be added): what to do next, what an
    # authority must still confirm, and the policy's validity with a one-line status.
    next_steps: list[NextStep] = field(default_factory=list)
    to_confirm: list[ToConfirm] = field(default_factory=list)
    policy_period: dict[str, Any] = field(default_factory=dict)
    status_text: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "program": self.program,
            "as_of": self.as_of.isoformat(),
            "outcome": self.outcome,
            "policy_status": self.policy_status,
            "amount_cny": self.amount_cny,
            "amount_per_year_cny": self.amount_per_year_cny,
            "years": self.years,
            "upper_bound": self.upper_bound,
            "payee": self.payee,
            "category": self.category,
            "priority": self.priority,
            "values": _jsonable(self.values),
            "missing_facts": list(self.missing_facts),
            "reasons": [r.to_dict() for r in self.reasons],
            "warnings": list(self.warnings),
            "status_text": self.status_text,
            "policy_period": dict(self.policy_period),
            "next_steps": [s.to_dict() for s in self.next_steps],
            "to_confirm": [c.to_dict() for c in self.to_confirm],
        }
