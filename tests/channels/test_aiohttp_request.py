"""The aiohttp request class of the Bot API calls, against the fake Bot API: normal calls,
uploads, long polling, timeouts and connection errors raised as python-telegram-bot's own
errors (so that PTB and the reply limiter handle them as with httpx)."""

from __future__ import annotations

import asyncio
import io
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest
from PIL import Image
from telegram import Bot
from telegram.error import BadRequest, NetworkError, TimedOut
from telegram.ext import ExtBot
from telegram.request import RequestData
from telegram.request._requestparameter import RequestParameter

from bot.app import build_application
from bot.delivery.sending import ReplyConfig, ReplyLimiter, _maybe_delivered
from bot.handlers.aiohttp_request import AiohttpRequest
from tests.e2e.harness import bot_settings
from tests.fakebot import TOKEN, FakeBotAPI
from tests.fakebot.server import RESET


@asynccontextmanager
async def a_bot(api: FakeBotAPI, request: AiohttpRequest | None = None,
                base_url: str | None = None, **kw: object) -> AsyncIterator[Bot]:
    bot_class = ExtBot if "rate_limiter" in kw else Bot
    bot = bot_class(TOKEN, base_url=base_url or api.base_url, base_file_url=api.base_file_url,
                    request=request or AiohttpRequest(8),
                    get_updates_request=AiohttpRequest(1), **kw)
    async with bot:
        yield bot


async def test_calls_reach_the_api_and_answers_come_back(fake_api: FakeBotAPI) -> None:
    fake_api.user(501, language_code="en")
    async with a_bot(fake_api) as bot:
        assert bot.username == fake_api.bot_username  # getMe, at initialize
        msg = await bot.send_message(501, "你好 <b>world</b> & more", parse_mode="HTML",
                                     reply_markup={"inline_keyboard": [[
                                         {"text": "是", "callback_data": "y"}]]})
        assert msg.chat_id == 501 and msg.text == "你好 world & more"
        call = fake_api.calls_of("sendMessage")[-1]
        assert call.params["text"] == "你好 <b>world</b> & more"
        assert call.params["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "y"
        with pytest.raises(BadRequest):  # an error answer of the API is PTB's error
            await bot.send_message(501, "")


async def test_photo_and_document_uploads_arrive_whole(fake_api: FakeBotAPI) -> None:
    fake_api.user(502, language_code="en")
    out = io.BytesIO()
    Image.new("RGB", (300, 200), "red").save(out, format="PNG")
    png = out.getvalue()
    csv = "姓名,分数\n李,1\n".encode()
    async with a_bot(fake_api) as bot:
        await bot.send_photo(502, png, caption="图表 chart")
        await bot.send_document(502, csv, filename="导出.csv", caption="export")
    photo, doc = fake_api.calls_of("sendPhoto")[-1], fake_api.calls_of("sendDocument")[-1]
    assert photo.ok and photo.params["caption"] == "图表 chart"
    assert next(iter(photo.files.values())).data == png
    assert doc.ok and doc.params["caption"] == "export"
    uploaded = next(iter(doc.files.values()))
    assert uploaded.data == csv and uploaded.filename == "导出.csv"


async def test_long_polling_returns_the_update_when_it_comes(fake_api: FakeBotAPI) -> None:
    user = fake_api.user(503, language_code="en")
    async with a_bot(fake_api) as bot:
        poll = asyncio.create_task(bot.get_updates(timeout=10))
        await fake_api.wait_for(lambda: fake_api.long_polls > 0, what="a waiting getUpdates")
        assert not poll.done()
        await user.send("hello")
        updates = await poll
    assert [u.message.text for u in updates] == ["hello"]


async def test_a_slow_answer_is_ptbs_timed_out(fake_api: FakeBotAPI) -> None:
    fake_api.user(504, language_code="en")
    async with a_bot(fake_api) as bot:
        fake_api.delay("sendMessage", 60)
        with pytest.raises(TimedOut) as caught:
            await bot.send_message(504, "late", read_timeout=0.2)
    assert _maybe_delivered(caught.value)  # the request had left: it may have arrived


async def test_waiting_for_a_connection_is_timed_out_and_not_sent(fake_api: FakeBotAPI
                                                                   ) -> None:
    request = AiohttpRequest(1, pool_timeout=0.2, connect_timeout=0.2)
    await request.initialize()
    base = f"{fake_api.base_url}{TOKEN}"
    try:  # a long poll holds the only connection
        poll = asyncio.create_task(request.post(
            f"{base}/getUpdates", RequestData([RequestParameter("timeout", 30, None)]),
            read_timeout=60))
        await fake_api.wait_for(lambda: fake_api.long_polls > 0, what="a waiting getUpdates")
        with pytest.raises(TimedOut) as caught:
            await request.post(f"{base}/getMe")
        poll.cancel()
    finally:
        await request.shutdown()
    assert not _maybe_delivered(caught.value)  # never left: safe to send again
    assert fake_api.calls_of("getMe") == []


async def test_connection_errors_are_network_errors(fake_api: FakeBotAPI) -> None:
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    request = AiohttpRequest(2)
    await request.initialize()
    try:
        with pytest.raises(NetworkError) as caught:
            await request.post(f"http://127.0.0.1:{port}/bot{TOKEN}/getMe")
        assert not isinstance(caught.value, TimedOut)
        assert not _maybe_delivered(caught.value)  # refused: not sent
    finally:
        await request.shutdown()
    fake_api.user(506, language_code="en")
    async with a_bot(fake_api) as bot:
        fake_api.fail("sendMessage", 1, status=RESET)  # dropped after the request arrived
        with pytest.raises(NetworkError) as caught:
            await bot.send_message(506, "dropped")
    assert _maybe_delivered(caught.value)


async def test_reply_limiter_retries_a_dropped_reply_once(fake_api: FakeBotAPI) -> None:
    fake_api.user(507, language_code="en")
    limiter = ReplyLimiter(config=ReplyConfig(retry_base=0.01))
    async with a_bot(fake_api, rate_limiter=limiter) as bot:
        fake_api.fail("sendMessage", 1, status=RESET)
        fake_api.fail("sendMessage", 1, status=502)
        msg = await bot.send_message(507, "kept")
    assert msg.text == "kept"
    assert [c.status for c in fake_api.calls_of("sendMessage")] == [RESET, 502, 200]
    assert limiter.stats["retried"] == 2 and limiter.stats["possible_duplicates"] == 1


def test_the_setting_chooses_the_http_client(fake_api: FakeBotAPI, tmp_path) -> None:  # noqa: ANN001
    url = f"sqlite+aiosqlite:///{tmp_path}/b.db"
    app = build_application(bot_settings(fake_api, url))
    assert isinstance(app.bot.request, AiohttpRequest)
    updates = app.bot._request[0]  # the getUpdates request: one connection of its own
    assert isinstance(updates.inner, AiohttpRequest) and updates.inner.pool_size == 1
    app = build_application(bot_settings(fake_api, url, telegram_http_client="httpx"))
    assert type(app.bot.request).__name__ == "HTTPXRequest"
