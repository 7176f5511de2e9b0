"""jiangmen.* programs: contract shape, the 2018 scheme's amounts, expiry, generic checks."""

from __future__ import annotations

import pytest

from knowledge.api import evaluate
from knowledge.core import REGISTRY, SKILL_LEVELS
from knowledge.policy import get_policy
from tests.knowledge.test_quzhou import AS_OF, RESULTS, TOPICS, check_program

POLICY = "jiangmen-gaoxin-craftsman-2018"
# The contract's facts plus those added since: the territorial condition on every
# programme, enterprise size, where hires come from, the scarce-skills list and the chief
# technician standard (the last three admit "unsure").
Z = {"in_jiangmen_high_tech_zone": ("bool", None)}
IN = {"in_jiangmen_high_tech_zone": True}
CONTRACT = {
    "jiangmen.training_base": {**Z},
    "jiangmen.skills_master_studio": {**Z, "leader_skill_level": ("enum", SKILL_LEVELS)},
    "jiangmen.self_evaluation": {**Z, "certified_high_skill": ("int", None),
                                 "enterprise_size": ("enum", ("large", "medium", "small",
                                                              "micro", "unsure"))},
    "jiangmen.training_project": {**Z, "grade": ("enum", (1, 2, 3)),
                                  "studio_project": ("bool", None)},
    "jiangmen.talent_introduction": {**Z, "senior_technicians": ("int", None),
                                     "technicians": ("int", None),
                                     "served_full_year": ("bool", None),
                                     "hired_from_outside_city": ("bool", None),
                                     "on_scarce_skills_list": ("bool", None)},
    "jiangmen.competition_hosting": {**Z, "budget_cny": ("money", None)},
    "jiangmen.competition_medal": {**Z, "result": ("enum", RESULTS)},
    "jiangmen.gaoxin_craftsman": {**Z, "jiangmen_chief_technician": ("bool", None)},
}
CHIEF = {**IN, "jiangmen_chief_technician": True}
# A given grade means the graded track; studio_project is only read when it is true.
EXEMPT = {"jiangmen.training_project": frozenset({"studio_project"})}


def test_every_contract_program_exists_with_exactly_its_facts() -> None:
    assert {k for k in REGISTRY if k.startswith("jiangmen.")} == set(CONTRACT)
    for pid, facts in CONTRACT.items():
        prog = REGISTRY[pid]
        assert prog.policy == POLICY and prog.topic in TOPICS and not prog.annual
        assert set(prog.facts) == set(facts), pid
        for name, (ftype, values) in facts.items():
            assert prog.facts[name].type == ftype, (pid, name)
            if values is not None:
                assert tuple(prog.facts[name].values or ()) == tuple(values), (pid, name)


@pytest.mark.parametrize("program_id", sorted(CONTRACT))
def test_generic_properties(program_id: str) -> None:
    assert check_program(program_id, EXEMPT.get(program_id, frozenset())) >= 1


@pytest.mark.parametrize("day,status", [("2018-12-28", "not_yet_in_force"),
                                        ("2018-12-29", "in_force"), ("2020-12-31", "in_force"),
                                        ("2021-01-01", "expired"), ("2026-11-20", "expired")])
def test_validity_window(day: str, status: str) -> None:
    d = evaluate("jiangmen.gaoxin_craftsman", CHIEF, day)
    assert d.policy_status == status
    assert d.amount_cny == 20_000  # judged under the scheme's terms whatever the date
    assert ("policy_expired" in d.warnings) == (status == "expired")


def test_policy_metadata() -> None:
    pol = get_policy(POLICY)
    assert pol.number == "江高办〔2018〕58号"
    assert (pol.issued.isoformat(), pol.valid_from.isoformat(), pol.valid_to.isoformat()) == \
        ("2018-12-29", "2018-12-29", "2020-12-31")


