"""Core types of the rules module: facts, reasons, decisions and the program registry.

Pure: no Telegram, no database, no clock. Every program is a small function that
receives an evaluation context (`Ctx`), records named conditions with their citation,
and returns a `Decision` (shape fixed by contracts/rules-api.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from knowledge.i18n import translator
from knowledge.policy import Citation, Policy, get_policy

OUTCOMES = ("eligible", "ineligible", "conditional", "needs_info")
PAYEES = ("person", "employer", "training_unit", "sending_unit", "organizer", None)

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

    def schema(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": self.type}
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
        if t == "enum":
            if value not in (self.values or ()):
                raise RulesInputError("invalid_value", f"{self.name}: {value!r} is not allowed",
                                      where, self.values)
            return value
        if t == "bool":
            if not isinstance(value, bool):
                raise RulesInputError("wrong_type", f"{self.name} must be true or false", where,
                                      [True, False])
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
        return list(self.values) if self.values else None

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
        }


class Ctx:
    """What a program sees while it decides: facts, date, policy parameters, a translator.

    Conditions are recorded with `check`; missing facts with `need`. `decide` builds the
    Decision, adding policy-status warnings so no program can forget them.
    """

    def __init__(self, program: Program, facts: dict[str, Any], as_of: dt.date,
                 locale: str) -> None:
        self.program = program
        self.facts = facts
        self.as_of = as_of
        self.locale = locale
        self.policy: Policy = get_policy(program.policy)
        self.reasons: list[Reason] = []
        self.missing: list[str] = []
        self.warnings: list[str] = []
        self._ = translator(locale)

    # facts -------------------------------------------------------------
    def has(self, name: str) -> bool:
        return name in self.facts

    def get(self, name: str, default: Any = None) -> Any:
        return self.facts.get(name, default)

    def need(self, *names: str) -> None:
        """Record facts that would decide the outcome and are not given."""
        for n in names:
            if n not in self.facts and n not in self.missing:
                self.missing.append(n)

    def require(self, *names: str) -> Decision | None:
        """A `needs_info` decision when any of these facts is not given, else None:
        `if (asked := ctx.require("level")): return asked`."""
        absent = [n for n in names if n not in self.facts]
        if not absent:
            return None
        self.need(*absent)
        return self.decide("needs_info")

    # policy data ---------------------------------------------------------
    def param(self, name: str) -> Any:
        """Value of a dated parameter of this program's policy on as_of."""
        return self.policy.param(name, self.as_of).value

    def param_article(self, name: str) -> str:
        return self.policy.param(name, self.as_of).article

    def cite(self, article: str) -> Citation:
        return self.policy.citation(article)

    # conditions ------------------------------------------------------------
    def check(self, key: str, passed: bool, text: str, article: str,
              value: Any = None, limit: Any = None) -> bool:
        self.reasons.append(Reason(passed=bool(passed), text=text, citation=self.cite(article),
                                   key=key, value=value, limit=limit))
        return bool(passed)

    def note(self, key: str, text: str, article: str) -> None:
        """A passed, informative reason (e.g. the amount rule that was applied)."""
        self.check(key, True, text, article)

    def warn(self, code: str) -> None:
        if code not in self.warnings:
            self.warnings.append(code)

    def decide(self, outcome: str, **kw: Any) -> Decision:
        if outcome not in OUTCOMES:
            raise AssertionError(outcome)
        status = self.policy.status_on(self.as_of)
        if status == "draft":
            self.warn("policy_draft")
        elif status == "expired":
            self.warn("policy_expired")
        elif status == "not_yet_in_force":
            self.warn("policy_not_yet_in_force")
        if self.policy.effective_date_unknown:
            self.warn("effective_date_unknown")
        if outcome == "needs_info" and not self.missing:
            raise AssertionError(f"{self.program.id}: needs_info without missing facts")
        return Decision(program=self.program.id, as_of=self.as_of, outcome=outcome,
                        policy_status=status, missing_facts=list(self.missing)
                        if outcome == "needs_info" else [],
                        reasons=self.reasons, warnings=self.warnings, **kw)


Rule = Callable[[Ctx], Decision]


@dataclass
class Program:
    id: str
    policy: str
    title_zh: str
    title_en: str
    facts: dict[str, FactSpec]
    rule: Rule
    roles: tuple[str, ...] = ("worker",)
    topic: str = ""
    annual: bool = False

    def title(self, locale: str) -> str:
        return self.title_en if locale.startswith("en") else self.title_zh

    def describe(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": {"zh": self.title_zh, "en": self.title_en},
            "policy": self.policy,
            "roles": list(self.roles),
            "topic": self.topic,
            "facts": {n: s.schema() for n, s in self.facts.items()},
        }


REGISTRY: dict[str, Program] = {}


def program(id: str, policy: str, title_zh: str, title_en: str, facts: Iterable[FactSpec],
            roles: Iterable[str] = ("worker",), topic: str = "", annual: bool = False
            ) -> Callable[[Rule], Rule]:
    """Register a program rule function under its contract id."""

    def wrap(fn: Rule) -> Rule:
        if id in REGISTRY:
            raise AssertionError(f"duplicate program {id}")
        REGISTRY[id] = Program(id=id, policy=policy, title_zh=title_zh, title_en=title_en,
                               facts={f.name: f for f in facts}, rule=fn, roles=tuple(roles),
                               topic=topic, annual=annual)
        return fn

    return wrap
