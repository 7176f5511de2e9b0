"""Telegram-style HTML parse mode: plain text plus entities, or a "can't parse entities" error.

Markdown and MarkdownV2 are accepted but not interpreted (the text is kept as sent).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from tests.fakebot.objects import utf16_len

JSON = dict[str, Any]

SIMPLE_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "code": "code",
    "pre": "pre",
}
SPECIAL_TAGS = {"a", "span", "blockquote", "tg-emoji"}
NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_NAME = re.compile(r"[a-zA-Z][a-zA-Z0-9-]*")
_ATTR = re.compile(r"""([a-zA-Z][\w-]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""")
_ENTITY = re.compile(r"&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]{2,8});")


class MarkupError(ValueError):
    """The text cannot be parsed; str(error) is Telegram's reason."""


@dataclass
class _Open:
    name: str
    attrs: dict[str, str]
    start: int  # UTF-16 offset in the output
    language: str | None = None


@dataclass
class _Parser:
    source: str
    out: list[str] = field(default_factory=list)
    pos: int = 0  # UTF-16 length of the output so far
    stack: list[_Open] = field(default_factory=list)
    entities: list[JSON] = field(default_factory=list)

    def byte_offset(self, index: int) -> int:
        return len(self.source[:index].encode())

    def emit(self, text: str) -> None:
        self.out.append(text)
        self.pos += utf16_len(text)

    def run(self) -> tuple[str, list[JSON]]:
        i, source = 0, self.source
        while i < len(source):
            char = source[i]
            if char == "<":
                i = self.tag(i)
            elif char == "&":
                i = self.entity(i)
            else:
                j = min(
                    k for k in (source.find("<", i), source.find("&", i), len(source)) if k >= 0
                )
                self.emit(source[i:j])
                i = j
        if self.stack:
            name = self.stack[-1].name
            raise MarkupError(f'Can\'t find end tag corresponding to start tag "{name}"')
        self.entities.sort(key=lambda e: (e["offset"], -e["length"]))
        return "".join(self.out), self.entities

    def entity(self, i: int) -> int:
        match = _ENTITY.match(self.source, i)
        if match is None:
            self.emit("&")
            return i + 1
        ref = match.group(1)
        if ref.startswith("#"):
            code = int(ref[2:], 16) if ref[1] in "xX" else int(ref[1:])
            self.emit(chr(code) if 0 < code <= 0x10FFFF else "")
        else:
            self.emit(NAMED_ENTITIES.get(ref.lower(), match.group(0)))
        return match.end()

    def tag(self, i: int) -> int:
        end = self.source.find(">", i)
        if end < 0:
            raise MarkupError(f"Unclosed start tag at byte offset {self.byte_offset(i)}")
        inner = self.source[i + 1 : end]
        if inner.startswith("/"):
            self.close(inner[1:].strip().lower(), i)
        else:
            self.open(inner, i)
        return end + 1

    def open(self, inner: str, i: int) -> None:
        match = _NAME.match(inner)
        name = match.group(0).lower() if match else ""
        if name not in SIMPLE_TAGS and name not in SPECIAL_TAGS:
            raise MarkupError(
                f'Unsupported start tag "{name}" at byte offset {self.byte_offset(i)}'
            )
        attrs = {m.group(1).lower(): _attr_value(m) for m in _ATTR.finditer(inner, len(name))}
        if name == "span" and attrs.get("class") != "tg-spoiler":
            raise MarkupError('Tag "span" must have class "tg-spoiler"')
        self.stack.append(_Open(name, attrs, self.pos))

    def close(self, name: str, i: int) -> None:
        if not self.stack:
            raise MarkupError(f"Unexpected end tag at byte offset {self.byte_offset(i)}")
        top = self.stack.pop()
        if name and name != top.name:
            raise MarkupError(
                f"Unmatched end tag at byte offset {self.byte_offset(i)}, "
                f'expected "</{top.name}>", found "</{name}>"'
            )
        language = top.attrs.get("class", "")
        if top.name == "code" and self.stack and self.stack[-1].name == "pre":
            if language.startswith("language-"):
                self.stack[-1].language = language.removeprefix("language-")
                return
        entity = _entity_for(top)
        if entity is not None and self.pos > top.start:
            self.entities.append(entity | {"offset": top.start, "length": self.pos - top.start})


def _attr_value(match: re.Match[str]) -> str:
    return next((g for g in match.groups()[1:] if g is not None), "")


def _entity_for(tag: _Open) -> JSON | None:
    if tag.name in SIMPLE_TAGS:
        entity: JSON = {"type": SIMPLE_TAGS[tag.name]}
        if tag.name == "pre" and tag.language:
            entity["language"] = tag.language
        return entity
    if tag.name == "span":
        return {"type": "spoiler"}
    if tag.name == "a":
        return {"type": "text_link", "url": tag.attrs["href"]} if tag.attrs.get("href") else None
    if tag.name == "blockquote":
        expandable = "expandable" in tag.attrs
        return {"type": "expandable_blockquote" if expandable else "blockquote"}
    emoji_id = tag.attrs.get("emoji-id")
    return {"type": "custom_emoji", "custom_emoji_id": emoji_id} if emoji_id else None


def parse_html(source: str) -> tuple[str, list[JSON]]:
    """Telegram's HTML parse mode. Raises MarkupError with Telegram's wording."""
    return _Parser(source).run()


def render(
    text: str, parse_mode: str | None, entities: list[JSON] | None
) -> tuple[str, list[JSON] | None]:
    """The text as Telegram stores it and its entities (None when there are none).

    Raises MarkupError for malformed HTML, ValueError for an unknown parse mode.
    """
    mode = (parse_mode or "").lower()
    if mode == "html":
        plain, parsed = parse_html(text)
        return plain, parsed or None
    if mode in ("", "markdown", "markdownv2"):
        return text, (entities or None) if not mode else None
    raise ValueError("unsupported parse_mode")
