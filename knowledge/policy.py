"""Policy documents as data: articles, validity and dated parameters (OpenFisca style).

Each file in knowledge/policies/*.yaml describes one document. A parameter is a list of
dated values, each with the article that states it; a scheme ends with an end date
(valid_to), never by deletion.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

POLICY_DIR = Path(__file__).parent / "policies"
STATUSES = ("in_force", "draft", "expired", "not_yet_in_force")


@dataclass(frozen=True)
class Citation:
    """An article of a policy document, in the document's own numbering."""

    document: str
    article: str

    def to_dict(self) -> dict[str, str]:
        return {"document": self.document, "article": self.article}


@dataclass(frozen=True)
class Article:
    number: str
    title_zh: str
    title_en: str
    summary_zh: str
    summary_en: str
    keywords: tuple[str, ...] = ()

    def summary(self, locale: str) -> str:
        return self.summary_en if locale.startswith("en") else self.summary_zh

    def title(self, locale: str) -> str:
        return self.title_en if locale.startswith("en") else self.title_zh


@dataclass(frozen=True)
class ParamValue:
    value: Any
    article: str
    since: dt.date | None


@dataclass
class Policy:
    id: str
    title_zh: str
    title_en: str
    issuer_zh: str
    issuer_en: str
    number: str | None
    issued: dt.date | None
    region: str
    draft: bool
    valid_from: dt.date | None
    valid_to: dt.date | None
    articles: dict[str, Article]
    parameters: dict[str, list[ParamValue]] = field(default_factory=dict)
    effective_date_unknown: bool = False
    # False when valid_from is only the earliest date the text allows (its exact start is
    # unknown); valid_from_article is the article that gives that date.
    valid_from_exact: bool = True
    valid_from_article: str | None = None

    def period(self) -> dict[str, Any]:
        """The validity the decision reports: dates as ISO strings (or null)."""
        return {"valid_from": self.valid_from.isoformat() if self.valid_from else None,
                "valid_from_exact": self.valid_from_exact if self.valid_from else None,
                "valid_to": self.valid_to.isoformat() if self.valid_to else None,
                "draft": self.draft}

    def title(self, locale: str) -> str:
        return self.title_en if locale.startswith("en") else self.title_zh

    def status_on(self, day: dt.date) -> str:
        if self.draft:
            return "draft"
        if self.valid_from is not None and day < self.valid_from:
            return "not_yet_in_force"
        if self.valid_to is not None and day > self.valid_to:
            return "expired"
        return "in_force"

    def param(self, name: str, day: dt.date) -> ParamValue:
        """The value in force on `day`; before the first date, the first value applies."""
        values = self.parameters[name]
        chosen = values[0]
        for v in values:
            if v.since is None or v.since <= day:
                chosen = v
        return chosen

    def citation(self, article: str) -> Citation:
        if article not in self.articles:
            raise KeyError(f"{self.id}: no article {article!r} in the policy data")
        return Citation(self.id, article)


def _date(v: Any) -> dt.date | None:
    if v is None or isinstance(v, dt.date):
        return v
    return dt.date.fromisoformat(str(v))


# libyaml's loader where PyYAML was built with it (its wheels are): the same safe subset,
# about ten times faster, which every process that starts (bot, CLI, tests) pays once.
_YAML_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str) -> Any:
    """A YAML document of the knowledge data, read with the safe loader."""
    return yaml.load(text, Loader=_YAML_LOADER)  # noqa: S506 - a safe loader


def _load(path: Path) -> Policy:
    raw = load_yaml(path.read_text(encoding="utf-8"))
    articles = {}
    for a in raw["articles"]:
        num = str(a["number"])
        articles[num] = Article(
            number=num,
            title_zh=a.get("title", {}).get("zh", ""),
            title_en=a.get("title", {}).get("en", ""),
            summary_zh=a["summary"]["zh"],
            summary_en=a["summary"]["en"],
            keywords=tuple(a.get("keywords", ())),
        )
    params: dict[str, list[ParamValue]] = {}
    for name, p in (raw.get("parameters") or {}).items():
        vals = [ParamValue(value=v["value"], article=str(v["article"]), since=_date(v.get("from")))
                for v in p["values"]]
        for v in vals:
            if v.article not in articles:
                raise ValueError(f"{path.name}: parameter {name} cites missing article {v.article}")
        params[name] = sorted(vals, key=lambda v: v.since or dt.date.min)
    validity = raw.get("validity") or {}
    return Policy(
        id=raw["id"],
        title_zh=raw["title"]["zh"],
        title_en=raw["title"]["en"],
        issuer_zh=raw["issuer"]["zh"],
        issuer_en=raw["issuer"]["en"],
        number=raw.get("number"),
        issued=_date(raw.get("issued")),
        region=raw["region"],
        draft=raw.get("status") == "draft",
        valid_from=_date(validity.get("valid_from")),
        valid_to=_date(validity.get("valid_to")),
        articles=articles,
        parameters=params,
        effective_date_unknown=bool(validity.get("effective_date_unknown", False)),
        valid_from_exact=bool(validity.get("valid_from_exact", True)),
        valid_from_article=_article_ref(validity.get("valid_from_article"), articles, path),
    )


def _article_ref(value: Any, articles: dict[str, Article], path: Path) -> str | None:
    if value is None:
        return None
    if str(value) not in articles:
        raise ValueError(f"{path.name}: validity cites missing article {value}")
    return str(value)


@cache
def all_policies() -> dict[str, Policy]:
    out = {}
    for path in sorted(POLICY_DIR.glob("*.yaml")):
        pol = _load(path)
        out[pol.id] = pol
    return out


def get_policy(policy_id: str) -> Policy:
    return all_policies()[policy_id]
