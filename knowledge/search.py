"""Free-text search over policy articles and programs.

One index entry per (article, program) pair: an article that programs implement appears
once per program and carries that program's id; other articles carry no program. Text is
tokenised into jieba words and character bigrams (Chinese) and stemmed words plus
character trigrams (English), so a missing or wrong character still matches; entries are
ranked with Okapi BM25. The index is built once, on first use.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

import yaml

from knowledge.core import REGISTRY, Ctx, FactSpec, Program, RulesInputError
from knowledge.policy import POLICY_DIR, Policy, all_policies

SHANGHAI = ZoneInfo("Asia/Shanghai")
K1, B = 1.5, 0.75
MIN_SCORE = 3.5  # below this a hit is noise (calibrated on off-topic questions)
RELATIVE_CUT = 0.2  # drop hits scoring under this share of the best one
MIN_COVERAGE = 0.4  # a hit must match this share of the question's words
# Query-side weight per token kind: whole words count most, fragments help with typos.
KIND_WEIGHT = {"w": 1.0, "b": 0.5, "t": 0.3}
# Field weights: how many times a field's tokens are counted in an entry.
TITLE_W, KEYWORD_W, SUMMARY_W, CONTEXT_W = 2, 2, 1, 1

ZH_STOP = frozenset(
    "我 我们 的 了 吗 呢 吧 啊 呀 么 是 请问 一下 多少 多少钱 钱 什么 怎么 怎么样 怎样 如何 "
    "哪些 哪个 可以 能不能 能否 想 想问 问 知道 有没有 给 得 拿 领 要 会 还 也 都 就 和 与 及 "
    "或 吗 嘛 你 你们 他 她 这个 那个 这 那 关于 对于 如果 的话 现在 今天".split()
)
EN_STOP = frozenset(
    "a an the is are am was be been i me my we our you your it its this that these those in "
    "on of for to do does did how much many what which who whom can could would will shall "
    "should may get got there any and or with by from at as if about per so than then also "
    "tell please know want where when why hello hi thanks thank time today now".split()
)
# Words people use interchangeably, folded to one form (whole-word tokens only).
SYNONYMS = {
    "补贴": "补助", "资助": "补助", "经费": "补助", "补钱": "补助", "奖金": "奖励", "奖": "奖励",
    "比赛": "竞赛", "大赛": "竞赛", "技能赛": "竞赛", "subsidy": "grant", "subsidie": "grant",
    "funding": "grant", "fund": "grant", "contest": "competition", "prize": "award",
    "reward": "award", "bonu": "award", "bonus": "award", "centre": "center",
}
_RUN = re.compile(r"[\u4e00-\u9fff]+|[a-z0-9]+")
# Place names per policy region code: a question naming a place prefers that place's rules.
PLACES = {
    "quzhou": ("衢州", "浙江", "quzhou", "zhejiang"),
    "jiangmen": ("江门", "江海", "高新区", "广东", "jiangmen", "jianghai", "guangdong"),
    "jiangsu": ("江苏", "苏州", "南京", "无锡", "jiangsu"),
    "china": ("全国", "china"),
}
PLACE_BOOST = 1.5
EXPIRED_FACTOR = 0.85  # an expired scheme ranks below a current one on an equal match


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


# --- tokenising ---------------------------------------------------------------

@cache
def _jieba() -> Any:
    """A private jieba tokenizer (dictionary loaded once) that knows our keywords."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tk = jieba.Tokenizer()
    tk.initialize()
    for word in _domain_words():
        tk.add_word(word, freq=2000)
    return tk


def _domain_words() -> set[str]:
    words: set[str] = set()
    for pol in all_policies().values():
        for art in pol.articles.values():
            words.update(str(k) for k in art.keywords)
    for extra in _program_extras().values():
        words.update(extra[1])
    return {w for w in words if _RUN.fullmatch(w) and "\u4e00" <= w[0] <= "\u9fff"
            and 2 <= len(w) <= 6}


