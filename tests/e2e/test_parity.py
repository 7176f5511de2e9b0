"""One update path: the same scripted conversation gives the same replies (texts, buttons,
toasts) through Telegram (the real python-telegram-bot against the fake Bot API) and
through the terminal channel. The script uses every command of the command table and a
check with a typed number."""

from __future__ import annotations

import io
import json
from typing import Any

from bot.config import load_settings
from bot.dialogs import registry
from bot.handlers.terminal import TERMINAL_USER_ID, TerminalChat
from bot.services import Services
from tests.e2e.harness import running_bot

Seen = tuple[Any, ...]  # ("msg", html, buttons) | ("toast", text) | ("clear",)

# (kind, what): "send" a line, or "tap" the button whose label contains `what`.
SCRIPT: list[tuple[str, str]] = [
    ("send", "/start"), ("tap", "English"), ("tap", "Employer"), ("tap", "I agree"),
    ("send", "/help"), ("send", "/menu"), ("send", "/lang"), ("tap", "English"),
    ("send", "/language"),
    # a check with a typed number: "how many occupations?" (a "2" is an answer, not a button)
    ("send", "/check quzhou.competition_hosting"),
    ("send", "3"), ("send", "/back"), ("send", "/restart"), ("send", "2"), ("tap", "Yes"),
    ("send", "/match"), ("send", "/cancel"),
    ("send", "/remind"), ("tap", "Tomorrow"), ("tap", "09:00"), ("send", "file the report"),
    ("tap", "Just once"), ("send", "/reminders"), ("tap", "Cancel 1"),
    ("send", "/mydata"), ("send", "/broadcast"), ("send", "/broadcast hello everyone"),
    ("send", "/questions"),
    ("send", "/cancel"),
    ("send", "/frobnicate"), ("send", "how much is the technician allowance in Quzhou"),
    ("send", "/forget"), ("tap", "Yes, delete"), ("send", "/mydata"),
]


def _rows(markup: Any) -> list[list[tuple[str, str]]]:
    if isinstance(markup, str):
        markup = json.loads(markup)
    rows = (markup or {}).get("inline_keyboard") or []
    return [[(b["text"], b.get("callback_data", "")) for b in row] for row in rows]


def telegram_seen(calls: list[Any]) -> list[Seen]:
    seen: list[Seen] = []
    for call in calls:
        p = call.params
        if call.method in ("sendMessage", "editMessageText"):
            seen.append(("msg", p["text"], _rows(p.get("reply_markup"))))
        elif call.method == "answerCallbackQuery" and p.get("text"):
            seen.append(("toast", p["text"]))
        elif call.method == "editMessageReplyMarkup":
            seen.append(("clear",))
    return seen


def _button(user: Any, part: str) -> tuple[str, int]:
    """The one button whose label contains `part`, on the newest message that has one."""
    for msg in user.messages[::-1]:
        found = [text for text, data in msg.buttons if data and part in text]
        if found:
            assert len(found) == 1, (part, found)
            return found[0], msg.message_id
    raise AssertionError(f"no button with {part!r}")


async def run_telegram(fake_api: Any, db_url: str) -> list[list[Seen]]:
    user = fake_api.user(TERMINAL_USER_ID, language_code="en")
    turns: list[list[Seen]] = []
    # no reminder dispatcher: only the turns' own replies are compared
    async with running_bot(fake_api, db_url, admin_ids=str(TERMINAL_USER_ID),
                           reminders_in_bot=False):
        for kind, what in SCRIPT:
            start = len(fake_api.calls)
            if kind == "send":
                await user.send_and_wait(what)
            else:
                await user.click_and_wait(*_button(user, what))
            turns.append(telegram_seen(fake_api.calls[start:]))
    return turns


async def run_terminal(db_url: str) -> list[list[Seen]]:
    services = Services.create(load_settings(database_url=db_url, admin_ids=str(TERMINAL_USER_ID),
                                             _env_file=None))
    chat = TerminalChat(services, out=io.StringIO(), language_code="en")
    turns: list[list[Seen]] = []
    try:
        for kind, what in SCRIPT:
            if kind == "tap":
                found = [i for i, b in enumerate(chat.buttons, 1) if what in b.label]
                assert len(found) == 1, (what, [b.label for b in chat.buttons])
                what = f"#{found[0]}"
            result = await chat.send(what)
            seen: list[Seen] = [("toast", result.toast)] if result.toast else []
            seen += [("msg", r.text, [[(b.label, b.data) for b in row] for row in r.buttons])
                     for r in result.replies]
            seen += [("clear",)] if result.clear_buttons else []
            turns.append(seen)
    finally:
        await services.close()
    return turns


def test_the_script_uses_every_command_of_the_table() -> None:
    used = {line.split()[0].lstrip("/") for kind, line in SCRIPT
            if kind == "send" and line.startswith("/")}
    assert set(registry().commands) <= used | {"frobnicate"}, set(registry().commands) - used


async def test_telegram_and_terminal_give_the_same_replies(fake_api, tmp_path) -> None:
    from tests.conftest import prepare_db

    tg_db = await prepare_db("sqlite", tmp_path / "tg")
    term_db = await prepare_db("sqlite", tmp_path / "term")
    telegram = await run_telegram(fake_api, tg_db)
    terminal = await run_terminal(term_db)
    for (kind, what), tg, term in zip(SCRIPT, telegram, terminal, strict=True):
        assert tg, f"no reply on Telegram to {kind} {what!r}"
        assert tg == term, f"the channels disagree on {kind} {what!r}:\n{tg}\n---\n{term}"
    everything = json.dumps(telegram, ensure_ascii=False)
    for expected in ("I do not know the command /frobnicate", "Part 2 (4) 13", "Queued for",
                     "Done: your data has been deleted", "Reminder cancelled."):
        assert expected in everything, expected
