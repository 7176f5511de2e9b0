"""How long a text is as Telegram counts it. Pure.

Telegram refuses a message over 4096 characters *after* its HTML is parsed, and counts
them in UTF-16 code units (an emoji outside the basic plane counts twice). Officer texts
that later go to users are checked with these at the moment they are typed, so that a
send never fails or is cut later.
"""

from __future__ import annotations

import html
import re

MAX_MESSAGE = 4096  # Telegram's limit for one text message
_TAG = re.compile(r"<[^>]*>")


def text_length(text: str) -> int:
    """Characters of plain text as Telegram counts them (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


def shown_length(markup: str) -> int:
    """Characters of an HTML-formatted message once Telegram has parsed it."""
    return text_length(html.unescape(_TAG.sub("", markup)))


def fits(markup: str) -> bool:
    return shown_length(markup) <= MAX_MESSAGE
