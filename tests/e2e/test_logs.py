"""The log never holds the bot token or what people typed, even at DEBUG; a message that
repeats is held back after a few."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from bot.logs import Redact, Repeats
from tests.e2e.harness import TOKEN, BotProcess

SECRET_WORDS = "my-birthday-is-the-fifth-of-may"


@pytest.mark.slow  # a `craftbot run` subprocess
async def test_debug_log_of_a_real_process_has_no_token_and_no_message_text(
        fake_api, tmp_path: Path) -> None:
    proc = BotProcess(fake_api, f"sqlite+aiosqlite:///{tmp_path}/log.db", tmp_path,
                      LOG_LEVEL="DEBUG", SURVEY_SECRET="a-survey-secret-for-this-test")
    try:
        await proc.polling()
        user = fake_api.user(411, language_code="en")
        await user.send("/start")
        await fake_api.wait_for(lambda: fake_api.calls_of("sendMessage", chat_id=411),
                                timeout=15, what="an answer to /start")
        await user.send(SECRET_WORDS)
        await fake_api.wait_for(lambda: len(fake_api.calls_of("sendMessage", chat_id=411)) > 1,
                                timeout=15, what="an answer to the typed text")
    finally:
        out = await proc.stop()
    assert "DEBUG" in out, out[-2000:]  # it did log at DEBUG
    assert TOKEN not in out and TOKEN.split(":")[1] not in out
    assert SECRET_WORDS not in out
    assert "a-survey-secret-for-this-test" not in out
    assert "Traceback" not in out


def _record(msg: str, *args: object, line: int = 1) -> logging.LogRecord:
    return logging.LogRecord("x", logging.WARNING, "f.py", line, msg, args, None)


def test_redact_masks_tokens_in_urls_and_configured_secrets() -> None:
    r = _record("POST https://api.telegram.org/bot1234567890:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/"
                "sendMessage with key %s", "secret-value-1")
    assert Redact(["secret-value-1"]).filter(r)
    assert r.getMessage() == "POST https://api.telegram.org/bot[redacted]/sendMessage with key " \
        "[redacted]"


def test_repeats_are_held_back_and_counted() -> None:
    now = [0.0]
    f = Repeats(burst=3, window=60, clock=lambda: now[0])
    shown = [f.filter(_record("update %s failed", i)) for i in range(10)]
    assert shown == [True] * 3 + [False] * 7
    assert f.filter(_record("another line", line=2))  # other messages are not affected
    now[0] = 61.0
    later = _record("update %s failed", 99)
    assert f.filter(later) and "7 more like it held back" in later.getMessage()
