"""quzhou.* programs: contract shape, the draft's amounts and generic decision properties.

The generic checks (`combos`, `check_program`) are reused by test_jiangmen.py: they run a
program on every combination of sample facts (including absent ones) and check that
needs_info asks only for facts that matter, that a decision taken without a fact does not
depend on it, that every reason cites an existing article and that Chinese is complete.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterator
from typing import Any

import pytest

from knowledge.api import evaluate
from knowledge.core import OUTCOMES, PAYEES, REGISTRY, SKILL_LEVELS
from knowledge.policy import get_policy

AS_OF = "2026-11-20"
ABSENT = object()
TITLES = ("quzhou_great_craftsman", "quzhou_outstanding_craftsman", "quzhou_craftsman",
          "quzhou_youth_craftsman")
LEVELS = ("city", "provincial", "national")
RESULTS = ("gold", "silver", "bronze", "excellence")
TOPICS = {"titles_medals", "competitions", "allowances", "studios_bases", "recruiting",
          "hosting", "training_plan", "evaluation", "retirement"}

# The contract's facts (contracts/rules-api.md): name -> (type, allowed values or None),
# plus the facts added since: the territorial condition (in_quzhou) and whether the base
# recruitment subsidy is received (a yes/no that admits "unsure").
IN_QZ = {"in_quzhou": ("bool", None)}
QZ = {"in_quzhou": True}
CONTRACT = {
    "quzhou.craftsman_award": {"titles": ("list", TITLES)},
    "quzhou.study_exchange": {**IN_QZ},
    "quzhou.competition_award": {**IN_QZ, "competition": ("enum", ("worldskills", "national", "zhejiang")),
                                 "result": ("enum", RESULTS),
                                 "organizer_award_cny": ("money", None)},
    "quzhou.worldskills_training_base": {**IN_QZ, "projects": ("int", None)},
    "quzhou.worldskills_team_sponsor": {**IN_QZ, "members": ("int", None)},
    "quzhou.competition_hosting": {"occupations": ("int", None), "in_city_plan": ("bool", None)},
    "quzhou.certification_demo_enterprise": {},
    "quzhou.skills_master_studio": {**IN_QZ, "level": ("enum", LEVELS)},
    "quzhou.public_training_base": {**IN_QZ, "level": ("enum", LEVELS), "annual_trainees": ("int", None)},
    "quzhou.technician_allowance": {**IN_QZ, "skill_level": ("enum", SKILL_LEVELS),
                                    "employer_type": ("enum", ("enterprise", "institution",
                                                               "other")),
                                    "shortage_occupation": ("bool", None),
                                    "frontline_matching_post": ("bool", None)},
    "quzhou.recruitment_uplift": {**IN_QZ, "base_subsidy_cny": ("money", None),
                                  "hire_skill_level": ("enum", SKILL_LEVELS),
                                  "receives_recruitment_subsidy": ("bool", None)},
}

# Sample values for integer facts, chosen around each threshold.
INT_SAMPLES = {
    "projects": [0, 1, 3], "members": [0, 1, 2], "occupations": [0, 1, 4, 5, 6],
    "annual_trainees": [0, 1000, 1001], "organizer_award_cny": [0, 1, 12345],
    "base_subsidy_cny": [0, 1005, 2000, None], "certified_high_skill": [0, 29, 30, 59, 60],
    "senior_technicians": [0, 1, 2], "technicians": [0, 1, 3],
    "budget_cny": [0, 60000, 100000, 100001],
}


def samples(program_id: str, name: str) -> list[Any]:
    spec = REGISTRY[program_id].facts[name]
    if spec.type == "enum":
        return list(spec.values or ())
    if spec.type == "bool":
        return [True, False, "unsure"] if spec.unsure else [True, False]
    if spec.type == "list":
        items = list(spec.values or ())
        return [list(c) for n in range(len(items) + 1) for c in itertools.combinations(items, n)]
    return INT_SAMPLES[name]


def combos(program_id: str) -> Iterator[dict[str, Any]]:
    """Every combination of sample values, each fact also possibly absent."""
    names = list(REGISTRY[program_id].facts)
    for values in itertools.product(*[[ABSENT, *samples(program_id, n)] for n in names]):
        yield {n: v for n, v in zip(names, values, strict=True) if v is not ABSENT}


def answer(program_id: str, facts: dict[str, Any], locale: str = "zh_CN") -> tuple[Any, ...]:
    d = evaluate(program_id, facts, AS_OF, locale)
    return (d.outcome, d.amount_cny, d.amount_per_year_cny, tuple(sorted(d.missing_facts)))


def _fact_matters(program_id: str, facts: dict[str, Any], fact: str,
                  missing: list[str]) -> bool:
    """True if, over completions of the missing facts, changing `fact` changes the answer."""
    others = [m for m in missing if m != fact]
    for rest in itertools.product(*[samples(program_id, m) for m in others]):
        base = {**facts, **dict(zip(others, rest, strict=True))}
        if len({answer(program_id, {**base, fact: v}) for v in samples(program_id, fact)}) > 1:
            return True
    return False


def check_program(program_id: str, exempt: frozenset[str] = frozenset()) -> int:
    """Run every combination; return how many were checked. `exempt`: facts whose absence
    is read as "the other branch" (documented in the program)."""
    prog = REGISTRY[program_id]
    policy = get_policy(prog.policy)
    n = 0
    for facts in combos(program_id):
        n += 1
        d = evaluate(program_id, facts, AS_OF, "zh_CN")
        assert d.outcome in OUTCOMES and d.payee in PAYEES
        assert (d.outcome == "needs_info") == bool(d.missing_facts), (facts, d.to_dict())
        assert set(d.missing_facts) <= set(prog.facts) - set(facts)
        for r in d.reasons:
            assert r.citation.document == prog.policy and r.citation.article in policy.articles
            assert re.search(r"[\u4e00-\u9fff]", r.text), r.text  # translated
            assert not re.search(r"[A-Za-z]{4,}", r.text), r.text
        if d.outcome == "needs_info":
            for m in d.missing_facts:
                assert _fact_matters(program_id, facts, m, d.missing_facts), (facts, m)
            continue
        if d.outcome != "ineligible":
            assert d.amount_cny is not None or d.amount_per_year_cny is not None \
                or program_id == "jiangmen.competition_medal" \
                or "uplift_ratio" in d.values  # the base subsidy is another policy's
        mine = answer(program_id, facts)
        for absent in set(prog.facts) - set(facts) - exempt:
            for v in samples(program_id, absent):
                assert answer(program_id, {**facts, absent: v})[:3] == mine[:3], \
                    (facts, absent, v)
    return n


# --- contract shape ----------------------------------------------------------------

def test_every_contract_program_exists_with_exactly_its_facts() -> None:
    ours = {k for k in REGISTRY if k.startswith("quzhou.")}
    assert ours == set(CONTRACT)
    for pid, facts in CONTRACT.items():
        prog = REGISTRY[pid]
        assert prog.policy == "quzhou-craftsman-draft" and prog.topic in TOPICS
        assert prog.title_zh and prog.title_en
        assert set(prog.facts) == set(facts), pid
        for name, (ftype, values) in facts.items():
            assert prog.facts[name].type == ftype, (pid, name)
            if values is not None:
                assert tuple(prog.facts[name].values or ()) == tuple(values), (pid, name)


def test_only_the_allowance_is_annual() -> None:
    assert [k for k in CONTRACT if REGISTRY[k].annual] == ["quzhou.technician_allowance"]


# Without the base subsidy the uplift answers with the 30% rule (conditional, no amount):
# giving the base then refines the amount (and implies the subsidy is received), so the
# absence of either is not "any value".
EXEMPT = {"quzhou.recruitment_uplift": frozenset({"base_subsidy_cny", "receives_recruitment_subsidy"})}


@pytest.mark.parametrize("program_id", sorted(CONTRACT))
def test_generic_properties(program_id: str) -> None:
    assert check_program(program_id, EXEMPT.get(program_id, frozenset())) >= 1


# --- the draft's figures --------------------------------------------------------------

def test_the_draft_is_a_draft_on_any_day() -> None:
    for day in ("2020-01-01", "2026-11-20", "2035-01-01"):
        d = evaluate("quzhou.study_exchange", {}, day)
        assert d.policy_status == "draft"
        assert {"policy_draft", "effective_date_unknown"} <= set(d.warnings)


@pytest.mark.parametrize("n", range(len(TITLES) + 1))
def test_craftsman_award_pays_only_the_highest_title(n: int) -> None:
    table = dict(zip(TITLES, (100000, 60000, 20000, 6000), strict=True))
    for titles in itertools.combinations(TITLES, n):
        d = evaluate("quzhou.craftsman_award", {"titles": list(titles)}, AS_OF)
        assert d.amount_cny == (max(table[t] for t in titles) if titles else None)


@pytest.mark.parametrize("competition,table", [
    ("worldskills", (1_000_000, 500_000, 300_000, 150_000)),
    ("national", (300_000, 200_000, 100_000, 50_000)),
])
def test_competition_award_tables(competition: str, table: tuple[int, ...]) -> None:
    for result, amount in zip(RESULTS, table, strict=True):
        d = evaluate("quzhou.competition_award", {**QZ, "competition": competition,
                                                  "result": result}, AS_OF)
        assert (d.outcome, d.amount_cny, d.payee) == ("eligible", amount, "person")


@pytest.mark.parametrize("prize", [1, 999, 50_000, 123_457])
def test_zhejiang_match_is_exactly_one_to_one(prize: int) -> None:
    d = evaluate("quzhou.competition_award", {**QZ, "competition": "zhejiang",
                                              "organizer_award_cny": prize}, AS_OF)
    assert d.amount_cny == prize and not d.upper_bound


@pytest.mark.parametrize("n", range(0, 12))
def test_hosting_is_10000_per_occupation_capped_at_50000(n: int) -> None:
    d = evaluate("quzhou.competition_hosting", {"occupations": n, "in_city_plan": True}, AS_OF)
    assert d.amount_cny == (min(10_000 * n, 50_000) if n else None)
    assert d.payee == ("organizer" if n else None)


@pytest.mark.parametrize("trainees,eligible", [(0, False), (999, False), (1000, False),
                                               (1001, True), (20000, True)])
def test_city_training_base_needs_more_than_1000(trainees: int, eligible: bool) -> None:
    d = evaluate("quzhou.public_training_base", {**QZ, "level": "city",
                                                 "annual_trainees": trainees}, AS_OF)
    assert d.outcome == ("eligible" if eligible else "ineligible")
    assert (d.amount_cny, d.upper_bound) == ((200_000, True) if eligible else (None, False))


@pytest.mark.parametrize("level", SKILL_LEVELS)
def test_allowance_by_level(level: str) -> None:
    facts = {**QZ, "skill_level": level, "employer_type": "enterprise", "shortage_occupation": True,
             "frontline_matching_post": True}
    d = evaluate("quzhou.technician_allowance", facts, AS_OF)
    expected = {"technician": ("eligible", 5000), "senior_technician": ("eligible", 10000),
                "special_technician": ("conditional", 10000),
                "chief_technician": ("conditional", 10000)}.get(level, ("ineligible", None))
    assert (d.outcome, d.amount_per_year_cny) == expected
    assert d.amount_cny is None  # the draft sets no end: no total


@pytest.mark.parametrize("level", SKILL_LEVELS)
def test_uplift_starts_at_senior_worker(level: str) -> None:
    d = evaluate("quzhou.recruitment_uplift", {**QZ, "base_subsidy_cny": 3000,
                                               "hire_skill_level": level}, AS_OF)
    high = SKILL_LEVELS.index(level) >= SKILL_LEVELS.index("senior_worker")
    assert d.amount_cny == (3900 if high else None)


def test_reasons_in_english_are_english() -> None:
    d = evaluate("quzhou.competition_award", {**QZ, "competition": "worldskills",
                                              "result": "gold"}, AS_OF, "en")
    assert "1,000,000 yuan" in d.reasons[-1].text
    zh = evaluate("quzhou.competition_award", {**QZ, "competition": "worldskills",
                                               "result": "gold"}, AS_OF, "zh_CN")
    assert "世界技能大赛金牌" in zh.reasons[-1].text


def test_dates_do_not_change_the_draft_amounts() -> None:
    for day in (dt.date(2021, 1, 1), dt.date(2030, 1, 1)):
        d = evaluate("quzhou.skills_master_studio", {**QZ, "level": "national"}, day)
        assert d.amount_cny == 100_000
