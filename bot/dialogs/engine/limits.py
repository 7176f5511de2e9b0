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


_TAG_NAME = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)[^>]*>")


def _balanced(markup: str) -> bool:
    """Every tag of the markup closed, in order (a part cut between lines must be)."""
    stack: list[str] = []
    for m in _TAG_NAME.finditer(markup):
        name = m.group(2).lower()
        if not m.group(1):
            stack.append(name)
        elif not stack or stack.pop() != name:
            return False
    return not stack


def _plain(markup: str) -> str:
    """The markup's text with its tags dropped, escaped again (it is sent as HTML)."""
    return html.escape(html.unescape(_TAG.sub("", markup)), quote=False)


def _pieces(text: str, limit: int) -> list[str]:
    """Plain text cut into pieces of at most `limit` UTF-16 code units each."""
    out, current, size = [], [], 0
    for ch in text:
        n = text_length(ch)
        if size + n > limit:
            out.append("".join(current))
            current, size = [], 0
        current.append(ch)
        size += n
    if current:
        out.append("".join(current))
    return out


def split_message(markup: str, limit: int = MAX_MESSAGE) -> list[str]:
    """The message as it is, or cut between lines into parts that each fit: a line
    longer than a message is cut into plain-text pieces, and a part whose tags a cut
    would leave open is sent as plain text. Empty parts are dropped."""
    if shown_length(markup) <= limit:
        return [markup]
    parts: list[str] = []
    lines: list[str] = []
    size = 0

    def flush() -> None:
        nonlocal lines, size
        if lines:
            parts.append("\n".join(lines))
        lines, size = [], 0

    for line in markup.split("\n"):
        n = shown_length(line)
        if n > limit:
            flush()
            plain = html.unescape(_TAG.sub("", line))
            parts.extend(html.escape(p, quote=False) for p in _pieces(plain, limit))
            continue
        if lines and size + 1 + n > limit:
            flush()
        size += n + (1 if lines else 0)
        lines.append(line)
    flush()
    return [p if _balanced(p) else _plain(p) for p in parts if p.strip()]
