"""Examples in prompts are in the reader's language: no English message gives a Chinese
example (a Chinese term in brackets, the official name, is fine), and the Chinese
catalog keeps Chinese ones."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.pofile import read_po

LOCALES = Path(__file__).resolve().parents[2] / "bot" / "locales"
EXAMPLE = re.compile(r"(?:for example|e\.g\.|type it like)[:\s]*([^.()]*)", re.IGNORECASE)
CJK = re.compile(r"[\u4e00-\u9fff]")
# Kept on purpose: the ask screen shows a question in each language; an officer must write
# an article number as the document numbers it.
BOTH = ("in Chinese or English", "jiangsu-excellent-technician 第三条")


def messages(locale: str):
    with (LOCALES / locale / "LC_MESSAGES" / "messages.po").open("rb") as fp:
        return [m for m in read_po(fp) if m.id and isinstance(m.id, str)]


def test_english_examples_are_english() -> None:
    chinese = [m.id for m in messages("en") for example in EXAMPLE.findall(m.id)
               if CJK.search(example) and not any(b in m.id for b in BOTH)]
    assert chinese == []


def test_chinese_examples_stay_chinese() -> None:
    zh = {m.id: m.string for m in messages("zh_CN")}
    assert "3月15日" in zh["For example 2026-03-15 or 3-15"]
    assert "数控编程 / 王工" in zh["For example:\nCNC programming / Mr Wang\n"
                               "Precision measurement / Ms Li"]
