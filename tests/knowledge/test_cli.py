"""`python -m knowledge.cli` through a real subprocess: JSON in, JSON out, exit codes."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from knowledge.cli import main

ROOT = Path(__file__).resolve().parents[2]
VENV_PY = ROOT / ".venv" / "bin" / "python"
PYTHON = str(VENV_PY if VENV_PY.exists() else sys.executable)

GOOD = {"program": "jiangsu.excellent_technician", "as_of": "2026-11-20",
        "facts": {"skill_level": "senior_technician", "birth_date": "1975-06-15", "sex": "male",
                  "plan_year": 2026, "leading_talent": True, "previous_plan_end": None}}


def run(command: str, stdin: str) -> tuple[int, Any, str]:
    proc = subprocess.run([PYTHON, "-m", "knowledge.cli", command], input=stdin, cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    return proc.returncode, json.loads(proc.stdout), proc.stderr


def with_facts(**facts: Any) -> str:
    return json.dumps({**GOOD, "facts": {**GOOD["facts"], **facts}})


@pytest.mark.slow  # a `python -m knowledge.cli` subprocess
def test_programs_lists_every_program_with_its_facts() -> None:
    code, out, err = run("programs", "")
    assert code == 0 and err == ""
    ids = [p["id"] for p in out]
    assert {"china.retirement_age", "jiangsu.excellent_technician",
            "jiangsu.special_technician.pilot_enterprise"} <= set(ids)
    excellent = next(p for p in out if p["id"] == "jiangsu.excellent_technician")
    assert excellent["facts"]["previous_plan_end"] == {"type": "date", "nullable": True}
    assert excellent["title"]["zh"].startswith("江苏省卓越技师")


@pytest.mark.slow  # a `python -m knowledge.cli` subprocess
def test_evaluate_one_object() -> None:
    code, out, err = run("evaluate", json.dumps(GOOD))
    assert (code, err) == (0, "")
    assert (out["outcome"], out["amount_cny"], out["category"]) == ("eligible", 20000, "A")
    assert all(r["citation"]["document"] == "jiangsu-excellent-technician" for r in out["reasons"])


@pytest.mark.slow  # a `python -m knowledge.cli` subprocess
def test_evaluate_an_array_keeps_the_order() -> None:
    second = {"program": "jiangsu.excellent_technician.completion", "as_of": "2026-11-20",
              "facts": {"attendance_ratio": 0.5}, "locale": "en"}
    code, out, _ = run("evaluate", json.dumps([GOOD, second]))
    assert code == 0
    assert [d["program"] for d in out] == [GOOD["program"], second["program"]]
    assert out[1]["outcome"] == "ineligible"
    assert "fails automatically" in out[1]["reasons"][0]["text"]


@pytest.mark.slow  # a `python -m knowledge.cli` subprocess
def test_match_returns_best_first_and_no_ineligible() -> None:
    profile = {"as_of": "2026-11-20", "role": "worker",
               "facts": {"skill_level": "senior_technician", "birth_date": "1975-06-15",
                         "sex": "male", "leading_talent": True, "previous_plan_end": None}}
    code, out, _ = run("match", json.dumps(profile))
    assert code == 0
    assert out and all(d["outcome"] != "ineligible" for d in out)
    in_force = [d["policy_status"] == "in_force" for d in out]
    assert in_force == sorted(in_force, reverse=True)
    ids = [d["program"] for d in out]
    assert "jiangsu.excellent_technician" in ids
    amounts = [d["amount_cny"] or -1 for d in out if d["policy_status"] == "in_force"]
    assert amounts == sorted(amounts, reverse=True)


MALFORMED = [
    # (name, command, stdin, code, field, allowed must contain)
    ("broken JSON", "evaluate", '{"program": ', "invalid_json", None, None),
    ("empty input", "evaluate", "", "invalid_json", None, None),
    ("unknown program", "evaluate", json.dumps({**GOOD, "program": "jiangsu.nope"}),
     "unknown_program", "program", "jiangsu.excellent_technician"),
    ("missing program", "evaluate", json.dumps({"facts": {}}), "missing_field", "program",
     "china.retirement_age"),
    ("unknown fact", "evaluate", with_facts(salary=3), "unknown_fact", "facts.salary",
     "plan_year"),
    ("wrong type", "evaluate", with_facts(plan_year="2026"), "wrong_type", "facts.plan_year",
     None),
    ("bool as string", "evaluate", with_facts(leading_talent="yes"), "wrong_type",
     "facts.leading_talent", True),
    ("outside enum", "evaluate", with_facts(skill_level="master"), "invalid_value",
     "facts.skill_level", "senior_technician"),
    ("impossible date", "evaluate", with_facts(birth_date="1975-13-40"), "invalid_date",
     "facts.birth_date", "YYYY-MM-DD"),
    ("impossible as_of", "evaluate", json.dumps({**GOOD, "as_of": "2026-02-30"}), "invalid_date",
     "as_of", "YYYY-MM-DD"),
    ("unknown request field", "evaluate", json.dumps({**GOOD, "date": "2026-01-01"}),
     "unknown_field", "date", "as_of"),
    ("facts not an object", "evaluate", json.dumps({**GOOD, "facts": [1]}), "wrong_type",
     "facts", None),
    ("request not an object", "evaluate", "42", "wrong_type", None, "program"),
    ("bad item in an array", "evaluate",
     json.dumps([GOOD, {**GOOD, "facts": {"sex": "x"}}]), "invalid_value", "[1].facts.sex",
     "female"),
    ("unsupported locale", "evaluate", json.dumps({**GOOD, "locale": "fr"}), "invalid_value",
     "locale", "en"),
    ("out of range", "evaluate",
     json.dumps({"program": "jiangsu.excellent_technician.completion",
                 "facts": {"attendance_ratio": 7}}), "out_of_range", "facts.attendance_ratio",
     None),
    ("match: unknown role", "match", json.dumps({"role": "boss", "facts": {}}), "invalid_value",
     "role", "employer"),
    ("match: fact no program knows", "match", json.dumps({"facts": {"shoe_size": 42}}),
     "unknown_fact", "facts.shoe_size", "birth_date"),
    ("match: wrong type", "match", json.dumps({"facts": {"sex": 1}}), "invalid_value",
     "facts.sex", "male"),
    ("search: no query", "search", json.dumps({"limit": 3}), "wrong_type", "query", None),
    ("search: unknown field", "search", json.dumps({"query": "x", "k": 3}), "unknown_field", "k",
     "query"),
]


@pytest.mark.slow  # a `python -m knowledge.cli` subprocess
@pytest.mark.parametrize(("name", "command", "stdin", "code", "field", "allowed"), MALFORMED,
                         ids=[m[0] for m in MALFORMED])
def test_malformed_requests_exit_2_with_a_json_error(name: str, command: str, stdin: str,
                                                     code: str, field: str | None,
                                                     allowed: Any) -> None:
    status, out, err = run(command, stdin)
    assert status == 2, out
    assert err == "", err  # never a traceback
    assert set(out) == {"error"}
    error = out["error"]
    assert set(error) == {"code", "message", "field", "allowed"}
    assert error["code"] == code and error["field"] == field
    assert isinstance(error["message"], str) and error["message"]
    if allowed is not None:
        assert allowed in error["allowed"], error["allowed"]


@pytest.mark.slow  # a `python -m knowledge.cli` subprocess
def test_unknown_command_exits_2() -> None:
    proc = subprocess.run([PYTHON, "-m", "knowledge.cli", "frobnicate"], input="", cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and proc.stderr == ""
    error = json.loads(proc.stdout)["error"]
    assert error["code"] == "unknown_command" and "evaluate" in error["allowed"]


def test_main_in_process_uses_the_given_streams() -> None:
    out = io.StringIO()
    assert main(["evaluate"], io.StringIO(json.dumps(GOOD)), out) == 0
    assert json.loads(out.getvalue())["category"] == "A"
    out = io.StringIO()
    assert main([], io.StringIO(""), out) == 2
    assert json.loads(out.getvalue())["error"]["field"] == "command"
