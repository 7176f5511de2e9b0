"""Translations for the rules module's own sentences (gettext domain "knowledge").

Message ids are English; the zh_CN catalog gives the Chinese. Kept inside knowledge/
so the rules module stays usable without the bot.
"""

from __future__ import annotations

import gettext
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


@cache
def _translations(locale: str) -> gettext.NullTranslations:
    return gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=[locale], fallback=True)


def translator(locale: str | None) -> Callable[..., str]:
    """Return `_` for a locale: `_("Age {age}", age=3)` formats after translating."""
    t = _translations(normalize_locale(locale))

    def _(msgid: str, /, **kwargs: object) -> str:
        text = t.gettext(msgid)
        return text.format(**kwargs) if kwargs else text

    return _
