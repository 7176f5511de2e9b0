"""BOT_MODE=webhook: Telegram's POSTs to /telegram/webhook, checked and handed to the
real python-telegram-bot Application; replies go to the fake Bot API."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import pytest_asyncio

from bot.handlers.web.server import Server
from bot.handlers.web.webhook import PATH, SECRET_HEADER
from bot.services import Services
from tests.fakebot import TOKEN
from tests.web.conftest import web_settings

SECRET = "hook_Secret-123"
_ids = itertools.count(1)


def text_update(user_id: int, text: str) -> dict[str, Any]:
    n = next(_ids)
    message: dict[str, Any] = {
        "message_id": n, "date": int(time.time()), "text": text,
        "chat": {"id": user_id, "type": "private", "first_name": "Wang"},
        "from": {"id": user_id, "is_bot": False, "first_name": "Wang",
                 "language_code": "zh-hans"}}
    if text.startswith("/"):
        message["entities"] = [{"type": "bot_command", "offset": 0,
                                "length": len(text.split()[0])}]
    return {"update_id": 1000 + n, "message": message}


def hook_settings(api: Any, db_url: str, **extra: Any) -> Any:
    return web_settings(db_url, telegram_bot_token=TOKEN, telegram_api_base_url=api.base_url,
                        bot_mode="webhook", public_url="https://bot.example.test",
                        telegram_webhook_secret=SECRET, webhook_max_connections=12, **extra)


class Hook:
    def __init__(self, server: Server, http: aiohttp.ClientSession) -> None:
        self.server, self.http = server, http
        self.url = f"http://127.0.0.1:{server.port}{PATH}"

    async def post(self, body: bytes | dict[str, Any], secret: str | None = SECRET,
                   ) -> int:
        headers = {"Content-Type": "application/json"}
        if secret is not None:
            headers[SECRET_HEADER] = secret
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        async with self.http.post(self.url, data=data, headers=headers) as resp:
            return resp.status


@pytest_asyncio.fixture
async def hook(fake_api: Any, sqlite_url: str) -> AsyncIterator[Hook]:
    settings = hook_settings(fake_api, sqlite_url, webhook_max_body_bytes=4096)
    server = Server(settings, Services.create(settings))
    await server.start("127.0.0.1", 0)
    try:
        async with aiohttp.ClientSession() as http:
            yield Hook(server, http)
    finally:
        await server.stop()


async def test_start_sets_the_webhook_with_secret(hook: Hook, fake_api: Any) -> None:
    (call,) = fake_api.calls_of("setWebhook")
    assert call.params["url"] == "https://bot.example.test/telegram/webhook"
    assert call.params["secret_token"] == SECRET
    assert call.params["allowed_updates"] == ["message", "callback_query"]
    assert int(call.params["max_connections"]) == 12


async def test_right_secret_is_handled_and_answered(hook: Hook, fake_api: Any) -> None:
    start = len(fake_api.calls)
    assert await hook.post(text_update(7001, "/start")) == 200
    calls = await fake_api.wait_for_calls("sendMessage", 1, chat_id=7001)
    assert "语言" in calls[0].params["text"]
    assert all(c.chat_id in (None, 7001) for c in fake_api.calls[start:])


async def test_answers_200_before_the_update_is_handled(hook: Hook, fake_api: Any) -> None:
    fake_api.delay("sendMessage", 30, chat_id=7002)  # the reply hangs at the Bot API
    assert await hook.post(text_update(7002, "/start")) == 200
    assert fake_api.calls_of("sendMessage", chat_id=7002) == []  # still in flight
    fake_api.clear_faults()
    await fake_api.stop()  # releases the held call so shutdown is not slowed


async def test_wrong_or_missing_secret_is_403(hook: Hook, fake_api: Any) -> None:
    update = text_update(7003, "/start")
    assert await hook.post(update, secret="hook_Secret-124") == 403
    assert await hook.post(update, secret=None) == 403
    assert await hook.post(update, secret="") == 403
    assert await hook.post(update, secret=SECRET + "x") == 403
    assert await hook.post(text_update(7003, "/help")) == 200
    calls = await fake_api.wait_for_calls("sendMessage", 1, chat_id=7003)
    assert len(calls) >= 1 and "/start" not in [c.params.get("text") for c in calls]


async def test_malformed_body_is_400(hook: Hook) -> None:
    for body in (b"{nope", b"[]", b'"text"', b'{"message": {}}', b'{"update_id": "7"}',
                 b'{"update_id": true}', b"\xff\xfe"):
        assert await hook.post(body) == 400, body


async def test_oversized_body_is_413(hook: Hook) -> None:
    big = text_update(7004, "x" * 5000)
    assert await hook.post(big) == 413
    assert await hook.post(b"{" + b" " * 10000 + b"}") == 413


async def test_no_webhook_route_without_webhook_mode(fake_api: Any, sqlite_url: str) -> None:
    settings = web_settings(sqlite_url)
    server = Server(settings, Services.create(settings))
    await server.start("127.0.0.1", 0)
    try:
        async with aiohttp.ClientSession() as http:
            hook = Hook(server, http)
            assert await hook.post(text_update(7005, "/start")) == 404
    finally:
        await server.stop()


@pytest.mark.slow  # `craftbot webhook` subprocesses
def test_webhook_commands(fake_api_process: str, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "PUBLIC_"))}
    env.update({"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": fake_api_process,
                "PUBLIC_URL": "https://bot.example.test", "TELEGRAM_WEBHOOK_SECRET": SECRET})

    def craftbot(*args: str) -> Any:
        proc = subprocess.run([sys.executable, "-m", "bot.cli", "webhook", *args], env=env,
                              capture_output=True, text=True, cwd=tmp_path, timeout=60)
        assert proc.returncode == 0, proc.stderr
        return json.loads(proc.stdout)

    assert craftbot("set")["url"] == "https://bot.example.test/telegram/webhook"
    info = craftbot("info")
    assert info["url"] == "https://bot.example.test/telegram/webhook"
    assert info["allowed_updates"] == ["message", "callback_query"]
    assert craftbot("delete")["ok"] is True
    assert craftbot("info")["url"] == ""


async def test_shutdown_finishes_updates_in_flight(fake_api: Any, sqlite_url: str) -> None:
    settings = hook_settings(fake_api, sqlite_url)
    server = Server(settings, Services.create(settings))
    await server.start("127.0.0.1", 0)
    fake_api.delay("sendMessage", 2, chat_id=7010)  # the reply is still on the wire ...
    async with aiohttp.ClientSession() as http:
        assert await Hook(server, http).post(text_update(7010, "/start")) == 200
    assert fake_api.calls_of("sendMessage", chat_id=7010) == []
    await server.stop()  # ... when the server is told to stop
    (call,) = fake_api.calls_of("sendMessage", chat_id=7010)
    assert call.status == 200 and "语言" in call.params["text"]
