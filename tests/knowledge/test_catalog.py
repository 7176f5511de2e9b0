"""Every sentence the rules module translates has a Chinese translation that formats."""

from __future__ import annotations

import gettext
import io
import re
import string
from functools import cache
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

import knowledge
from knowledge.i18n import translator

KNOWLEDGE = Path(knowledge.__file__).parent
ZH_PO = KNOWLEDGE / "locales" / "zh_CN" / "LC_MESSAGES" / "knowledge.po"
EN_PO = KNOWLEDGE / "locales" / "en" / "LC_MESSAGES" / "knowledge.po"


def used() -> list[tuple[str, str]]:
    """(source file, msgid) of every translatable literal in knowledge/."""
    found = extract_from_dir(str(KNOWLEDGE), method_map=[("**.py", "python")],
                             keywords={"_": None, "N_": None})
    return sorted({(f, msg) for f, _line, msg, _comments, _ctx in found if isinstance(msg, str)})


def used_msgids() -> set[str]:
    return {msg for _f, msg in used()}


@cache
def catalog(path: Path) -> dict[str, str]:
    with path.open("rb") as f:
        return {m.id: m.string for m in read_po(f) if m.id and isinstance(m.id, str)}


def fields(text: str) -> set[str]:
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name}


def test_extraction_finds_the_rules_sentences() -> None:
    ids = used_msgids()
    assert "Skill level is senior technician or above." in ids
    assert len(ids) > 40


@pytest.mark.parametrize(("source", "msgid"), used(), ids=[f"{f}:{m[:40]}" for f, m in used()])
def test_msgid_has_chinese_translation(source: str, msgid: str) -> None:
    text = catalog(ZH_PO).get(msgid)
    assert text, f"{source}: no zh_CN translation for {msgid!r}"
    assert re.search(r"[\u4e00-\u9fff]", text), f"translation is not Chinese: {text!r}"
    assert fields(text) <= fields(msgid), f"placeholders differ: {text!r}"


def test_compiled_chinese_catalog_formats() -> None:
    """Compile the .po in memory (as `make compile-catalogs` does) and translate through it."""
    with ZH_PO.open("rb") as f:
        cat = read_po(f)
    buf = io.BytesIO()
    write_mo(buf, cat)
    buf.seek(0)
    zh = gettext.GNUTranslations(buf)
    msgid = "Deferrals already used: {used}; each person may defer at most {limit} time(s)."
    assert zh.gettext(msgid).format(used=1, limit=1) == "已申请延期1次；每人最多可延期1次。"
    for msgid in used_msgids():
        text = zh.gettext(msgid)
        text.format(**{name: 0.5 for name in fields(text)})  # every placeholder formats


def test_translator_falls_back_to_english() -> None:
    _ = translator("en")
    assert _("Has {n} of the honours that give priority.", n=2) == \
        "Has 2 of the honours that give priority."
