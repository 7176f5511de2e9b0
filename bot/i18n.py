"""Bot translations (gettext domain "messages") and locale-aware formatting with Babel.

Message ids are English; zh_CN is the primary catalog. The locale is resolved once per
update (saved choice, then Telegram's language_code, then DEFAULT_LOCALE) and a
`Translator` is handed to whatever renders text.
"""

from __future__ import annotations

import datetime as dt
import gettext
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

from babel.dates import format_date, format_datetime
from babel.numbers import format_currency, format_decimal, format_percent

from knowledge.i18n import load_catalog

LOCALE_DIR = Path(__file__).parent / "locales"
DOMAIN = "messages"
SUPPORTED = ("zh_CN", "en")


def normalize_locale(code: str | None, default: str = "zh_CN") -> str:
    """Map Telegram language codes ('zh-hans', 'zh-TW', 'en-US', ...) to a supported locale."""
    if not code:
        return default
    low = code.replace("-", "_").lower()
    if low.startswith("zh"):
        return "zh_CN"
    if low.startswith("en"):
        return "en"
    return default


def resolve_locale(saved: str | None, telegram_code: str | None, default: str) -> str:
    if saved in SUPPORTED:
        return saved
    if telegram_code:
        low = telegram_code.lower()
        if low.startswith(("zh", "en")):
            return normalize_locale(telegram_code, default)
    return default if default in SUPPORTED else "zh_CN"


@cache
def _catalog(locale: str) -> gettext.NullTranslations:
    return load_catalog(LOCALE_DIR, DOMAIN, locale)


@dataclass(frozen=True)
class Translator:
    """Everything locale-dependent that a renderer needs."""

    locale: str

    def _(self, msgid: str, /, **kwargs: object) -> str:
        text = _catalog(self.locale).gettext(msgid)
        return text.format(**kwargs) if kwargs else text

    def n_(self, singular: str, plural: str, n: int, /, **kwargs: object) -> str:
        text = _catalog(self.locale).ngettext(singular, plural, n)
        return text.format(n=n, **kwargs)

    @property
    def is_zh(self) -> bool:
        return self.locale.startswith("zh")

    def money(self, amount: int | Decimal | None) -> str:
        """¥10,000 in Chinese and English; 'unknown' when the policy gives no figure."""
        if amount is None:
            return self._("amount not stated")
        if self.is_zh and amount >= 10000 and amount % 100 == 0:
            wan = Decimal(int(amount)) / Decimal(10000)
            return f"{format_decimal(wan, locale='zh_CN')}万元"
        if self.is_zh:
            return f"{format_decimal(amount, locale='zh_CN')}元"
        return format_currency(amount, "CNY", format="¤#,##0", currency_digits=False,
                               locale=self.babel_locale).replace("CN¥", "¥")

    def number(self, value: float | int) -> str:
        return format_decimal(value, locale=self.babel_locale)

    def percent(self, ratio: float) -> str:
        return format_percent(ratio, locale=self.babel_locale)

    def date(self, day: dt.date) -> str:
        return format_date(day, format="long", locale=self.babel_locale)

    def datetime(self, moment: dt.datetime) -> str:
        return format_datetime(moment, format="medium", locale=self.babel_locale,
                               tzinfo=moment.tzinfo)

    @property
    def babel_locale(self) -> str:
        return "zh_Hans_CN" if self.is_zh else "en_US"


@cache
def get_translator(locale: str) -> Translator:
    return Translator(locale if locale in SUPPORTED else "zh_CN")
