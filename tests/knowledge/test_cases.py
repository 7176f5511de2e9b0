"""Runs every policy case in tests/knowledge/cases/*.yaml (OpenFisca-style scenarios).

A case file is a YAML list of cases:

    - name: what the case shows
      as_of: 2026-11-20          # optional, defaults to 2026-11-20 for reproducibility
      locale: en                 # optional, zh_CN by default
      program: jiangsu.excellent_technician
      facts: {...}               # as in a JSON request (YAML dates are turned into strings)
      expected:                  # a subset of the decision dict; every key listed is checked
        outcome: eligible
        amount_cny: 20000
        values: {eligible_again_from: 2027-09-30}   # subset of values
        values.plan_year: 2026                       # dotted keys work too
        missing_facts: [previous_plan_end]           # compared as a set
        failed: [rejoin_gap]                         # keys of the reasons that failed (set)
        passed: [category]                           # keys that must be present and passed
        warnings: [external_criteria]                # each must be present
        text_contains: "too low"                     # some reason text contains it
        cites: {reform_applies: 第一条}              # reason key -> the article it cites
        step_kinds: [status, remind]                 # kinds among next_steps (subset)
        no_step_kinds: [apply, prepare]              # kinds that must not be there
        step_contains: "2029"                        # some next step's text contains it
        error: out_of_range                          # RulesInputError code instead of a decision
        field: facts.plan_year                       # ... and its field
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from knowledge.api import evaluate
from knowledge.core import RulesInputError

CASES_DIR = Path(__file__).parent / "cases"
DEFAULT_AS_OF = "2026-11-20"
CASE_KEYS = {"name", "as_of", "locale", "program", "facts", "expected"}


def _jsonish(obj: Any) -> Any:
    """What the case would look like as JSON: dates become ISO strings."""
    return json.loads(json.dumps(obj, default=lambda v: v.isoformat()
                                 if isinstance(v, dt.date) else str(v)))


def _load() -> list[Any]:
    params = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        cases = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        assert isinstance(cases, list), f"{path.name}: a case file is a list of cases"
        for i, case in enumerate(cases):
            case = _jsonish(case)
            params.append(pytest.param(case, id=f"{path.stem}[{i}]:{case.get('name', '?')}"))
    return params


def _check_expected(decision: dict[str, Any], expected: dict[str, Any]) -> None:
    reasons = decision["reasons"]
    for key, want in expected.items():
        if key == "failed":
            got = {r.get("key") for r in reasons if not r["passed"]}
            assert got == set(want), f"failed reasons {sorted(got)} != {sorted(want)}"
        elif key == "passed":
            got = {r.get("key") for r in reasons if r["passed"]}
            assert set(want) <= got, f"passed reasons {sorted(got)} lack {sorted(want)}"
        elif key == "missing_facts":
            assert set(decision["missing_facts"]) == set(want), decision["missing_facts"]
        elif key == "warnings":
            assert set(want) <= set(decision["warnings"]), decision["warnings"]
        elif key == "cites":
            for name, article in want.items():
                got = [r["citation"]["article"] for r in reasons if r.get("key") == name]
                assert got and set(got) == {article}, f"{name} cites {got}, not {article}"
        elif key == "step_kinds":
            kinds = {st["kind"] for st in decision["next_steps"]}
            assert set(want) <= kinds, f"next step kinds {sorted(kinds)} lack {want}"
        elif key == "no_step_kinds":
            kinds = {st["kind"] for st in decision["next_steps"]}
            assert not set(want) & kinds, f"next step kinds {sorted(kinds)} include {want}"
        elif key == "step_contains":
            assert any(want in st["text"] for st in decision["next_steps"]), \
                [st["text"] for st in decision["next_steps"]]
        elif key == "text_contains":
            assert any(want in r["text"] for r in reasons), [r["text"] for r in reasons]
        elif key == "values":
            for name, value in want.items():
                assert decision["values"].get(name) == value, \
                    f"values.{name}: {decision['values'].get(name)!r} != {value!r}"
        elif key.startswith("values."):
            name = key.split(".", 1)[1]
            assert decision["values"].get(name) == want, f"{key}: {decision['values'].get(name)!r}"
        else:
            assert key in decision, f"unknown expected key {key!r}"
            assert decision[key] == want, f"{key}: {decision[key]!r} != {want!r}"


@pytest.mark.parametrize("case", _load())
def test_case(case: dict[str, Any]) -> None:
    assert set(case) <= CASE_KEYS, f"unknown case keys {set(case) - CASE_KEYS}"
    expected = dict(case["expected"])
    run = lambda: evaluate(case["program"], case.get("facts") or {},  # noqa: E731
                           case.get("as_of", DEFAULT_AS_OF), case.get("locale", "zh_CN"))
    if "error" in expected:
        with pytest.raises(RulesInputError) as info:
            run()
        assert info.value.code == expected.pop("error"), info.value.to_dict()
        if "field" in expected:
            assert info.value.field == expected.pop("field"), info.value.to_dict()
        assert not expected, f"unchecked keys next to error: {sorted(expected)}"
        return
    _check_expected(run().to_dict(), expected)


def test_case_files_exist() -> None:
    assert len(_load()) >= 30


def test_checker_catches_mismatches() -> None:
    decision = {"outcome": "eligible", "values": {"x": 1}, "missing_facts": [], "warnings": [],
                "reasons": [{"passed": False, "key": "a", "text": "t",
                             "citation": {"document": "d", "article": "第二条"}}]}
    for wrong in ({"outcome": "ineligible"}, {"values": {"x": 2}}, {"failed": []},
                  {"missing_facts": ["y"]}, {"warnings": ["w"]}, {"text_contains": "zz"},
                  {"passed": ["a"]}, {"values.x": 3}, {"nonsense": 1},
                  {"cites": {"a": "第一条"}}):
        with pytest.raises(AssertionError):
            _check_expected(decision, wrong)
    _check_expected(decision, {"outcome": "eligible", "failed": ["a"], "values.x": 1,
                               "cites": {"a": "第二条"}})
