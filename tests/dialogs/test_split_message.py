"""A reply longer than one Telegram message is cut between lines into parts that each
fit, as Telegram counts (UTF-16, after the HTML is parsed), losing no text."""

from __future__ import annotations

import html
import re

from bot.dialogs.engine.limits import MAX_MESSAGE, fits, shown_length, split_message

TAG = re.compile(r"<[^>]*>")


def shown(markup: str) -> str:
    return html.unescape(TAG.sub("", markup))


def test_a_message_that_fits_is_left_as_it_is() -> None:
    text = "<b>标题</b>\n" + "短" * 100
    assert split_message(text) == [text]


def test_a_long_list_is_cut_between_lines_keeping_every_line_and_its_tags() -> None:
    lines = [f"{i}. <b>December {i % 28 + 1}, 2026</b> — 提醒 &amp; 说明 {'x' * 120}"
             for i in range(80)]
    text = "\n".join(["<b>What I store about you</b>", *lines, "Use /forget."])
    assert not fits(text)
    parts = split_message(text)
    assert len(parts) >= 3 and all(fits(p) for p in parts)
    assert "\n".join(parts) == text  # cut only at line ends: nothing lost, tags kept


def test_a_line_longer_than_a_message_becomes_plain_pieces() -> None:
    line = "<i>" + "问" * (MAX_MESSAGE + 500) + "</i> &lt;end&gt;"
    parts = split_message("intro\n" + line)
    assert all(fits(p) for p in parts) and "<i>" not in "".join(parts)
    assert "".join(shown(p) for p in parts[1:]) == shown(line)


def test_astral_characters_count_twice() -> None:
    text = "😀" * (MAX_MESSAGE // 2 + 10)  # fits as 2058 characters, not as UTF-16
    assert shown_length(text) > MAX_MESSAGE
    parts = split_message(text)
    assert all(shown_length(p) <= MAX_MESSAGE for p in parts) and "".join(parts) == text


def test_a_part_whose_tags_a_cut_would_leave_open_is_sent_plain() -> None:
    text = "<pre>" + "\n".join("行" * 100 for _ in range(60)) + "</pre>"
    parts = split_message(text)
    assert all(fits(p) for p in parts)
    assert all("<pre>" not in p and "</pre>" not in p for p in parts)
    assert "".join(shown(p) for p in parts).replace("\n", "") == shown(text).replace("\n", "")
