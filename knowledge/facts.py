"""Facts a programme may use: their specs, validation, and the skill-level ladder.

Pure data and validation; no policy data, no decisions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

UNSURE = "unsure"  # the answer "not sure" to a yes/no fact that admits it


def pick(pair: tuple[str, str] | None, locale: str) -> str:
    """The zh or en half of a (zh, en) pair."""
    if not pair:
        return ""
    return pair[1] if locale.startswith("en") else pair[0]


SKILL_LEVELS = (
    "apprentice",
    "primary",
    "intermediate",
    "senior_worker",
    "technician",
    "senior_technician",
    "special_technician",
    "chief_technician",
)


def skill_rank(level: str) -> int:
    """Position of a skill level on the ladder (apprentice = 0)."""
    return SKILL_LEVELS.index(level)


class RulesInputError(ValueError):
    """Invalid request: carries a machine-readable code, the field and allowed values."""

    def __init__(self, code: str, message: str, field: str | None = None,
                 allowed: Iterable[Any] | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field
        self.allowed = list(allowed) if allowed is not None else None

    def to_dict(self) -> dict[str, Any]:
        err: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.field is not None:
            err["field"] = self.field
        if self.allowed is not None:
            err["allowed"] = self.allowed
        return {"error": err}


@dataclass(frozen=True)
class FactSpec:
    """One input a program may use.

    type: enum | bool | int | number | ratio | date | year | list | money
    values: allowed values for enum, or allowed items for list.
    nullable: whether null is a meaningful answer (e.g. previous_plan_end = never).
    """

    name: str
    type: str
    values: tuple[Any, ...] | None = None
    minimum: float | None = None
    maximum: float | None = None
    nullable: bool = False
    # A yes/no fact about another authority's judgement or another document's standard may
    # also be answered "unsure" (UNSURE); `explain` says in one line what the standard is
    # and `decided_by` who decides, each as (zh, en), so a bot can show them.
    unsure: bool = False
    explain: tuple[str, str] | None = None
    decided_by: tuple[str, str] | None = None

    def explanation(self, locale: str) -> str:
        return pick(self.explain, locale)

    def decider(self, locale: str) -> str:
        return pick(self.decided_by, locale)

    def schema(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": self.type}
        if self.unsure:
            out["unsure"] = UNSURE  # the extra value meaning "not sure"
        if self.explain:
            out["explain"] = {"zh": self.explain[0], "en": self.explain[1]}
        if self.decided_by:
            out["decided_by"] = {"zh": self.decided_by[0], "en": self.decided_by[1]}
        if self.values is not None:
            out["values" if self.type != "list" else "items"] = list(self.values)
        if self.minimum is not None:
            out["minimum"] = self.minimum
        if self.maximum is not None:
            out["maximum"] = self.maximum
        if self.nullable:
            out["nullable"] = True
        return out

    def coerce(self, value: Any) -> Any:
        """Validate one raw JSON value; raise RulesInputError naming this fact."""
        where = f"facts.{self.name}"
        if value is None:
            if self.nullable:
                return None
            raise RulesInputError("invalid_value", f"{self.name} may not be null", where,
                                  self._allowed())
        t = self.type
        if self.unsure and value == UNSURE:
            return UNSURE
        if t == "enum":
            if value not in (self.values or ()):
                raise RulesInputError("invalid_value", f"{self.name}: {value!r} is not allowed",
                                      where, self._allowed())
            return value
        if t == "bool":
            if not isinstance(value, bool):
                raise RulesInputError("wrong_type", f"{self.name} must be true or false", where,
                                      self._allowed())
            return value
        if t in ("int", "money", "year"):
            if isinstance(value, bool) or not isinstance(value, int):
                raise RulesInputError("wrong_type", f"{self.name} must be an integer", where)
            self._range(value, where)
            return value
        if t in ("number", "ratio"):
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise RulesInputError("wrong_type", f"{self.name} must be a number", where)
            self._range(value, where)
            return value
        if t == "date":
            if not isinstance(value, str):
                raise RulesInputError("wrong_type", f"{self.name} must be a date YYYY-MM-DD", where)
            return parse_date(value, where)
        if t == "list":
            if not isinstance(value, list):
                raise RulesInputError("wrong_type", f"{self.name} must be a list", where,
                                      self.values)
            bad = [v for v in value if v not in (self.values or ())]
            if bad:
                raise RulesInputError("invalid_value", f"{self.name}: {bad[0]!r} is not allowed",
                                      where, self.values)
            return list(dict.fromkeys(value))
        raise AssertionError(f"unknown fact type {t}")

    def _allowed(self) -> list[Any] | None:
        base: list[Any] | None = list(self.values) if self.values else None
        if self.type == "bool":
            base = [True, False]
        if base is not None and self.unsure and UNSURE not in base:
            base.append(UNSURE)
        return base

    def _range(self, value: float, where: str) -> None:
        lo, hi = self.minimum, self.maximum
        if (lo is not None and value < lo) or (hi is not None and value > hi):
            raise RulesInputError("out_of_range", f"{self.name} must be between {lo} and {hi}",
                                  where)


def parse_date(value: str, where: str = "as_of") -> dt.date:
    try:
        if len(value) != 10:
            raise ValueError
        return dt.date.fromisoformat(value)
    except ValueError:
        raise RulesInputError("invalid_date", f"{value!r} is not a valid date (YYYY-MM-DD)",
                              where) from None
