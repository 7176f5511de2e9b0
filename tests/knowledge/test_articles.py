"""Article references in the reader's language: every article the policy data has (and so
every one a parameter, a note or a deadline can cite) reads in English without Chinese
numerals, and in Chinese as the document numbers it."""

from __future__ import annotations

import re

import pytest

from knowledge.articles import article_label, articles_label, chinese_number, english
from knowledge.policy import all_policies

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
EVERY = sorted({(doc, number) for doc, pol in all_policies().items() for number in pol.articles})


def test_the_data_has_articles_of_every_kind() -> None:
    numbers = {n for _, n in EVERY}
    assert {"第二十三条", "二（三）9", "决定一", "附件1", "序言"} <= numbers


@pytest.mark.parametrize(("document", "number"), EVERY)
def test_every_article_reads_in_both_languages(document: str, number: str) -> None:
    en = article_label(number, "en")
    assert en and not CJK.search(en), (document, number, en)
    assert article_label(number, "zh_CN") == number


@pytest.mark.parametrize(("number", "en"), [
    ("第二十三条", "Art. 23"), ("第十条", "Art. 10"), ("第一条", "Art. 1"),
    ("第五条第二款", "Art. 5 (2)"), ("第五条第二款第三项", "Art. 5 (2) item 3"),
    ("二（三）9", "Part 2 (3) 9"), ("二（三）", "Part 2 (3)"), ("四", "Part 4"),
    ("三（十一）", "Part 3 (11)"), ("决定五", "Decision, point 5"), ("附件4", "Annex 4"),
    ("附件", "Annex"), ("序言", "Preamble"), ("二 (三) 9", "Part 2 (3) 9")])
def test_the_english_forms(number: str, en: str) -> None:
    assert english(number) == en
    assert article_label(number, "zh-hans") == number.strip()


def test_numbers_and_lists() -> None:
    assert [chinese_number(s) for s in ("一", "十", "十二", "二十", "二十七", "一百零五", "7")] \
        == [1, 10, 12, 20, 27, 105, 7]
    assert articles_label(["第二条", "第三条"], "en") == "Art. 2, Art. 3"
    assert articles_label(["第二条", "第三条"], "zh_CN") == "第二条、第三条"
    assert english("some other ref") == "some other ref"  # shown as written, no error
