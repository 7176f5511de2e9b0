"""Text side of knowledge.search: tokenising questions and policy text.

Chinese runs are cut into stopword-free chunks; each chunk gives jieba words (a private
tokenizer that also knows the policy keywords) and character bigrams, so a missing or
wrong character still matches. English words are lower-cased, lightly stemmed and also
cut into character trigrams for typos. A few interchangeable words share one form.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from functools import cache
from typing import Any

import yaml

from knowledge.policy import POLICY_DIR, all_policies

ZH_STOP = frozenset(
    "我 我们 的 了 吗 呢 吧 啊 呀 么 是 请问 一下 多少 多少钱 钱 什么 怎么 怎么样 怎样 如何 "
    "哪些 哪个 可以 能不能 能否 想 想问 问 知道 有没有 给 得 拿 领 要 会 还 也 都 就 和 与 及 "
    "或 嘛 你 你们 他 她 这个 那个 这 那 关于 对于 如果 的话 现在 今天".split()
)
EN_STOP = frozenset(
    "a an the is are am was be been i me my we our you your it its this that these those in "
    "on of for to do does did how much many what which who whom can could would will shall "
    "should may get got there any and or with by from at as if about per so than then also "
    "tell please know want where when why hello hi thanks thank time today now".split()
)
# Words people use interchangeably, folded to one form (whole-word tokens only).
SYNONYMS = {
    "补贴": "补助", "资助": "补助", "经费": "补助", "补钱": "补助", "奖金": "奖励",
    "比赛": "竞赛", "大赛": "竞赛", "技能赛": "竞赛", "subsidy": "grant", "funding": "grant",
    "fund": "grant", "contest": "competition", "prize": "award", "reward": "award",
    "bonus": "award", "centre": "center",
}
_RUN = re.compile(r"[\u4e00-\u9fff]+|[a-z0-9]+")


@cache
def program_extras() -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """program id -> (articles, keywords) from the optional `programs` section of YAML."""
    out: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
    for path in sorted(POLICY_DIR.glob("*.yaml")):
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for pid, extra in (raw.get("programs") or {}).items():
            out[pid] = (tuple(str(a) for a in extra.get("articles", ())),
                        tuple(str(k) for k in extra.get("keywords", ())))
    return out


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
    for extra in program_extras().values():
        words.update(extra[1])
    return {w for w in words if _RUN.fullmatch(w) and "\u4e00" <= w[0] <= "\u9fff"
            and 2 <= len(w) <= 6}


def _stem(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 5 and word.endswith("ing"):
        return word[:-3]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us")):
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
