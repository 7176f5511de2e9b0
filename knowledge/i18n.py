"""Translations for the rules module's own sentences (gettext domain "knowledge").

Message ids are English; the zh_CN catalog gives the Chinese. Kept inside knowledge/
so the rules module stays usable without the bot.
"""

from __future__ import annotations

import gettext
import io
from collections.abc import Callable
from functools import cache
from pathlib import Path

LOCALE_DIR = Path(__file__).parent / "locales"
DOMAIN = "knowledge"


def normalize_locale(locale: str | None) -> str:
    if not locale:
        return "zh_CN"
    low = locale.replace("-", "_").lower()
    if low.startswith("en"):
        return "en"
    return "zh_CN"


def load_catalog(localedir: Path, domain: str, locale: str) -> gettext.NullTranslations:
    """The compiled catalog when it is there and up to date; otherwise the .po file
    compiled in memory (a package installed without `make`, or a .po edited since), so a
    translation can never silently fall back to English."""
    folder = localedir / locale / "LC_MESSAGES"
    po, mo = folder / f"{domain}.po", folder / f"{domain}.mo"
    if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as fp:
            return gettext.GNUTranslations(fp)
    if not po.exists():
        return gettext.NullTranslations()
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as fp:
        catalog = read_po(fp, locale=locale, domain=domain)
    buf = io.BytesIO()
    write_mo(buf, catalog)
    buf.seek(0)
    return gettext.GNUTranslations(buf)


@cache
def _translations(locale: str) -> gettext.NullTranslations:
    return load_catalog(LOCALE_DIR, DOMAIN, locale)


def translator(locale: str | None) -> Callable[..., str]:
    """Return `_` for a locale: `_("Age {age}", age=3)` formats after translating."""
    t = _translations(normalize_locale(locale))

    def _(msgid: str, /, **kwargs: object) -> str:
        text = t.gettext(msgid)
        return text.format(**kwargs) if kwargs else text

    return _
