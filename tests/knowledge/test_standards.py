"""Yes/no facts about another authority's judgement or another document's standard."""

from __future__ import annotations

import pytest

from knowledge.api import evaluate, list_programs
from knowledge.core import REGISTRY, UNSURE

STANDARDS = {"leading_talent", "chief_technician_qualified", "exceptional", "employer_is_pilot",
             "enterprise_size", "on_scarce_skills_list", "jiangmen_chief_technician",
             "receives_recruitment_subsidy"}


def test_each_standard_admits_unsure_and_explains_itself_in_both_languages() -> None:
    found = set()
    for prog in REGISTRY.values():
        for name, spec in prog.facts.items():
            if spec.unsure:
                found.add(name)
                assert spec.explain and all(spec.explain), name
                assert spec.decided_by and all(spec.decided_by), name
                assert spec.coerce(UNSURE) == UNSURE
    assert found == STANDARDS
    schema = {p["id"]: p["facts"] for p in list_programs()}
    assert schema["jiangsu.excellent_technician"]["leading_talent"]["unsure"] == UNSURE
    assert schema["jiangsu.excellent_technician"]["leading_talent"]["explain"]["zh"]


@pytest.mark.parametrize("program,facts,fact", [
    ("jiangsu.special_technician",
     {"skill_level": "senior_technician", "years_as_senior_technician": 6,
      "in_same_occupation": True, "honors": [], "fraud_year": None}, "employer_is_pilot"),
    ("jiangmen.self_evaluation", {"in_jiangmen_high_tech_zone": True,
                                  "certified_high_skill": 30}, "enterprise_size"),
    ("jiangmen.gaoxin_craftsman", {"in_jiangmen_high_tech_zone": True},
     "jiangmen_chief_technician"),
    ("quzhou.recruitment_uplift", {"in_quzhou": True, "hire_skill_level": "technician",
                                   "base_subsidy_cny": None},
     "receives_recruitment_subsidy"),
])
def test_not_sure_gives_conditional_with_who_confirms_never_a_question(
        program: str, facts: dict, fact: str) -> None:
    for locale in ("zh_CN", "en"):
        d = evaluate(program, {**facts, fact: UNSURE}, "2026-11-20", locale)
        assert d.outcome == "conditional" and not d.missing_facts
        (confirm,) = [c for c in d.to_confirm if c.fact == fact]
        assert confirm.who and confirm.text and confirm.citation.article
        assert d.to_dict()["to_confirm"][0]["who"] == confirm.who
