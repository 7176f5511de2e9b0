"""Text side of knowledge.search: tokenising questions and policy text.

Chinese runs are cut into jieba words (a private tokenizer that also knows the policy
keywords); stop words (including colloquial filler such as 哪年, 只, 有没有) split the run
into chunks, and each chunk also gives character bigrams, so a missing or wrong character
still matches. English words are lower-cased, lightly stemmed and also cut into character
trigrams for typos. A few interchangeable words share one form.

`analyse` gives both the index tokens and the question's content words (coverage units):
a Chinese word of two or more characters, or an English word, with its fragments.
"""

from __future__ import annotations

import functools
import logging
import re
import threading
from collections import Counter
from collections.abc import Callable
from functools import cache
from typing import Any, TypeVar

from knowledge.policy import POLICY_DIR, all_policies, load_yaml

T = TypeVar("T")

ZH_STOP = frozenset((
    # pronouns, particles, conjunctions
    "我 我们 咱 咱们 俺 你 你们 您 他 她 他们 她们 自己 人家 大家 的 地 了 着 过 吗 呢 吧 啊 呀 么 "
    "嘛 哦 哈 是 和 与 及 或 跟 还是 还有 也 都 就 就是 才 又 再 只 只有 只是 仅 已经 刚 刚刚 还 "
    "给 得 这 那 这个 那个 这些 那些 这种 那种 这样 那样 一个 一下 关于 对于 如果 的话 但是 "
    "因为 所以 然后 而且 比如 一般 大概 大约 具体 到底 究竟 一共 总共 现在 今天 "
    # question words and asking
    "请问 问 问问 想问 咨询 了解 打听 请教 帮忙 帮 告诉 说说 讲讲 知道 什么 啥 怎么 咋 怎么样 "
    "咋样 怎样 怎么办 如何 为什么 为啥 哪 哪些 哪个 哪里 哪儿 哪年 哪一年 几 几个 几年 几岁 几次 "
    "多大 多久 什么时候 啥时候 多少 是否 是不是 会不会 能不能 能否 可不可以 行不行 有没有 "
    "有没 没有 有啥 今年 还能 "
    # modal verbs and money words with no subject of their own
    "可以 能 会 要 想 拿 领 钱 多少钱 给钱 有钱 拿钱"
).split())
EN_STOP = frozenset((
    "a an the is are am was be been i me my we our you your it its this that these those in "
    "on of for to do does did how much many what which who whom can could would will shall "
    "should may might must get got there any and or with by from at as if about per so than "
    "then also tell please know want where when why hello hi thanks thank time today now "
    "don doesn didn isn aren won wouldn ll ve re just only still really some have has "
    "had need money"
).split())
# Words people use interchangeably, folded to one form (whole-word tokens only).
SYNONYMS = {
    "补贴": "补助", "资助": "补助", "经费": "补助", "补钱": "补助", "奖金": "奖励",
    "比赛": "竞赛", "大赛": "竞赛", "技能赛": "竞赛", "subsidy": "grant", "funding": "grant",
    "fund": "grant", "contest": "competition", "prize": "award", "reward": "award",
    "bonus": "award", "centre": "center",
}
# Words that say what kind of answer is wanted (money, conditions, how to apply), not which
# programme: they count half in the coverage of a question (after synonym folding).
INTENT_WORDS = frozenset(
    "申请 申报 办理 报名 补助 奖励 条件 要求 政策 标准 金额 待遇 "
    "apply application grant award condition requirement policy amount".split()
)
INTENT_WEIGHT = 0.5
_RUN = re.compile(r"[\u4e00-\u9fff]+|[a-z0-9]+")
# A number with an age unit ("56岁", "58 years old", "I'm 58") is a question about age: it
# adds the concept word, which the articles on age limits carry in their keywords.
_AGE = re.compile(r"\d+\s*(?:岁|周岁)|\d+\s*years?\s*old|\bi'?m\s+\d{2}\b|\baged?\s+\d{2}\b")
CONCEPTS = ((_AGE, ("年龄", "age")),)


