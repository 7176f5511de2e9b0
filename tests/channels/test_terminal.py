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


async def _walk(url: str, language_code: str, steps: list[tuple[str, str]]) -> str:
    """One terminal session: ("say", line) types a line; ("tap", label) types the `#n` of
    the shown button whose label contains `label`, as a person reading the screen would."""
    out = io.StringIO()
    services = Services.create(load_settings(database_url=url, _env_file=None))
    try:
        chat = TerminalChat(services, out=out, language_code=language_code)
        await chat.send("/start")
        for kind, value in steps:
            if kind == "tap":
                found = [i for i, b in enumerate(chat.buttons, 1) if value in plain(b.label)]
                assert found, (value, [b.label for b in chat.buttons], out.getvalue()[-1500:])
                value = f"#{found[0]}"
            await chat.send(value)
    finally:
        await services.close()
    return out.getvalue()


async def test_deadline_reminder_in_the_terminal_en(sqlite_url) -> None:
    """A stated date in 2030, beyond the holiday data (real clock): set with the default
    lead; the confirmation and /reminders say what, when, lead, repeat and note."""
    text = await _walk(sqlite_url, "en", [
        ("tap", "English"), ("tap", "Skilled worker"), ("tap", "No thanks"),
        ("say", "/menu"), ("tap", "More services"), ("tap", "Policy deadlines"),
        ("tap", "Remind me: Minimum pension"), ("tap", "3 days before and on the day"),
        ("say", "/reminders")])
    done = text.split("⏰ Done: I will remind you of")[1]
    assert "The document states this date itself" in text
    for fact in ("When: December 29, 2029 9:00", "Lead: 3 days before and on the day",
                 "Repeats: just once", "Note: From 1 January 2030"):
        assert fact in done, (fact, done[:1500])
    listing = text.split("Your reminders:")[-1]
    assert "Lead: 3 days before" in listing and "Lead: on the day" in listing
    assert "Traceback" not in text


async def test_deadline_reminder_in_the_terminal_zh(sqlite_url) -> None:
    text = await _walk(sqlite_url, "zh-hans", [
        ("tap", "中文"), ("tap", "技能人才"), ("tap", "不用了"),
        ("say", "/menu"), ("tap", "更多服务"), ("tap", "政策时间节点"),
        ("tap", "提醒我：养老金最低缴费年限"), ("tap", "提前1周"), ("say", "/reminders")])
    done = text.split("⏰ 已设置")[1]
    for fact in ("时间：2029年12月25日 09:00", "提前量：提前1周", "重复：仅一次",
                 "备注：自2030年1月1日起"):
        assert fact in done, (fact, done[:1500])
    assert "提前量：提前1周" in text.split("您的提醒")[-1]
    assert "Traceback" not in text


async def test_screens_cancel_and_citations_in_the_terminal(sqlite_url) -> None:
    # English worker: a sub-menu and back are printed like any screen; a typed /cancel
    # marks the question cancelled; the result cites "Art. 2", not 第二条
    text = await chat_session(sqlite_url, [
        "#2", "#1", "#2", "/menu", "#4", "/menu", "#1", "/cancel", "#1", "#6", "1966-03-01"])
    assert "✖️ Cancelled" in text and "Cancelled." in text
    result = text.rsplit("> 1966-03-01", 1)[1]
    assert "Not eligible" in result and "Art. 2)" in result and "第二条" not in result, result
