"""The terminal channel: the same engine and storage as Telegram, numbered buttons."""

from __future__ import annotations

import io

from bot.config import load_settings
from bot.handlers.terminal import TerminalChat, plain
from bot.services import Services


async def chat_session(url: str, lines: list[str]) -> str:
    out = io.StringIO()
    services = Services.create(load_settings(database_url=url, _env_file=None))
    try:
        await TerminalChat(services, out=out, language_code="en").run(
            io.StringIO("".join(f"{ln}\n" for ln in lines)))
    finally:
        await services.close()
    return out.getvalue()


def test_plain_strips_html_and_unescapes() -> None:
    assert plain("<b>A &amp; B</b><br/>c") == "A & B\nc"


async def test_reminder_lifecycle_in_the_terminal(sqlite_url) -> None:
    # English, worker, no consent; a one-off reminder tomorrow 09:00, listed, snoozed a
    # week, then cancelled
    text = await chat_session(sqlite_url, [
        "#2", "#1", "#2", "/remind", "#1", "#1", "submit research report", "#1", "/reminders",
        "#3", "/reminders", "#1", "/reminders"])
    assert "Done: I will remind you" in text, text[-2000:]
    first = text.split("Your reminders:")[1].split("\n> ")[0]
    assert "submit research report" in first and "9:00" in first
    snoozed = text.split("Snoozed until", 1)[1]
    assert "9:00" in snoozed.split("\n")[0]
    assert snoozed.split("\n")[0] not in first  # a week later than first planned
    assert "Reminder cancelled." in text
    assert text.rstrip().endswith("Send /remind to set one.")
    assert "Traceback" not in text


async def test_mydata_and_empty_reminder_list(sqlite_url) -> None:
    text = await chat_session(sqlite_url, ["#2", "#1", "#2", "/mydata", "/reminders"])
    assert "Role: 👷 Skilled worker" in text and "Language: English" in text
    assert "You have no reminders" in text


async def test_free_text_outside_a_step_is_answered_from_the_policies(sqlite_url) -> None:
    text = await chat_session(sqlite_url, ["#2", "#1", "#2", "how much is the technician "
                                           "allowance in Quzhou"])
    tail = text.split("allowance in Quzhou", 1)[1]
    assert "quzhou" in tail.lower() or "Quzhou" in tail
    assert "Part 2 (4) 13" in tail, tail


async def test_unknown_command_gets_the_hint(sqlite_url) -> None:
    text = await chat_session(sqlite_url, ["#2", "#1", "#2", "/frobnicate"])
    assert text.rstrip().endswith("I do not know the command /frobnicate. Try /help or /menu."), \
        text[-500:]


async def test_screens_cancel_and_citations_in_the_terminal(sqlite_url) -> None:
    # English worker: a sub-menu and back are printed like any screen; a typed /cancel
    # marks the question cancelled; the result cites "Art. 2", not 第二条
    text = await chat_session(sqlite_url, [
        "#2", "#1", "#2", "/menu", "#4", "/menu", "#1", "/cancel", "#1", "#6", "1966-03-01"])
    assert "✖️ Cancelled" in text and "Cancelled." in text
    result = text.rsplit("> 1966-03-01", 1)[1]
    assert "Not eligible" in result and "Art. 2)" in result and "第二条" not in result, result
