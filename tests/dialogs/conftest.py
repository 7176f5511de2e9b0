"""Compile the bot's gettext catalogs when the .mo files are missing or older than the .po
(what `make compile-catalogs` does), so Chinese output can be tested with plain pytest."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from bot import i18n


def compile_catalogs(root: Path) -> None:
    for po in root.glob("*/LC_MESSAGES/messages.po"):
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        with po.open("rb") as src:
            catalog = read_po(src)
        with mo.open("wb") as out:
            write_mo(out, catalog)
    i18n._catalog.cache_clear()


@pytest.fixture(scope="session", autouse=True)
def compiled_catalogs() -> None:
    compile_catalogs(i18n.LOCALE_DIR)
