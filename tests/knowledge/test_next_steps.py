"""Next steps on every decision: kinds, citations, and what the policy status allows."""

from __future__ import annotations

import pytest

from knowledge.api import evaluate, match
from knowledge.core import REGISTRY, STEP_KINDS, RulesInputError
from knowledge.meta import all_meta, program_meta
from knowledge.policy import all_policies
from tests.knowledge.test_all_programs import fact_mixes

DAYS = ("2019-06-01", "2021-06-01", "2024-06-01", "2026-11-20")
NOT_OPEN = {"apply", "prepare", "when", "after", "benefit", "confirm", "way_forward"}


@pytest.mark.parametrize("program_id", sorted(REGISTRY))
def test_steps_follow_status_and_cite_existing_articles(program_id: str) -> None:
    policies = all_policies()
    for i, facts in enumerate(fact_mixes(REGISTRY[program_id], 60)):
        try:
            d = evaluate(program_id, facts, DAYS[i % len(DAYS)], "en" if i % 2 else "zh_CN")
        except RulesInputError:
            continue
        kinds = [s.kind for s in d.next_steps]
        assert set(kinds) <= set(STEP_KINDS), kinds
        assert d.status_text
        for s in d.next_steps:
            assert s.text.strip()
            if s.citation is not None:
                assert s.citation.article in policies[s.citation.document].articles
        if d.policy_status != "in_force":
            assert kinds[0] == "status" and not set(kinds) & NOT_OPEN, kinds
            assert ("remind" in kinds) == (d.policy_status == "draft")
        elif d.outcome in ("eligible", "conditional", "ineligible"):
            assert kinds, (program_id, facts)
        else:
            assert kinds == []  # needs_info: the missing facts come first


def test_every_programme_in_force_has_its_own_steps_or_says_the_text_is_silent() -> None:
    for pid in REGISTRY:
        meta = program_meta(pid)
        assert meta.document == REGISTRY[pid].policy
    assert set(all_meta()) <= set(REGISTRY)


def test_next_steps_are_serialised() -> None:
    d = evaluate("jiangsu.special_technician", {"employer_is_pilot": False}, "2026-01-01").to_dict()
    (first, *_) = d["next_steps"]
    assert set(first) == {"kind", "text", "who", "citation"}
    assert first["citation"] == {"document": "jiangsu-special-technician-pilot", "article": "四（三）"}
    assert {"status_text", "policy_period", "to_confirm"} <= set(d)


def test_match_for_a_training_unit_lists_the_excellent_technician_funding() -> None:
    programs = [d.program for d in match({}, "training_unit", "2026-03-01")]
    assert "jiangsu.excellent_technician" in programs


def test_match_groups_open_then_draft_then_ended() -> None:
    order = {"in_force": 0, "draft": 1, "not_yet_in_force": 2, "expired": 3}
    for role in ("worker", "employer", "training_unit"):
        statuses = [order[d.policy_status] for d in match({}, role, "2026-03-01")]
        assert statuses == sorted(statuses), role
