"""Free-text search over policy articles and programs.

One index entry per (article, program) pair: an article that programs implement appears
once per program and carries that program's id; other articles carry no program. Text is
tokenised by knowledge.search_text; entries are ranked with Okapi BM25, then a hit must
also cover enough of the question's content words. A sub-rule (a programme whose id
extends its plan's id) that the question does not name ranks below its plan. The index is
built once, on first use, or read from the directory given to `use_index_cache`.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from knowledge import index_cache
from knowledge.articles import english
from knowledge.core import REGISTRY, Ctx, FactSpec, Program, RulesInputError
from knowledge.policy import Policy, all_policies
from knowledge.regions import find_regions
from knowledge.search_text import analyse, built_once, coverage, program_extras, tokenize

K1, B = 1.5, 0.75
MIN_SCORE = 3.5  # below this a hit is noise (calibrated on off-topic questions)
RELATIVE_CUT = 0.2  # drop hits scoring under this share of the best one
MIN_COVERAGE = 0.45  # a hit must match this share of the question's words
# Query-side weight per token kind: whole words count most, fragments help with typos.
KIND_WEIGHT = {"w": 1.0, "b": 0.5, "t": 0.3}
# Field weights: how many times a field's tokens are counted in an entry.
TITLE_W, KEYWORD_W, SUMMARY_W, CONTEXT_W = 2, 2, 1, 1

# Place names per policy region code: a question naming a place prefers that place's rules.
PLACES = {
    "quzhou": ("衢州", "浙江", "quzhou", "zhejiang"),
    "jiangmen": ("江门", "江海", "高新区", "广东", "jiangmen", "jianghai", "guangdong"),
    "jiangsu": ("江苏", "苏州", "南京", "无锡", "jiangsu"),
    "china": ("全国", "china"),
}
PLACE_BOOST = 1.5
EXPIRED_FACTOR = 0.85  # an expired scheme ranks below a current one on an equal match
SUB_RULE_CAP = 0.99  # an unnamed sub-rule scores at most this share of its parent programme
# What kind of answer a question wants, and the articles that give it: a question about an
# amount prefers an article stating amounts, one about who is paid an article on payment.
INTENTS = (
    (re.compile(r"多少钱|补多少|给多少|补助多少|补贴多少|奖励多少|奖多少|多少补|金额|how much"),
     re.compile(r"\d[\d,.]*\s*万?元|\d[\d,]*\s*yuan"), 1.25),
    (re.compile(r"发给|给谁|打给|拨给|个人|本人|who (?:gets|receives)|paid to|to me\b"),
     re.compile(r"拨付|拨给|发给|paid|goes to"), 1.25),
)


@dataclass(frozen=True)
class Hit:
    program: str | None
    document: str
    article: str
    score: float
    title: str

    def to_dict(self) -> dict[str, Any]:
        return {"program": self.program, "document": self.document, "article": self.article,
                "score": self.score, "title": self.title}


@dataclass
class _Entry:
    program: str | None
    document: str
    article: str
    tf: Counter[str]
    length: int
    text: str = ""  # the article's summaries (zh + en), for the intent factors


# --- which program implements which article -----------------------------------

def _probe_facts(prog: Program) -> Iterable[dict[str, Any]]:
    """A few fact sets that walk a program through its branches (to collect citations)."""
    yield {}
    base: dict[str, Any] = {}
    variants: list[tuple[str, Any]] = []
    for name, spec in prog.facts.items():
        options = _probe_values(spec)
        if options:
            base[name] = options[0]
            variants += [(name, v) for v in options[1:]]
    yield base
    for name, value in variants:
        yield {**base, name: value}


def _probe_values(spec: FactSpec) -> list[Any]:
    """Valid (coerced) sample values of one fact, the first being the default."""
    raw: list[Any] = {
        "enum": list(spec.values or ()),
        "bool": [True, False],
        "int": [1, 100], "money": [1, 100000], "year": [2025], "number": [1, 30],
        "ratio": [1.0, 0.0], "date": ["1975-06-15", "1965-06-15"],
        "list": [list(spec.values or ())[:1], []],
    }.get(spec.type, [])
    out = []
    for value in raw:
        try:
            out.append(spec.coerce(value))
        except RulesInputError:
            continue
    return out


def _cited_articles(prog: Program) -> list[str]:
    articles = list(program_extras().get(prog.id, ((), ()))[0])
    for facts in _probe_facts(prog):
        try:
            ctx = Ctx(prog, facts, dt.date(2025, 1, 1), "zh_CN")
            decision = prog.rule(ctx)
        except Exception:  # a probe may be rejected; the explicit list still applies
            continue
        articles += [r.citation.article for r in decision.reasons
                     if r.citation.document == prog.policy]
    return list(dict.fromkeys(articles))


# --- the index -----------------------------------------------------------------

class _Index:
    def __init__(self, entries: list[_Entry], own_words: dict[str, frozenset[str]]) -> None:
        self.entries = entries
        self.own_words = own_words  # sub-rule id -> words that name it, not its parent
        self.avgdl = sum(e.length for e in entries) / max(len(entries), 1)
        df: Counter[str] = Counter()
        for e in entries:
            df.update(e.tf.keys())
        n = len(entries)
        self.idf = {t: math.log(1 + (n - d + 0.5) / (d + 0.5)) for t, d in df.items()}

    def score(self, query: list[str], factors: dict[str, float]) -> list[tuple[float, _Entry]]:
        """BM25 of every entry, times a per-document factor (place named, expiry)."""
        terms = [t for t in dict.fromkeys(query) if t in self.idf]
        scored = []
        for e in self.entries:
            norm = K1 * (1 - B + B * e.length / self.avgdl)
            s = 0.0
            for t in terms:
                tf = e.tf.get(t, 0)
                if tf:
                    s += KIND_WEIGHT[t[0]] * self.idf[t] * tf * (K1 + 1) / (tf + norm)
            s *= factors.get(e.document, 1.0)
            if s > 0:
                scored.append((s, e))
        scored.sort(key=lambda x: -x[0])
        return scored


def _weighted(parts: Iterable[tuple[str, int]]) -> Counter[str]:
    tf: Counter[str] = Counter()
    for text, weight in parts:
        for tok in tokenize(text):
            tf[tok] += weight
    return tf


def _article_parts(pol: Policy, number: str) -> list[tuple[str, int]]:
    art = pol.articles[number]
    return [(art.title_zh + " " + art.title_en, TITLE_W),
            (" ".join(str(k) for k in art.keywords), KEYWORD_W),
            (art.summary_zh + " " + art.summary_en, SUMMARY_W),
            (" ".join((pol.title_zh, pol.title_en, *PLACES.get(pol.region, ()))), CONTEXT_W)]


def _implementers(cited: dict[str, list[str]]) -> dict[tuple[str, str], list[Program]]:
    out: dict[tuple[str, str], list[Program]] = {}
    for prog in REGISTRY.values():
        for number in cited[prog.id]:
            out.setdefault((prog.policy, number), []).append(prog)
    return out


def parent_of(program: str) -> str | None:
    """The registered programme whose id prefixes this one (a sub-rule's plan), if any."""
    head = program.rpartition(".")[0]
    while head and head not in REGISTRY:
        head = head.rpartition(".")[0]
    return head or None


def _naming_words(prog: Program, cited: list[str]) -> set[str]:
    """Words of a programme's titles and keywords and of its articles' titles and keywords."""
    pol = all_policies()[prog.policy]
    texts = [prog.title_zh, prog.title_en, *program_extras().get(prog.id, ((), ()))[1]]
    for number in cited:
        art = pol.articles[number]
        texts += [art.title_zh, art.title_en, *(str(k) for k in art.keywords)]
    return {t for t in tokenize(" ".join(texts)) if t.startswith("w:")}


def _own_words(cited: dict[str, list[str]]) -> dict[str, frozenset[str]]:
    """Sub-rule id -> the words that name it and not its parent programme."""
    out: dict[str, frozenset[str]] = {}
    for prog in REGISTRY.values():
        parent = parent_of(prog.id)
        if parent is not None:
            words = _naming_words(prog, cited[prog.id])
            out[prog.id] = frozenset(words - _naming_words(REGISTRY[parent], cited[parent]))
    return out


def _build() -> _Index:
    import knowledge.programs  # noqa: F401  (registers every program)

    cited = {prog.id: _cited_articles(prog) for prog in REGISTRY.values()}
    impl = _implementers(cited)
    entries: list[_Entry] = []
    for pol in all_policies().values():
        for number in pol.articles:
            parts = _article_parts(pol, number)
            # BM25 normalises by the article's own text: the programme's title and keywords
            # are shared by all its articles and must not penalise a long article against
            # a short one of the same programme.
            own = sum(_weighted(parts[:3]).values())
            progs = impl.get((pol.id, number))
            if not progs:
                tf = _weighted(parts)
                entries.append(_Entry(None, pol.id, number, tf, own, parts[2][0]))
                continue
            for prog in progs:
                keywords = program_extras().get(prog.id, ((), ()))[1]
                tf = _weighted(parts + [(prog.title_zh + " " + prog.title_en, TITLE_W),
                                        (" ".join(keywords), KEYWORD_W)])
                entries.append(_Entry(prog.id, pol.id, number, tf, own, parts[2][0]))
    return _Index(entries, _own_words(cited))



# --- the index kept on disk (knowledge/index_cache.py) ---------------------------

def use_index_cache(directory: str | os.PathLike[str] | None) -> None:
    """Keep the built index in `directory` and read it from there when it was built from
    the same knowledge/ files and jieba version (about a second of one core saved at each
    start); None (the default): memory only."""
    index_cache.use_directory(directory)


def _to_json(index: _Index) -> dict[str, Any]:
    return {"entries": [[e.program, e.document, e.article, dict(e.tf), e.length, e.text]
                        for e in index.entries],
            "own_words": {k: sorted(v) for k, v in index.own_words.items()}}


def _from_json(raw: dict[str, Any]) -> _Index:
    entries = [_Entry(p, d, a, Counter(tf), int(n), str(text))
               for p, d, a, tf, n, text in raw["entries"]]
    return _Index(entries, {k: frozenset(v) for k, v in raw["own_words"].items()})


@built_once
def _index() -> _Index:
    return index_cache.load_or_build("search-index", _build, _to_json, _from_json)


def _title(entry: _Entry, locale: str) -> str:
    if entry.program is not None:
        return REGISTRY[entry.program].title(locale)
    pol = all_policies()[entry.document]
    art = pol.articles[entry.article]
    if locale.startswith("en"):
        return f"{pol.title_en}, {english(entry.article)}: {art.title_en}"
    return f"{pol.title_zh} {entry.article} {art.title_zh}"


def _factors(query: str, today: dt.date) -> dict[str, float]:
    """Per document: a boost when the question names its place (or a city of its
    province), a discount once it has expired, and 0 for regional documents when the
    question names only places we do not cover (上海: only national rules can apply)."""
    low = query.lower()
    named = {region for region, names in PLACES.items() if any(n in low for n in names)}
    mentions = find_regions(query)
    for m in mentions:
        if m.covered:
            named |= {m.region.code, m.region.province}
    elsewhere = bool(mentions) and not any(m.covered or m.partly for m in mentions)
    out: dict[str, float] = {}
    for pol in all_policies().values():
        if elsewhere and pol.region != "china":
            out[pol.id] = 0.0
            continue
        f = PLACE_BOOST if pol.region in named else 1.0
        if pol.status_on(today) == "expired":
            f *= EXPIRED_FACTOR
        out[pol.id] = f
    return out


def _prefer_parents(scored: list[tuple[float, _Entry]], query: set[str],
                    own_words: dict[str, frozenset[str]]) -> list[tuple[float, _Entry]]:
    """A sub-rule that the question does not name ranks below its parent programme (when
    the parent matches too): 'excellent technician plan' means the plan, not its rules."""
    best: dict[str, float] = {}
    for score, entry in scored:
        if entry.program is not None:
            best.setdefault(entry.program, score)
    out = []
    for score, entry in scored:
        parent = parent_of(entry.program) if entry.program else None
        if parent in best and not own_words.get(entry.program or "", frozenset()) & query:
            score = min(score, best[parent] * SUB_RULE_CAP)
        out.append((score, entry))
    out.sort(key=lambda x: -x[0])
    return out


def _intent(entry: _Entry, wanted: list[tuple[re.Pattern[str], float]]) -> float:
    f = 1.0
    for text, factor in wanted:
        if text.search(entry.text):
            f *= factor
    return f


def search(query: str, limit: int = 5, locale: str = "zh_CN",
           today: dt.date | None = None) -> list[Hit]:
    """Best matching programs and articles for a free-text question, best first.

    `today` (default: the current date in China) only decides which schemes have expired.
    """
    if limit <= 0 or not query or not query.strip():
        return []
    if today is None:
        from knowledge.api import today as clock  # the one place that reads the clock

        today = clock()
    tokens, groups = analyse(query)
    index = _index()
    low = query.lower()
    wanted = [(text, factor) for asked, text, factor in INTENTS if asked.search(low)]
    scored = [(s * _intent(e, wanted), e) for s, e in index.score(tokens, _factors(query, today))
              if s >= MIN_SCORE and coverage(groups, e.tf) >= MIN_COVERAGE]
    scored = _prefer_parents(scored, set(tokens), index.own_words)
    if not scored:
        return []
    floor = scored[0][0] * RELATIVE_CUT
    hits: list[Hit] = []
    seen: set[str] = set()
    for score, entry in scored:
        if score < floor or len(hits) >= limit:
            break
        if entry.program is not None:
            if entry.program in seen:
                continue
            seen.add(entry.program)
        hits.append(Hit(entry.program, entry.document, entry.article, round(score, 2),
                        _title(entry, locale)))
    return hits
