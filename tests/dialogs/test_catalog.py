"""Every message id used in bot/ has a Chinese translation with the same placeholders."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from bot import i18n
from bot.i18n import get_translator

BOT = Path(i18n.__file__).parent
PLACEHOLDER = re.compile(r"\{(\w*)\}")


def msgids_in_bot() -> set[str]:
    found = extract_from_dir(str(BOT), method_map=[("**.py", "python")],
                             keywords={"_": None, "N_": None})
    return {msg for _, _, msg, _, _ in found if isinstance(msg, str) and msg}


def zh_catalog() -> dict[str, str]:
    with (BOT / "locales/zh_CN/LC_MESSAGES/messages.po").open("rb") as f:
        return {m.id: m.string for m in read_po(f) if m.id}


def test_extraction_sees_the_dialog_messages() -> None:
    ids = msgids_in_bot()
    assert "⬅️ Back" in ids and "What is your date of birth?" in ids  # t._ and N_ forms
    assert len(ids) > 150


def test_every_bot_msgid_has_a_chinese_translation() -> None:
    zh = zh_catalog()
    missing = sorted(i for i in msgids_in_bot() if not zh.get(i))
    assert missing == []


def test_translations_keep_the_placeholders() -> None:
    zh = zh_catalog()
    wrong = [i for i, s in zh.items() if s and set(PLACEHOLDER.findall(i)) !=
             set(PLACEHOLDER.findall(s))]
    assert wrong == []


def test_english_catalog_exists_and_english_falls_back_to_the_msgid() -> None:
    with (BOT / "locales/en/LC_MESSAGES/messages.po").open("rb") as f:
        assert read_po(f).locale.language == "en"
    assert get_translator("en")._("⬅️ Back") == "⬅️ Back"
    assert get_translator("zh_CN")._("⬅️ Back") == "⬅️ 上一步"


SIMPLE_CALL = re.compile(r"""\b(?:_|N_)\(\s*"((?:[^"\\]|\\.)+)"\s*[,)]""")


def test_nested_and_simple_calls_are_translated_too() -> None:
    """Babel's extractor skips a `_("...")` nested inside another call's arguments; a plain
    scan of single-literal calls catches those."""
    zh = zh_catalog()
    found = set()
    for path in BOT.rglob("*.py"):
        for m in SIMPLE_CALL.finditer(path.read_text(encoding="utf-8")):
            found.add(m.group(1).encode().decode("unicode_escape").encode("latin-1")
                      .decode("utf-8"))
    missing = sorted(i for i in found if not zh.get(i))
    assert len(found) > 150 and missing == []