@pytest.mark.parametrize("n", range(0, 181))
def test_self_evaluation_counts_full_groups_of_30(n: int) -> None:
    d = evaluate("jiangmen.self_evaluation", {**IN, "enterprise_size": "medium",
                                              "certified_high_skill": n}, AS_OF)
    assert d.amount_cny == ((n // 30) * 30_000 or None)
    assert d.outcome == ("conditional" if n >= 30 else "ineligible")


def test_self_evaluation_and_training_project_say_they_do_not_combine() -> None:
    for pid, facts in (("jiangmen.self_evaluation", {**IN, "enterprise_size": "large",
                                                     "certified_high_skill": 30}),
                       ("jiangmen.training_project", {**IN, "grade": 1})):
        d = evaluate(pid, facts, AS_OF, "en")
        assert any(r.key == "no_double" and r.citation.article == "二（三）2" for r in d.reasons)


@pytest.mark.parametrize("grade,amount,quota", [(1, 100_000, 1), (2, 70_000, 2), (3, 50_000, 3)])
def test_training_project_grades(grade: int, amount: int, quota: int) -> None:
    d = evaluate("jiangmen.training_project", {**IN, "grade": grade}, AS_OF)
    assert (d.outcome, d.amount_cny, d.values["quota"], d.values["total_quota"]) == \
        ("conditional", amount, quota, 6)


@pytest.mark.parametrize("budget", [1, 2, 99_999, 100_000, 100_001, 1_000_000])
def test_hosting_is_half_the_budget_up_to_50000(budget: int) -> None:
    d = evaluate("jiangmen.competition_hosting", {**IN, "budget_cny": budget}, AS_OF)
    assert d.amount_cny == min(budget // 2, 50_000)
    assert d.upper_bound and d.outcome == "conditional"


@pytest.mark.parametrize("st,t", [(0, 1), (1, 0), (2, 3), (10, 10)])
def test_talent_introduction_per_head(st: int, t: int) -> None:
    facts = {**IN, "senior_technicians": st, "technicians": t, "served_full_year": True,
             "hired_from_outside_city": True, "on_scarce_skills_list": True}
    d = evaluate("jiangmen.talent_introduction", facts, AS_OF)
    assert (d.outcome, d.amount_cny) == ("eligible", st * 10_000 + t * 5_000)
    no_year = evaluate("jiangmen.talent_introduction", {**facts, "served_full_year": False},
                       AS_OF)
    assert (no_year.outcome, no_year.amount_cny) == ("ineligible", None)


@pytest.mark.parametrize("level", SKILL_LEVELS)
def test_studio_leader_level(level: str) -> None:
    d = evaluate("jiangmen.skills_master_studio", {**IN, "leader_skill_level": level}, AS_OF)
    senior = SKILL_LEVELS.index(level) >= SKILL_LEVELS.index("senior_technician")
    assert (d.outcome, d.amount_cny) == (("conditional", 50_000) if senior
                                         else ("ineligible", None))


@pytest.mark.parametrize("locale,needle", [("en", "does not state the amount"),
                                           ("zh_CN", "未写明金额")])
def test_medal_amount_is_unknown(locale: str, needle: str) -> None:
    d = evaluate("jiangmen.competition_medal", {**IN, "result": "bronze"}, AS_OF, locale)
    assert d.amount_cny is None and d.outcome == "conditional"
    assert any(needle in r.text for r in d.reasons)


@pytest.mark.parametrize("size,outcome", [("large", "conditional"), ("medium", "conditional"),
                                          ("small", "ineligible"), ("micro", "ineligible"),
                                          ("unsure", "conditional")])
def test_in_house_assessment_is_for_large_and_medium_enterprises(size: str, outcome: str) -> None:
    d = evaluate("jiangmen.self_evaluation", {**IN, "enterprise_size": size,
                                              "certified_high_skill": 30}, AS_OF)
    assert d.outcome == outcome
    if size == "unsure":
        (confirm,) = d.to_confirm
        assert confirm.fact == "enterprise_size" and "社会事务局" in confirm.who
