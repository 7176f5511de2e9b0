"""Programme metadata kept in knowledge/: payment notes, money or rule, short names,
asking order, value labels; and one spelling of each document id."""

from __future__ import annotations

from knowledge.core import REGISTRY
from knowledge.meta import (
    all_meta,
    asking_order,
    decides_money,
    payment_notes,
    refining_facts,
    short_name,
    value_labels,
)
from knowledge.policy import all_policies


def test_every_programme_has_metadata_under_its_own_document() -> None:
    meta = all_meta()
    assert set(meta) == set(REGISTRY)
    for pid, m in meta.items():
        assert m.document == REGISTRY[pid].policy, pid
        for fact in m.ask_first + m.refining_facts:
            assert fact in REGISTRY[pid].facts, (pid, fact)


def test_payment_notes_are_bilingual_and_cited() -> None:
    for pid in REGISTRY:
        zh, en = payment_notes(pid, "zh_CN"), payment_notes(pid, "en")
        assert len(zh) == len(en)
        for (z, a), (e, b) in zip(zh, en, strict=True):
            assert z and e and z != e and a == b
            assert a in all_policies()[REGISTRY[pid].policy].articles
    assert any("次年发放" in t for t, _ in payment_notes("jiangmen.training_base", "zh_CN"))


def test_money_or_rule_order_and_names() -> None:
    assert not decides_money("china.retirement_age")
    assert decides_money("quzhou.competition_award")
    assert asking_order("jiangmen.training_project") == ("studio_project",)
    assert refining_facts("jiangsu.special_technician") == ("honors",)
    for doc in all_policies():
        assert short_name(doc, "zh_CN") and short_name(doc, "en")


def test_value_labels_name_every_value_in_both_languages() -> None:
    for fact in ("titles", "competition", "result", "level", "employer_type"):
        zh, en = value_labels(fact, "zh_CN"), value_labels(fact, "en")
        values = {v for p in REGISTRY.values() if fact in p.facts
                  for v in (p.facts[fact].values or ())}
        assert values and values == set(zh) == set(en), fact


def test_one_spelling_of_each_document_id() -> None:
    """A programme module and its case file are named by its document's id."""
    import importlib
    from pathlib import Path

    cases = Path(__file__).parent / "cases"
    for prog in REGISTRY.values():
        module = importlib.import_module(prog.rule.__module__).__name__.rsplit(".", 1)[1]
        assert module.startswith(prog.policy.replace("-", "_")), (prog.id, module)
        assert prog.policy in all_policies()
    for path in cases.glob("*.yaml"):
        if path.stem == "status":  # the one cross-document file: status on any date
            continue
        assert path.name.split(".")[0] in all_policies(), path.name
    documents = {p.policy for p in REGISTRY.values()}
    assert documents <= {p.name.split(".")[0] for p in cases.glob("*.yaml")}
