"""Every registered program (Jiangsu, national, Quzhou, Jiangmen...) over many fact mixes.

Checks the contract's invariants on each decision: enums, citations that exist in the
policy data, needs_info with its missing facts (and only when they change the answer),
integer amounts, JSON-serialisable output, determinism.
"""

from __future__ import annotations

import json
import random
from typing import Any

import pytest

from knowledge.api import evaluate
from knowledge.core import OUTCOMES, PAYEES, REGISTRY, FactSpec, Program, RulesInputError
from knowledge.policy import STATUSES, all_policies

AS_OF = ("2019-06-01", "2024-03-01", "2026-11-20")
SAMPLES = 150
DATES = ("1960-03-01", "1964-12-31", "1969-10-01", "1972-03-10", "1975-06-15", "1977-03-10",
         "1980-03-10", "1990-01-01", "2021-06-30", "2023-01-01", "2024-09-30")
# Figures the contract names as a program's answer (beside outcome and amounts).
ANSWER_VALUES = ("retirement_age_months", "retirement_month", "excellent_max", "good_max")
NUMBERS = (0, 1, 2, 3, 4.9, 5, 9, 10, 29, 30, 59, 60, 100, 999, 1000, 1001, 20000, 50000, 100001)


def _in_range(spec: FactSpec, values: list[Any]) -> list[Any]:
    lo = spec.minimum if spec.minimum is not None else float("-inf")
    hi = spec.maximum if spec.maximum is not None else float("inf")
    return [v for v in values if lo <= v <= hi] or [lo if lo != float("-inf") else 0]


def candidates(spec: FactSpec) -> list[Any]:
    """Valid JSON values for one fact, boundaries included."""
    t = spec.type
    if t == "enum":
        out: list[Any] = list(spec.values or ())
    elif t == "bool":
        out = [True, False] + (["unsure"] if spec.unsure else [])
    elif t in ("int", "money"):
        out = _in_range(spec, [v for v in NUMBERS if isinstance(v, int)])
    elif t == "year":
        out = _in_range(spec, list(range(2015, 2028)))
    elif t == "number":
        out = _in_range(spec, list(NUMBERS))
    elif t == "ratio":
        out = _in_range(spec, [0, 0.5, 0.6999, 0.7, 0.71, 1])
    elif t == "date":
        out = list(DATES)
    elif t == "list":
        items = list(spec.values or ())
        out = [[], items[:1], items[-2:], items]
    else:
        raise AssertionError(f"no generator for fact type {t}")
    return out + ([None] if spec.nullable else [])


def fact_mixes(prog: Program, n: int = SAMPLES) -> list[dict[str, Any]]:
    rnd = random.Random(prog.id)
    mixes: list[dict[str, Any]] = [{}]
    for _ in range(n):
        mixes.append({name: rnd.choice(candidates(spec)) for name, spec in prog.facts.items()
                      if rnd.random() < 0.75})
    return mixes


def _check(prog: Program, facts: dict[str, Any], d: dict[str, Any]) -> None:
    policies = all_policies()
    assert d["program"] == prog.id
    assert d["outcome"] in OUTCOMES
    assert d["policy_status"] in STATUSES
    assert d["payee"] in PAYEES
    for key in ("amount_cny", "amount_per_year_cny", "years"):
        v = d[key]
        assert v is None or (isinstance(v, int) and not isinstance(v, bool) and v >= 0), (key, v)
    assert d["priority"] in (None, True, False)
    assert isinstance(d["upper_bound"], bool)
    assert d["reasons"] or d["outcome"] == "needs_info", "a decision must say why"
    for r in d["reasons"]:
        doc, art = r["citation"]["document"], r["citation"]["article"]
        assert doc in policies, doc
        assert art in policies[doc].articles, f"{doc} has no article {art}"
        assert isinstance(r["text"], str) and r["text"].strip()
    if d["outcome"] == "needs_info":
        assert d["missing_facts"], "needs_info must list the missing facts"
        for f in d["missing_facts"]:
            assert f in prog.facts and f not in facts, f
    else:
        assert d["missing_facts"] == []
    if d["outcome"] == "ineligible":
        assert any(not r["passed"] for r in d["reasons"]), "ineligible without a failed reason"
        assert d["amount_cny"] in (None, 0)
    if d["policy_status"] == "draft":
        assert "policy_draft" in d["warnings"]
    json.dumps(d, ensure_ascii=False)


def _answer(prog_id: str, facts: dict[str, Any], as_of: str) -> tuple[Any, ...] | None:
    try:
        d = evaluate(prog_id, facts, as_of)
    except RulesInputError:
        return None
    named = tuple((k, d.values.get(k)) for k in ANSWER_VALUES)
    return (d.outcome, d.amount_cny, d.amount_per_year_cny, d.category, d.priority, named)


def _missing_fact_matters(prog: Program, facts: dict[str, Any], as_of: str,
                          missing: list[str]) -> None:
    """With one finite-valued fact missing, some value of it must change the answer."""
    if len(missing) != 1:
        return
    spec = prog.facts[missing[0]]
    if spec.type not in ("enum", "bool"):
        return
    answers = {_answer(prog.id, {**facts, spec.name: v}, as_of) for v in candidates(spec)}
    answers.discard(None)
    assert len(answers) > 1, f"{prog.id}: needs_info for {spec.name}, but every value gives " \
                             f"{answers} (facts {facts})"


@pytest.mark.parametrize("program_id", sorted(REGISTRY))
def test_program_invariants(program_id: str) -> None:
    prog = REGISTRY[program_id]
    decided = 0
    for i, facts in enumerate(fact_mixes(prog)):
        as_of = AS_OF[i % len(AS_OF)]
        locale = "en" if i % 2 else "zh_CN"
        try:
            d = evaluate(program_id, facts, as_of, locale).to_dict()
        except RulesInputError as exc:
            assert exc.code not in ("unknown_fact", "wrong_type", "invalid_date"), exc.to_dict()
            continue
        decided += 1
        _check(prog, facts, d)
        assert evaluate(program_id, facts, as_of, locale).to_dict() == d, "not deterministic"
        if d["outcome"] == "needs_info":
            _missing_fact_matters(prog, facts, as_of, d["missing_facts"])
    assert decided > SAMPLES // 2


def test_every_program_has_a_policy_and_known_roles() -> None:
    policies = all_policies()
    for prog in REGISTRY.values():
        assert prog.policy in policies, prog.id
        assert prog.title_zh and prog.title_en
        assert set(prog.roles) <= {"worker", "employer", "training_unit"}, prog.roles


def test_every_parameter_cites_an_existing_article() -> None:
    for pol in all_policies().values():
        for name, values in pol.parameters.items():
            for v in values:
                assert v.article in pol.articles, f"{pol.id}.{name} cites {v.article}"


def test_a_fact_name_means_the_same_in_every_program() -> None:
    """match() validates a profile once per program: shared names must share one spec."""
    specs: dict[str, FactSpec] = {}
    for prog in REGISTRY.values():
        for name, spec in prog.facts.items():
            assert specs.setdefault(name, spec) == spec, f"{name} differs in {prog.id}"
