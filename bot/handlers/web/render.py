"""Replies -> JSON for the web chat.

Reply text is Telegram HTML (the engine escapes what users typed). Before it reaches a
browser it is parsed again and rebuilt from Telegram's own short list of tags, so
whatever else appears (a tag from a policy text, a mistake in a flow) is shown as text,
never as markup; links keep only http(s) addresses.
"""

from __future__ import annotations

import html
from html.parser import HTMLParser
from typing import Any

# Telegram's parse_mode=HTML tags (https://core.telegram.org/bots/api#html-style).
ALLOWED = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "code", "pre",
           "blockquote", "a", "tg-spoiler"}
RENAMED = {"tg-spoiler": "span"}


class _Sanitizer(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED:
            return
        if tag == "a":
            href = dict(attrs).get("href") or ""
            if not href.lower().startswith(("https://", "http://")):
                self.open.append("")  # keep the text, drop the link
                return
            self.out.append(f'<a href="{html.escape(href, quote=True)}" '
                            'rel="noopener noreferrer nofollow" target="_blank">')
        elif tag == "tg-spoiler":
            self.out.append('<span class="spoiler">')
        else:
            self.out.append(f"<{tag}>")
        self.open.append(RENAMED.get(tag, tag))

    def handle_endtag(self, tag: str) -> None:
        if tag not in ALLOWED or not self.open:
            return
        name = RENAMED.get(tag, tag)
        if name not in self.open:
            return
        while self.open:  # close anything left open inside it, then it
            top = self.open.pop()
            if top:
                self.out.append(f"</{top}>")
            if top == name or (top == "" and name == "a"):
                break

    def handle_data(self, data: str) -> None:
        self.out.append(html.escape(data, quote=False).replace("\n", "<br>"))

    def close(self) -> None:
        super().close()
        while self.open:
            top = self.open.pop()
            if top:
                self.out.append(f"</{top}>")


def sanitize(text: str) -> str:
    """Telegram HTML -> safe HTML for the page (line breaks as <br>)."""
    parser = _Sanitizer()
    parser.feed(text or "")
    parser.close()
    return "".join(parser.out)


def buttons_json(rows: list[list[Any]]) -> list[list[dict[str, str]]]:
    """Button rows (engine Buttons or {"label", "data"} dicts) -> JSON; labels are plain
    text (the page sets them with textContent)."""
    out = []
    for row in rows:
        line = []
        for b in row:
            label, data = (b["label"], b["data"]) if isinstance(b, dict) else (b.label, b.data)
            line.append({"label": str(label), "data": str(data)})
        if line:
            out.append(line)
    return out
