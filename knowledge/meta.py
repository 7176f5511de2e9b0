"""Programme metadata kept with the policy data: next steps, payment notes, asking order,
short document names, value labels. Pure accessors over knowledge/policies/*.yaml (the
`programs` section of each file, plus `meta` for the document) and the programme modules.

The bot reads all of this through these functions; nothing here knows about the bot.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from knowledge.facts import pick
from knowledge.policy import POLICY_DIR, all_policies, load_yaml

Pair = tuple[str, str]


@dataclass(frozen=True)
class StepData:
    """One next step as data: kind, text and who as (zh, en), the article it rests on, and
    the outcomes it applies to."""

    kind: str
    text: Pair
    article: str | None = None
    who: Pair | None = None
    on: tuple[str, ...] = ("eligible", "conditional")

    def text_in(self, locale: str, values: dict[str, Any]) -> str:
        text = pick(self.text, locale)
        return text.format(**values) if values and "{" in text else text


@dataclass(frozen=True)
class ProgramMeta:
    program: str
    document: str
    articles: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    steps: tuple[StepData, ...] = ()
    on_failed: dict[str, tuple[StepData, ...]] = field(default_factory=dict)
    responsible: Pair | None = None  # the units a draft names as responsible
    payment_notes: tuple[tuple[Pair, str], ...] = ()  # ((zh, en), article)
    ask_first: tuple[str, ...] = ()
    refining_facts: tuple[str, ...] = ()
    decides: str = "amount"  # "amount" (a figure) or "rule" (a rule check, no money)


def _pair(raw: Any) -> Pair | None:
    if raw is None:
        return None
    return (str(raw["zh"]), str(raw["en"]))


def _step(raw: dict[str, Any], document: str) -> StepData:
    article = raw.get("article")
    if article is not None and str(article) not in all_policies()[document].articles:
        raise ValueError(f"{document}: a next step cites missing article {article}")
    text = _pair(raw["text"])
    assert text is not None
    return StepData(kind=str(raw["kind"]), text=text,
                    article=str(article) if article is not None else None,
                    who=_pair(raw.get("who")),
                    on=tuple(raw.get("on", ("eligible", "conditional"))))


@cache
def _raw_files() -> dict[str, dict[str, Any]]:
    out = {}
    for path in sorted(Path(POLICY_DIR).glob("*.yaml")):
        raw = load_yaml(path.read_text(encoding="utf-8")) or {}
        out[str(raw["id"])] = raw
    return out


@cache
def all_meta() -> dict[str, ProgramMeta]:
    out: dict[str, ProgramMeta] = {}
    for doc, raw in _raw_files().items():
        common = [_step(s, doc) for s in (raw.get("meta") or {}).get("common_steps", ())]
        for pid, extra in (raw.get("programs") or {}).items():
            notes = tuple((_pair(n["text"]), str(n["article"]))
                          for n in extra.get("payment_notes", ()))
            for _, article in notes:
                if article not in all_policies()[doc].articles:
                    raise ValueError(f"{pid}: a payment note cites missing article {article}")
            doc_notes = tuple((_pair(n["text"]), str(n["article"]))
                              for n in (raw.get("meta") or {}).get("payment_notes", ()))
            notes = notes + doc_notes
            for _, article in notes:
                if article not in all_policies()[doc].articles:
                    raise ValueError(f"{pid}: a payment note cites missing article {article}")
            out[pid] = ProgramMeta(
                program=pid, document=doc,
                articles=tuple(str(a) for a in extra.get("articles", ())),
                keywords=tuple(str(k) for k in extra.get("keywords", ())),
                steps=tuple([_step(s, doc) for s in extra.get("steps", ())] + common),
                on_failed={str(k): tuple(_step({**s, "on": ["ineligible"]}, doc) for s in v)
                           for k, v in (extra.get("on_failed") or {}).items()},
                responsible=_pair(extra.get("responsible")),
                payment_notes=notes,  # type: ignore[arg-type]
                ask_first=tuple(extra.get("ask_first", ())),
                refining_facts=tuple(extra.get("refining_facts", ())),
                decides=str(extra.get("decides", "amount")))
    return out


def program_meta(program: str) -> ProgramMeta:
    """The metadata of one programme (an empty record when the YAML has none)."""
    from knowledge.registry import REGISTRY

    meta = all_meta().get(program)
    if meta is not None:
        return meta
    prog = REGISTRY.get(program)
    return ProgramMeta(program=program, document=prog.policy if prog else "")


@cache
def document_meta(document: str) -> dict[str, Any]:
    """A document's own metadata: short names (zh, en) and the like."""
    raw = _raw_files().get(document) or {}
    return dict(raw.get("meta") or {})


def short_name(document: str, locale: str) -> str:
    """The short name of a document for citations ("卓越技师培育计划实施办法" ...)."""
    meta = document_meta(document)
    pair = _pair(meta.get("short_name"))
    if pair:
        return pick(pair, locale)
    policy = all_policies().get(document)
    return policy.title(locale) if policy else document


def payment_notes(program: str, locale: str) -> list[tuple[str, str]]:
    """How a programme pays ("one-time", "every year", "only the highest title" ...), each
    with its article: the programme's own notes, then its document's common ones."""
    return [(pick(text, locale), article) for text, article in program_meta(program).payment_notes]


def decides_money(program: str) -> bool:
    """False for programmes that apply a rule rather than grant money (retirement age, the
    plan's tools, the pilot-enterprise check)."""
    return program_meta(program).decides != "rule"


def asking_order(program: str) -> tuple[str, ...]:
    """Facts to ask before the rules' own order (where that order would be less natural)."""
    return program_meta(program).ask_first


def refining_facts(program: str) -> tuple[str, ...]:
    """Facts that never change the outcome but refine the answer (asked last)."""
    return program_meta(program).refining_facts


@cache
def _value_labels() -> dict[str, dict[Any, Pair]]:
    out: dict[str, dict[Any, Pair]] = {}
    for raw in _raw_files().values():
        for fact, values in ((raw.get("meta") or {}).get("value_labels") or {}).items():
            for value, pair in values.items():
                out.setdefault(str(fact), {})[value] = (str(pair["zh"]), str(pair["en"]))
    return out


def value_labels(fact: str, locale: str) -> dict[Any, str]:
    """How to name each value of an enum or list fact ({value: label}), where the policy
    data names them (e.g. titles, competition, result, level, employer_type)."""
    return {v: pick(pair, locale) for v, pair in _value_labels().get(fact, {}).items()}
