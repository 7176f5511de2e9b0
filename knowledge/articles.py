"""Article numbers in the reader's language. Pure.

The policy data cites articles in the documents' own numbering: 第二十三条 (an article),
第五条第二款 (its paragraph), 二（三）9 (part, section and item of an outline), 决定一
(a point of a decision), 附件1 (an annex), 序言 (the preamble). In Chinese a number is
shown as the document writes it; in English it reads "Art. 23", "Art. 5 (2)",
"Part 2 (3) 9", "Decision, point 1", "Annex 1", "Preamble". Every reference found in
knowledge/policies/ has a rendering here (tests/knowledge/test_articles.py checks them).
"""

from __future__ import annotations

import re

DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
          "七": 7, "八": 8, "九": 9}
UNITS = {"十": 10, "百": 100}
NUMERAL = "[零〇一二两三四五六七八九十百]+"
_NUM = f"(?:{NUMERAL}|\\d+)"

_ARTICLE = re.compile(f"^第({_NUM})条(?:第({_NUM})款)?(?:第({_NUM})项)?$")
_OUTLINE = re.compile(f"^({NUMERAL})(?:（({_NUM})）)?(\\d+)?$")
_DECISION = re.compile(f"^决定({_NUM})$")
_ANNEX = re.compile(f"^附件({_NUM})?$")
WORDS = {"序言": "Preamble", "施行": "Entry into force", "附则": "Supplementary provisions"}


def chinese_number(text: str) -> int:
    """一 -> 1, 十 -> 10, 二十三 -> 23, 一百零五 -> 105; Arabic digits as they are."""
    if text.isdigit():
        return int(text)
    total, digit = 0, None
    for ch in text:
        if ch in DIGITS:
            digit = DIGITS[ch]
        elif ch in UNITS:
            total += (1 if digit is None else digit) * UNITS[ch]
            digit = None
        else:
            raise ValueError(f"not a Chinese number: {text!r}")
    return total + (digit or 0)


def _clean(number: str) -> str:
    return re.sub(r"\s+", "", number).replace("(", "（").replace(")", "）")


def article_label(number: str, locale: str | None) -> str:
    """One article reference for a reader of `locale` ("zh_CN", "en", "zh-hans" ...)."""
    raw = str(number).strip()
    if not (locale or "").lower().startswith("en"):
        return raw
    return english(raw)


def english(number: str) -> str:
    """The English reading of an article reference; a number in no known form is given
    as written (never an error: a citation is shown whatever happens)."""
    text = _clean(number)
    if text in WORDS:
        return WORDS[text]
    m = _ARTICLE.match(text)
    if m:
        label = f"Art. {chinese_number(m.group(1))}"
        if m.group(2):
            label += f" ({chinese_number(m.group(2))})"
        if m.group(3):
            label += f" item {chinese_number(m.group(3))}"
        return label
    m = _DECISION.match(text)
    if m:
        return f"Decision, point {chinese_number(m.group(1))}"
    m = _ANNEX.match(text)
    if m:
        return f"Annex {chinese_number(m.group(1))}" if m.group(1) else "Annex"
    m = _OUTLINE.match(text)
    if m:
        label = f"Part {chinese_number(m.group(1))}"
        if m.group(2):
            label += f" ({chinese_number(m.group(2))})"
        if m.group(3):
            label += f" {int(m.group(3))}"
        return label
    return number


def articles_label(numbers: list[str] | tuple[str, ...], locale: str | None) -> str:
    """Several references of one document: 第二条、第三条 / Art. 2, Art. 3."""
    labels = [article_label(n, locale) for n in numbers]
    return ", ".join(labels) if (locale or "").lower().startswith("en") else "、".join(labels)