def _stem(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 5 and word.endswith("ing"):
        return word[:-3]
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _zh_groups(run: str) -> list[list[str]]:
    """One group per stopword-free chunk: its jieba words, then its character bigrams."""
    chunks: list[str] = []
    current = ""
    for word in _jieba().lcut(run):
        if word in ZH_STOP:
            chunks.append(current)
            current = ""
        else:
            current += word
    chunks.append(current)
    return [["w:" + SYNONYMS.get(w, w) for w in _jieba().lcut_for_search(c) if len(w) >= 2]
            + ["b:" + c[i:i + 2] for i in range(len(c) - 1)] for c in chunks if len(c) >= 2]


def _en_groups(word: str) -> list[list[str]]:
    if word in EN_STOP:
        return []
    stem = _stem(word)
    group = ["w:" + SYNONYMS.get(stem, stem)]
    if len(stem) >= 5 and not stem.isdigit():
        group += ["t:" + stem[i:i + 3] for i in range(len(stem) - 2)]
    return [group]


def token_groups(text: str) -> list[list[str]]:
    """Tokens grouped by the word or Chinese chunk they come from."""
    out: list[list[str]] = []
    for run in _RUN.findall(text.lower()):
        out += _zh_groups(run) if "\u4e00" <= run[0] <= "\u9fff" else _en_groups(run)
    return out


def tokenize(text: str) -> list[str]:
    """Index tokens of a text: 'w:' words, 'b:' Chinese bigrams, 't:' English trigrams."""
    return [t for group in token_groups(text) for t in group]


def coverage(groups: list[list[str]], tf: Counter[str]) -> float:
    """Share of the question's words and Chinese chunks that an entry matches; a chunk
    or a misspelt word counts by the share of its fragments found."""
    shares = []
    for group in groups:
        bigrams = [t for t in group if t.startswith("b:")]
        if bigrams:
            shares.append(sum(t in tf for t in bigrams) / len(bigrams))
        elif group[0] in tf:
            shares.append(1.0)
        else:
            trigrams = group[1:]
            shares.append(sum(t in tf for t in trigrams) / len(trigrams) if trigrams else 0.0)
    return sum(shares) / len(shares) if shares else 0.0


# --- which program implements which article -----------------------------------

@cache
def _program_extras() -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """program id -> (articles, keywords) from the optional `programs` section of YAML."""
    out: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
    for path in sorted(POLICY_DIR.glob("*.yaml")):
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for pid, extra in (raw.get("programs") or {}).items():
            out[pid] = (tuple(str(a) for a in extra.get("articles", ())),
                        tuple(str(k) for k in extra.get("keywords", ())))
    return out


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
    articles = list(_program_extras().get(prog.id, ((), ()))[0])
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
    def __init__(self, entries: list[_Entry]) -> None:
        self.entries = entries
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
            if s > 0:
                scored.append((s * factors.get(e.document, 1.0), e))
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


def _implementers() -> dict[tuple[str, str], list[Program]]:
    out: dict[tuple[str, str], list[Program]] = {}
    for prog in REGISTRY.values():
        for number in _cited_articles(prog):
            out.setdefault((prog.policy, number), []).append(prog)
    return out


@cache
def _index() -> _Index:
    import knowledge.programs  # noqa: F401  (registers every program)

    impl = _implementers()
    entries: list[_Entry] = []
    for pol in all_policies().values():
        for number in pol.articles:
            parts = _article_parts(pol, number)
            progs = impl.get((pol.id, number))
            if not progs:
                tf = _weighted(parts)
                entries.append(_Entry(None, pol.id, number, tf, sum(tf.values())))
                continue
            for prog in progs:
                keywords = _program_extras().get(prog.id, ((), ()))[1]
                tf = _weighted(parts + [(prog.title_zh + " " + prog.title_en, TITLE_W),
                                        (" ".join(keywords), KEYWORD_W)])
                entries.append(_Entry(prog.id, pol.id, number, tf, sum(tf.values())))
    return _Index(entries)


def _title(entry: _Entry, locale: str) -> str:
    if entry.program is not None:
        return REGISTRY[entry.program].title(locale)
    pol = all_policies()[entry.document]
    art = pol.articles[entry.article]
    if locale.startswith("en"):
        return f"{pol.title_en}, {entry.article}: {art.title_en}"
    return f"{pol.title_zh} {entry.article} {art.title_zh}"


def _factors(query: str, today: dt.date) -> dict[str, float]:
    low = query.lower()
    named = {region for region, names in PLACES.items() if any(n in low for n in names)}
    out: dict[str, float] = {}
    for pol in all_policies().values():
        f = PLACE_BOOST if pol.region in named else 1.0
        if pol.status_on(today) == "expired":
            f *= EXPIRED_FACTOR
        out[pol.id] = f
    return out


def search(query: str, limit: int = 5, locale: str = "zh_CN",
           today: dt.date | None = None) -> list[Hit]:
    """Best matching programs and articles for a free-text question, best first.

    `today` (default: the current date in China) only decides which schemes have expired.
    """
    if limit <= 0 or not query or not query.strip():
        return []
    today = today or dt.datetime.now(SHANGHAI).date()
    groups = token_groups(query)
    scored = [(s, e) for s, e in _index().score(tokenize(query), _factors(query, today))
              if s >= MIN_SCORE and coverage(groups, e.tf) >= MIN_COVERAGE]
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
