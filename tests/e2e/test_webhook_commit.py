"""Issue 14, webhook mode: Telegram's POST is answered 200 once the update's turn has
committed, not before - a crash before the commit leaves Telegram to send it again
(it does for any POST not answered 200), instead of losing it."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from typing import Any

import aiohttp
import pytest

from bot.handlers.web.server import Server
from bot.services import Services
from tests.e2e.test_kill_window import until
from tests.web.test_webhook import Hook, hook_settings, text_update


async def test_the_webhook_answers_200_once_the_turn_has_committed(
        fake_api: Any, sqlite_url: str, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="bot.handlers.updates")
    # A long statement timeout: the turn waits for the write lock instead of "busy".
    settings = hook_settings(fake_api, sqlite_url, db_statement_timeout_ms=60_000)
    server = Server(settings, Services.create(settings))
    await server.start("127.0.0.1", 0)
    lock = sqlite3.connect(sqlite_url.split("///", 1)[1], isolation_level=None, timeout=30)
    try:
        async with aiohttp.ClientSession() as http:
            lock.execute("BEGIN IMMEDIATE")  # no turn can commit now
            post = asyncio.ensure_future(Hook(server, http).post(text_update(7101, "/start")))
            await until(lambda: post.done() or any(
                "holding the confirmation" in r.getMessage() for r in caplog.records), 15,
                "the webhook to answer or to hold its answer")
            assert not post.done(), "answered 200 before the turn committed"
            lock.rollback()  # the turn commits ...
            assert await asyncio.wait_for(post, 15) == 200  # ... and Telegram gets its 200
            calls = await fake_api.wait_for_calls("sendMessage", 1, chat_id=7101)
            assert "语言" in calls[0].params["text"]
    finally:
        lock.close()
        await server.stop()
