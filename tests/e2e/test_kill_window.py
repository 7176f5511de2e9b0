"""Issue 14, kill -9 between an update's fetch and its turn's commit: the update is not
lost (the next getUpdates, whose offset confirms it to Telegram, waits until it is
handled), and a turn that had committed before the crash is not answered twice (its
update, sent again by Telegram, is skipped; the outbox row names it)."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.e2e.harness import BotProcess
from tests.e2e.test_outbox import menus, outbox_rows
from tests.fakebot import FakeBotAPI

pytestmark = pytest.mark.slow  # `craftbot run` subprocesses


def fetched(api: FakeBotAPI, user_id: int, text: str) -> int | None:
    """The id of the update of `text` from `user_id`, once a getUpdates answer held it."""
    for call in api.calls_of("getUpdates"):
        for update in call.result or []:
            message = update.get("message") or {}
            if message.get("text") == text and (message.get("from") or {}).get("id") == user_id:
                return update["update_id"]
    return None


def pending(api: FakeBotAPI, update_id: int) -> bool:
    """Not confirmed to the Bot API yet (a getUpdates with a greater offset would drop it)."""
    return any(u["update_id"] == update_id for u in api.pending_updates)


async def until(predicate: Callable[[], bool], timeout: float, what: str) -> None:
    """For signals the fake server does not see (the bot's log, its database): checked
    every 20 ms until true; past `timeout` the test fails."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        await asyncio.sleep(0.02)


async def test_an_answer_killed_before_its_commit_is_answered_after_the_restart(
        fake_api: FakeBotAPI, sqlite_url: str, tmp_path: Path) -> None:
    uid = 6201
    user = fake_api.user(uid, language_code="en")
    # DEBUG: the gate says when it holds a confirmation back. A long statement timeout:
    # the turn waits for the write lock below instead of answering "busy".
    first = BotProcess(fake_api, sqlite_url, tmp_path, LOG_LEVEL="DEBUG",
                       DB_STATEMENT_TIMEOUT_MS="60000")
    lock = sqlite3.connect(sqlite_url.split("///", 1)[1], isolation_level=None, timeout=30)
    try:
        await first.polling()
        await user.send_and_wait("/help", timeout=15)
        lock.execute("BEGIN IMMEDIATE")  # from now on no turn can commit
        await user.send("/menu")
        update_id = await fake_api.wait_for(lambda: fetched(fake_api, uid, "/menu"), 15,
                                            "the bot to fetch /menu")
        # The bot holds the confirmation back (its log says so) - or, without the gate,
        # has confirmed the update already: either way it is killed now, mid-turn.
        await until(lambda: "holding the confirmation" in first.log_path.read_text(
            errors="replace") or not pending(fake_api, update_id), 15,
            "the bot to hold or send the confirmation of /menu")
    finally:
        first.kill()
        lock.rollback()
        lock.close()
    assert not menus(fake_api, uid)
    assert pending(fake_api, update_id), "the update was confirmed before its turn committed"
    second = BotProcess(fake_api, sqlite_url, tmp_path)
    try:
        await second.polling()
        await fake_api.wait_for(lambda: menus(fake_api, uid), 30,
                                "the reply to /menu after the restart")
        await user.send_and_wait("/help", timeout=15)
    finally:
        out = await second.stop()
    assert len(menus(fake_api, uid)) == 1
    assert "handled before the restart" not in out, out  # it had not committed
    assert "Traceback" not in out, out


async def test_a_turn_committed_before_the_crash_is_not_answered_again(
        fake_api: FakeBotAPI, sqlite_url: str, tmp_path: Path) -> None:
    uid = 6202
    user = fake_api.user(uid, language_code="en")
    # A long read timeout: the held getUpdates below is not given up by the first process.
    first = BotProcess(fake_api, sqlite_url, tmp_path, TELEGRAM_READ_TIMEOUT_SECONDS="600")
    try:
        await first.polling()
        await user.send_and_wait("/help", timeout=15)
        await fake_api.wait_for(lambda: fake_api.long_polls > 0, 15, "the next long poll")
        # The next getUpdates - the one whose offset confirms /menu - is held by the Bot
        # API before it reads the offset: Telegram never learns /menu was taken.
        fake_api.delay("getUpdates", 3600)
        await user.send("/menu")
        update_id = await fake_api.wait_for(lambda: fetched(fake_api, uid, "/menu"), 15,
                                            "the bot to fetch /menu")
        await fake_api.wait_for(lambda: menus(fake_api, uid), 15, "the reply to /menu")

        async def delivered_and_kept() -> bool:
            return (await outbox_rows(sqlite_url) == 1
                    and await outbox_rows(sqlite_url, to_send_only=True) == 0)

        # The delivered row is kept (marked delivered) while its update is unconfirmed.
        deadline = time.monotonic() + 15
        while not await delivered_and_kept():
            assert time.monotonic() < deadline, "the delivered row was not kept"
            await asyncio.sleep(0.02)
    finally:
        first.kill()
    assert pending(fake_api, update_id)  # Telegram sends /menu again to the next process
    second = BotProcess(fake_api, sqlite_url, tmp_path)
    try:
        await second.polling()
        await fake_api.wait_for(lambda: not pending(fake_api, update_id), 30,
                                "the restarted bot to take /menu again")
        await user.send_and_wait("/help", timeout=15)  # and it serves the chat as before
    finally:
        out = await second.stop()
    assert len(menus(fake_api, uid)) == 1, [m.text for m in fake_api.chat(uid)]
    assert f"update {update_id} was handled before the restart" in out, out
    assert "sent again" not in out, out  # delivered before the crash: not sent twice
    assert "Traceback" not in out, out
    assert await outbox_rows(sqlite_url) == 0  # confirmed at the clean stop: deleted
