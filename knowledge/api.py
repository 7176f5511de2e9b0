"""Public API of the rules module (contracts/rules-api.md).

`evaluate` runs one program on validated facts; `evaluate_request` takes the contract's
JSON request object; `match` runs every program of a role on one profile; `today` is the
only place in knowledge/ that reads the clock.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import knowledge.programs  # noqa: F401  (registers every program)
from knowledge.core import (
    REGISTRY,
    Ctx,
    Decision,
    FactSpec,
    Program,
    RulesInputError,
    parse_date,
)
from knowledge.policy import all_policies

LOCALES = ("zh_CN", "en")
ROLES = ("worker", "employer", "training_unit")
REQUEST_KEYS = ("program", "as_of", "facts", "locale")
MATCH_KEYS = ("as_of", "facts", "role", "locale")
OUTCOME_RANK = {"eligible": 0, "conditional": 1, "needs_info": 2, "ineligible": 3}


def today() -> dt.date:
    """Today's date in Asia/Shanghai (China has no daylight saving: UTC+8)."""
    try:
        from zoneinfo import ZoneInfo

        zone: dt.tzinfo = ZoneInfo("Asia/Shanghai")
    except Exception:  # no tz database on this machine
        zone = dt.timezone(dt.timedelta(hours=8))
    return dt.datetime.now(zone).date()


def get_program(program_id: Any) -> Program:
    if not isinstance(program_id, str) or program_id not in REGISTRY:
        raise RulesInputError("unknown_program", f"unknown program {program_id!r}", "program",
                              sorted(REGISTRY))
    return REGISTRY[program_id]


def _as_of(value: Any) -> dt.date:
    if value is None:
        return today()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise RulesInputError("wrong_type", "as_of must be a date YYYY-MM-DD", "as_of",
                              ["YYYY-MM-DD"])
    try:
        return parse_date(value, "as_of")
    except RulesInputError as exc:
        exc.allowed = ["YYYY-MM-DD"]
        raise


def parse_locale(value: Any) -> str:
    if value is None:
        return "zh_CN"
    if isinstance(value, str):
        low = value.replace("-", "_").lower()
        if low.startswith("zh"):
            return "zh_CN"
        if low.startswith("en"):
            return "en"
    raise RulesInputError("invalid_value", f"unsupported locale {value!r}", "locale", LOCALES)


def _facts_dict(facts: Any) -> dict[str, Any]:
    if facts is None:
        return {}
    if not isinstance(facts, dict):
        raise RulesInputError("wrong_type", "facts must be an object", "facts")
    return facts


def validate_facts(prog: Program, facts: Any) -> dict[str, Any]:
    """Coerce every fact through its FactSpec; an unknown fact is an error."""
    out = {}
    for name, raw in _facts_dict(facts).items():
        spec = prog.facts.get(name)
        if spec is None:
            raise RulesInputError("unknown_fact", f"{prog.id} has no fact {name!r}",
                                  f"facts.{name}", list(prog.facts))
        try:
            out[name] = spec.coerce(raw)
        except RulesInputError as exc:
            if exc.allowed is None:
                exc.allowed = _describe(spec)
            raise
    return out


def _describe(spec: FactSpec) -> list[Any]:
    """What a fact accepts, for error messages on facts without an enum of values."""
    if spec.type == "date":
        return ["YYYY-MM-DD"] + ([None] if spec.nullable else [])
    return [spec.schema()]


def _run(prog: Program, facts: dict[str, Any], as_of: dt.date, locale: str) -> Decision:
    return prog.rule(Ctx(prog, facts, as_of, locale))


def evaluate(program_id: str, facts: dict[str, Any] | None = None,
             as_of: dt.date | str | None = None, locale: str = "zh_CN") -> Decision:
    """One program's decision; raises RulesInputError on invalid input."""
    prog = get_program(program_id)
    day = _as_of(as_of)
    loc = parse_locale(locale)
    return _run(prog, validate_facts(prog, facts), day, loc)


def _check_keys(obj: Any, allowed: tuple[str, ...], what: str) -> dict[str, Any]:
    if not isinstance(obj, dict):
        raise RulesInputError("wrong_type", f"{what} must be a JSON object", None, list(allowed))
    for key in obj:
        if key not in allowed:
            raise RulesInputError("unknown_field", f"unknown field {key!r} in {what}", key,
                                  list(allowed))
    return obj


def evaluate_request(obj: Any) -> Decision:
    """The contract's request: {"program", "as_of"?, "facts"?, "locale"?}."""
    req = _check_keys(obj, REQUEST_KEYS, "request")
    if "program" not in req:
        raise RulesInputError("missing_field", "request needs a program", "program",
                              sorted(REGISTRY))
    return evaluate(req["program"], req.get("facts"), req.get("as_of"),
                    req.get("locale") or "zh_CN")


def list_programs() -> list[dict[str, Any]]:
    """Every registered program: id, title, policy, roles, topic and facts schema."""
    return [REGISTRY[k].describe() for k in sorted(REGISTRY)]


def known_facts(role: str | None = None) -> set[str]:
    return {n for p in REGISTRY.values() if role is None or role in p.roles for n in p.facts}


# /match groups: open now, then drafts, then not yet in force, then ended (for reference).
STATUS_RANK = {"in_force": 0, "draft": 1, "not_yet_in_force": 2, "expired": 3}


def _rank(d: Decision) -> tuple[Any, ...]:
    amount = d.amount_cny if d.amount_cny is not None else -1
    return (STATUS_RANK[d.policy_status], -amount, OUTCOME_RANK[d.outcome], d.program)


def match(facts: dict[str, Any] | None, role: str = "worker",
          as_of: dt.date | str | None = None, locale: str = "zh_CN") -> list[Decision]:
    """Decisions of every program for `role` whose outcome is not ineligible, best first.

    Facts a program does not know are ignored for it; a fact no program knows is an error.
    """
    if role not in ROLES:
        raise RulesInputError("invalid_value", f"unknown role {role!r}", "role", ROLES)
    raw = _facts_dict(facts)
    everything = known_facts()
    for name in raw:
        if name not in everything:
            raise RulesInputError("unknown_fact", f"no program uses a fact {name!r}",
                                  f"facts.{name}", sorted(everything))
    day, loc = _as_of(as_of), parse_locale(locale)
    out = []
    for prog in REGISTRY.values():
        if role not in prog.roles:
            continue
        own = validate_facts(prog, {k: v for k, v in raw.items() if k in prog.facts})
        decision = _run(prog, own, day, loc)
        if decision.outcome != "ineligible":
            out.append(decision)
    return sorted(out, key=_rank)


def match_request(obj: Any) -> list[Decision]:
    """The contract's match request: {"as_of"?, "facts", "role"?, "locale"?}."""
    req = _check_keys(obj, MATCH_KEYS, "match request")
    return match(req.get("facts"), req.get("role") or "worker", req.get("as_of"),
                 req.get("locale") or "zh_CN")


def policy_status(policy_id: str, day: dt.date | str | None = None) -> str:
    """in_force | draft | expired | not_yet_in_force for a policy on a day."""
    policies = all_policies()
    if policy_id not in policies:
        raise RulesInputError("unknown_policy", f"unknown policy {policy_id!r}", "policy",
                              sorted(policies))
    return policies[policy_id].status_on(_as_of(day))