@cache
def program_extras() -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """program id -> (articles, keywords) from the optional `programs` section of YAML."""
    out: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
    for path in sorted(POLICY_DIR.glob("*.yaml")):
        raw = load_yaml(path.read_text(encoding="utf-8")) or {}
        for pid, extra in (raw.get("programs") or {}).items():
            out[pid] = (tuple(str(a) for a in extra.get("articles", ())),
                        tuple(str(k) for k in extra.get("keywords", ())))
    return out


def built_once(build: Callable[[], T]) -> Callable[[], T]:
    """`build()` run once and kept, also when two threads ask first at the same time (the
    bot's warm-up thread and a first question): the later one waits for the first."""
    lock = threading.Lock()
    built: list[T] = []

    @functools.wraps(build)
    def get() -> T:
        if not built:
            with lock:
                if not built:
                    built.append(build())
        return built[0]

    return get


@built_once
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


def _zh_parts(run: str) -> tuple[list[str], list[list[str]]]:
    """Index tokens and content-word groups of a Chinese run. Bigrams come from the
    stopword-free chunks, so a bigram across two words still helps the ranking."""
    tokens: list[str] = []
    units: list[list[str]] = []
    chunks: list[str] = [""]
    for word in _jieba().lcut(run):
        if word in ZH_STOP:
            chunks.append("")
            continue
        chunks[-1] += word
        if len(word) >= 2:
            tokens += ["w:" + SYNONYMS.get(w, w) for w in _jieba().lcut_for_search(word)
                       if len(w) >= 2]
            units.append(["w:" + SYNONYMS.get(word, word)] + _bigrams(word))
    for chunk in chunks:
        tokens += _bigrams(chunk)
    return tokens, units


def _bigrams(text: str) -> list[str]:
    return ["b:" + text[i:i + 2] for i in range(len(text) - 1)]


def _en_group(word: str) -> list[str]:
    if word in EN_STOP or (len(word) < 2 and not word.isdigit()):
        return []
    stem = _stem(word)
    group = ["w:" + SYNONYMS.get(stem, stem)]
    if len(stem) >= 5 and not stem.isdigit():
        group += ["t:" + stem[i:i + 3] for i in range(len(stem) - 2)]
    return group


def analyse(text: str) -> tuple[list[str], list[list[str]]]:
    """(index tokens, content-word groups) of a text: tokens are 'w:' words, 'b:' Chinese
    bigrams and 't:' English trigrams; a group is one content word and its fragments."""
    tokens: list[str] = []
    units: list[list[str]] = []
    low = text.lower()
    for pattern, words in CONCEPTS:
        if pattern.search(low):
            tokens += [f"w:{w}" for w in words]
            units.append([f"w:{w}" for w in words])
    for run in _RUN.findall(low):
        if "\u4e00" <= run[0] <= "\u9fff":
            run_tokens, run_units = _zh_parts(run)
            tokens += run_tokens
            units += run_units
        elif group := _en_group(run):
            tokens += group
            if not run.isdigit():  # a bare number helps the ranking, not the coverage
                units.append(group)
    return tokens, units


def token_groups(text: str) -> list[list[str]]:
    """The content words of a text, each with its fragments (see `coverage`)."""
    return analyse(text)[1]


def tokenize(text: str) -> list[str]:
    """Index tokens of a text: 'w:' words, 'b:' Chinese bigrams, 't:' English trigrams."""
    return analyse(text)[0]


def coverage(groups: list[list[str]], tf: Counter[str]) -> float:
    """Share of the question's content words that an entry matches: a word counts fully
    when the entry has it, else by the share of its fragments found (typos, other cuts).
    Intent words (INTENT_WORDS) weigh half."""
    total = found = 0.0
    for group in groups:
        weight = INTENT_WEIGHT if group[0][2:] in INTENT_WORDS else 1.0
        fragments = group[1:]
        if group[0].startswith("w:") and any(g in tf for g in group if g.startswith("w:")):
            share = 1.0
        elif group[0] in tf:
            share = 1.0
        else:
            share = sum(t in tf for t in fragments) / len(fragments) if fragments else 0.0
        total += weight
        found += weight * share
    return found / total if total else 0.0
