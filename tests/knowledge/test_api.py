"""knowledge.api: validation, defaults, match ordering, policy status."""

from __future__ import annotations

import datetime as dt

import pytest

import knowledge
from knowledge import api
from knowledge.core import RulesInputError

WORKER = {"skill_level": "senior_technician", "birth_date": "1975-06-15", "sex": "male",
          "plan_year": 2026, "leading_talent": True, "previous_plan_end": None}


def test_package_reexports_the_api() -> None:
    assert knowledge.evaluate is api.evaluate
    assert knowledge.match is api.match
    assert {"evaluate", "evaluate_request", "list_programs", "match", "policy_status"} <= set(
        knowledge.__all__)


def test_as_of_defaults_to_today_in_shanghai(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(api, "today", lambda: dt.date(2030, 5, 6))
    assert api.evaluate("jiangsu.excellent_technician.deferral", {}).as_of == dt.date(2030, 5, 6)


def test_today_is_utc_plus_8() -> None:
    def shanghai() -> dt.date:
        return (dt.datetime.now(dt.UTC) + dt.timedelta(hours=8)).date()

    before = shanghai()
    got = api.today()
    assert got in {before, shanghai()}


def test_evaluate_accepts_dates_and_strings_alike() -> None:
    a = api.evaluate("jiangsu.excellent_technician", WORKER, "2026-11-20")
    b = api.evaluate("jiangsu.excellent_technician", WORKER, dt.date(2026, 11, 20))
    assert a.to_dict() == b.to_dict()


def test_unknown_program_names_the_allowed_ids() -> None:
    with pytest.raises(RulesInputError) as info:
        api.evaluate("jiangsu.excelent_technician", {})
    assert info.value.code == "unknown_program" and info.value.field == "program"
    assert "jiangsu.excellent_technician" in info.value.allowed


def test_unknown_fact_names_the_programs_facts() -> None:
    with pytest.raises(RulesInputError) as info:
        api.evaluate("jiangsu.excellent_technician", {**WORKER, "salary": 1})
    assert info.value.field == "facts.salary"
    assert "previous_plan_end" in info.value.allowed


def test_locale_changes_the_language_of_reasons() -> None:
    zh = api.evaluate("jiangsu.excellent_technician.deferral", {"previous_deferrals": 1},
                      "2026-11-20", "zh_CN")
    en = api.evaluate("jiangsu.excellent_technician.deferral", {"previous_deferrals": 1},
                      "2026-11-20", "en-US")
    assert en.reasons[0].text.startswith("Deferrals already used: 1")
    assert zh.outcome == en.outcome == "ineligible"


def test_evaluate_request_rejects_unknown_keys() -> None:
    with pytest.raises(RulesInputError) as info:
        api.evaluate_request({"program": "china.retirement_age", "fact": {}})
    assert info.value.code == "unknown_field" and "facts" in info.value.allowed


def test_match_ignores_facts_a_program_does_not_know_and_drops_ineligible() -> None:
    facts = {**WORKER, "employer_is_pilot": False, "attendance_ratio": 0.5}
    decisions = api.match(facts, "worker", "2026-11-20")
    ids = [d.program for d in decisions]
    assert "jiangsu.excellent_technician" in ids
    assert "jiangsu.special_technician" not in ids  # not a pilot employer → ineligible
    assert "jiangsu.excellent_technician.completion" not in ids  # 50% attendance fails
    assert all(d.outcome != "ineligible" for d in decisions)
    assert "jiangsu.special_technician.pilot_enterprise" not in ids  # an employer program


def test_match_orders_in_force_first_then_by_amount() -> None:
    """In force first (contract); the rest grouped draft, not yet in force, expired; by
    amount within each group."""
    decisions = api.match(WORKER, "worker", "2026-11-20")
    keys = [(api.STATUS_RANK[d.policy_status],
             -(d.amount_cny if d.amount_cny is not None else -1)) for d in decisions]
    assert keys == sorted(keys)
    assert decisions[0].policy_status == "in_force"


def test_match_for_employers() -> None:
    decisions = api.match({"above_scale": True, "has_run_senior_technician_assessment": True,
                           "senior_technicians": 2}, "employer", "2026-11-20")
    pilot = next(d for d in decisions if d.program == "jiangsu.special_technician.pilot_enterprise")
    assert pilot.outcome == "conditional"


def test_policy_status() -> None:
    assert api.policy_status("china-retirement-age-2024", "2024-12-31") == "not_yet_in_force"
    assert api.policy_status("china-retirement-age-2024", dt.date(2025, 1, 1)) == "in_force"
    assert api.policy_status("jiangsu-excellent-technician", "2026-11-20") == "in_force"
    with pytest.raises(RulesInputError) as info:
        api.policy_status("nope", "2026-01-01")
    assert "jiangsu-special-technician-pilot" in info.value.allowed


def test_list_programs_describes_facts() -> None:
    programs = {p["id"]: p for p in api.list_programs()}
    special = programs["jiangsu.special_technician"]
    assert special["facts"]["fraud_year"]["nullable"] is True
    assert "standard_lead_expert" in special["facts"]["honors"]["items"]
    assert special["policy"] == "jiangsu-special-technician-pilot"
