"""The fake Bot API over plain HTTP (as a bot in a subprocess would use it), and its parts."""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
import pytest_asyncio

from tests.fakebot.markup import MarkupError, parse_html
from tests.fakebot.plugin import TOKEN, fake_api  # noqa: F401
from tests.fakebot.server import FakeBotAPI
from tests.fakebot.state import Call
from tests.fakebot.traffic import FloodLimiter, peak_per_second, per_second

Body = dict[str, Any]


@pytest_asyncio.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


async def call(
    http: aiohttp.ClientSession, api: FakeBotAPI, method: str, token: str = TOKEN, **kw: Any
) -> tuple[int, Body]:
    async with http.post(f"{api.base_url}{token}/{method}", **kw) as response:
        return response.status, await response.json()


async def test_unknown_token_and_unknown_method(fake_api: FakeBotAPI, http) -> None:  # noqa: F811
    assert await call(http, fake_api, "getMe", token="1:nope") == (
        401,
        {"ok": False, "error_code": 401, "description": "Unauthorized"},
    )
    assert await call(http, fake_api, "fooBar") == (
        404,
        {"ok": False, "error_code": 404, "description": "Not Found"},
    )


async def test_method_names_are_case_insensitive(fake_api: FakeBotAPI, http) -> None:  # noqa: F811
    status, body = await call(http, fake_api, "SENDMESSAGE", json={"chat_id": 5, "text": "a"})
    assert status == 200 and body["result"]["text"] == "a"
    async with http.get(f"{fake_api.base_url}{TOKEN}/getme") as response:
        assert (await response.json())["result"]["username"] == "craftbot_test_bot"
    assert [c.method for c in fake_api.calls] == ["sendMessage", "getMe"]


async def test_json_form_and_query_parameters(fake_api: FakeBotAPI, http) -> None:  # noqa: F811
    markup = {"inline_keyboard": [[{"text": "A", "callback_data": "a"}]]}
    await call(
        http, fake_api, "sendMessage", json={"chat_id": "6", "text": "j", "reply_markup": markup}
    )
    form = {"chat_id": "6", "text": "123", "reply_markup": json.dumps(markup)}
    await call(http, fake_api, "sendMessage", data=form)
    await call(http, fake_api, "sendMessage", params={"chat_id": "6", "text": "true"})
    first, second, third = fake_api.calls_of("sendMessage", chat_id=6)
    assert second.params == {"chat_id": 6, "text": "123", "reply_markup": markup}
    assert third.params["text"] == "true"
    assert [m.text for m in fake_api.chat(6)] == ["j", "123", "true"]
    assert fake_api.buttons(6, message_id=1) == fake_api.buttons(6, message_id=2) == [("A", "a")]
    assert fake_api.buttons(6) == []  # the last message has no keyboard


async def test_multipart_attach_reference(fake_api: FakeBotAPI, http) -> None:  # noqa: F811
    form = aiohttp.FormData()
    form.add_field("chat_id", "7")
    form.add_field("document", "attach://f1")
    form.add_field("f1", b"abc", filename="a.txt", content_type="text/plain")
    status, body = await call(http, fake_api, "sendDocument", data=form)
    assert status == 200 and body["result"]["document"]["file_name"] == "a.txt"
    (sent,) = fake_api.calls_of("sendDocument")
    assert sent.files["document"].data == b"abc"
    assert fake_api.chat(7)[0].file_bytes == b"abc"


async def test_message_ids_are_per_chat_and_shared_with_users(fake_api: FakeBotAPI, http) -> None:  # noqa: F811
    user = fake_api.user(21, "Zhou")
    assert await user.send("hi") == 1
    _, body = await call(http, fake_api, "sendMessage", json={"chat_id": 21, "text": "x"})
    _, other = await call(http, fake_api, "sendMessage", json={"chat_id": 22, "text": "y"})
    assert (body["result"]["message_id"], other["result"]["message_id"]) == (2, 1)
    assert body["result"]["chat"] == {"id": 21, "type": "private", "first_name": "Zhou"}


async def test_get_updates_offset_and_limit(fake_api: FakeBotAPI, http) -> None:  # noqa: F811
    user = fake_api.user(31)
    for text in ("/start", "a", "b"):
        await user.send(text)
    _, body = await call(http, fake_api, "getUpdates", json={"limit": 2})
    first, second = body["result"]
    assert first["message"]["entities"] == [{"type": "bot_command", "offset": 0, "length": 6}]
    _, body = await call(http, fake_api, "getUpdates", json={"offset": second["update_id"]})
    assert [u["message"]["text"] for u in body["result"]] == ["a", "b"]
    _, body = await call(http, fake_api, "getUpdates", json={"offset": -1})
    assert [u["message"]["text"] for u in body["result"]] == ["b"]


async def test_long_poll_returns_when_an_update_is_queued(fake_api: FakeBotAPI, http) -> None:  # noqa: F811
    poll = asyncio.create_task(call(http, fake_api, "getUpdates", json={"timeout": 60}))
    await fake_api.wait_for(lambda: fake_api.long_polls == 1, 5, "the long poll to arrive")
    await fake_api.user(32).send("wake up")
    status, body = await asyncio.wait_for(poll, 10)  # far below the 60 s poll timeout
    assert [u["message"]["text"] for u in body["result"]] == ["wake up"]


async def test_stop_ends_a_pending_long_poll(http) -> None:
    api = await FakeBotAPI().start()
    poll = asyncio.create_task(call(http, api, "getUpdates", json={"timeout": 60}))
    await api.wait_for(lambda: api.long_polls == 1, 5, "the long poll to arrive")
    await asyncio.wait_for(api.stop(), 10)
    assert (await asyncio.wait_for(poll, 10))[1]["result"] == []


async def test_webhook_blocks_get_updates(fake_api: FakeBotAPI, http) -> None:  # noqa: F811
    await call(http, fake_api, "setWebhook", json={"url": "https://example.test/hook"})
    _, info = await call(http, fake_api, "getWebhookInfo")
    assert info["result"]["url"] == "https://example.test/hook"
    assert (await call(http, fake_api, "getUpdates"))[0] == 409
    await call(http, fake_api, "deleteWebhook")
    assert (await call(http, fake_api, "getUpdates"))[0] == 200


async def test_edits_deletes_and_callbacks(fake_api: FakeBotAPI, http) -> None:  # noqa: F811
    markup = {"inline_keyboard": [[{"text": "Go", "callback_data": "go"}]]}
    await call(
        http, fake_api, "sendMessage", json={"chat_id": 41, "text": "t", "reply_markup": markup}
    )
    edit = {"chat_id": 41, "message_id": 1, "reply_markup": markup}
    status, body = await call(http, fake_api, "editMessageReplyMarkup", json=edit)
    assert status == 400 and body["description"].startswith("Bad Request: message is not modified")
    user = fake_api.user(41)
    with pytest.raises(AssertionError, match="no button"):
        await user.press(1, "stop")
    query_id = await user.press(1, "go")
    update = fake_api.pending_updates[-1]["callback_query"]
    assert update["message"]["reply_markup"] == markup and update["data"] == "go"
    answer = {"callback_query_id": query_id}
    assert (await call(http, fake_api, "answerCallbackQuery", json=answer))[0] == 200
    assert (await call(http, fake_api, "answerCallbackQuery", json=answer))[0] == 400
    assert fake_api.calls_of("answerCallbackQuery")[0].chat_id == 41
    assert (await call(http, fake_api, "deleteMessage", json={"chat_id": 41, "message_id": 1}))[
        0
    ] == 200
    assert fake_api.chat(41) == []
    status, body = await call(http, fake_api, "editMessageText", json=edit | {"text": "x"})
    assert body["description"] == "Bad Request: message to edit not found"


async def test_faults_match_chat_and_wildcard(fake_api: FakeBotAPI, http) -> None:  # noqa: F811
    fake_api.fail("*", times=None, status=502, chat_id=51)
    assert (await call(http, fake_api, "sendChatAction", json={"chat_id": 51, "action": "typing"}))[
        0
    ] == 502
    assert (await call(http, fake_api, "sendMessage", json={"chat_id": 52, "text": "ok"}))[0] == 200
    assert (await call(http, fake_api, "sendMessage", json={"chat_id": 51, "text": "no"}))[0] == 502
    fake_api.clear_faults()
    assert (await call(http, fake_api, "sendMessage", json={"chat_id": 51, "text": "ok"}))[0] == 200
    fake_api.fail("getUpdates", status=409, description="Conflict: terminated by other request")
    assert (await call(http, fake_api, "getUpdates"))[0] == 409
    assert (await call(http, fake_api, "getUpdates"))[0] == 200


async def test_wait_for_timeout_lists_the_last_calls(fake_api: FakeBotAPI, http) -> None:  # noqa: F811
    await call(http, fake_api, "sendMessage", json={"chat_id": 61, "text": "only this"})
    with pytest.raises(
        AssertionError, match="(?s)a second message.*sendMessage chat=61.*only this"
    ):
        await fake_api.wait_for(lambda: len(fake_api.calls) > 1, 0.2, "a second message")


async def test_many_concurrent_messages_are_all_recorded(fake_api: FakeBotAPI, http) -> None:  # noqa: F811
    sends = [
        call(http, fake_api, "sendMessage", json={"chat_id": 70 + i % 4, "text": f"m{i}"})
        for i in range(200)
    ]
    assert {status for status, _ in await asyncio.gather(*sends)} == {200}
    assert sum(fake_api.per_second().values()) == 200
    assert [m.message_id for m in fake_api.chat(70)] == list(range(1, 51))


SUBPROCESS_BOT = """
import asyncio, sys
from telegram import Bot

async def main():
    async with Bot(sys.argv[1], base_url=sys.argv[2]) as bot:
        await bot.send_message(81, f"from {bot.username}")

asyncio.run(main())
"""


@pytest.mark.slow  # a Bot in a Python subprocess
async def test_a_bot_in_a_subprocess_can_use_it(fake_api: FakeBotAPI) -> None:  # noqa: F811
    # The fake runs on the test's event loop: start subprocesses with asyncio, never block.
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-c", SUBPROCESS_BOT, TOKEN, fake_api.base_url
    )
    assert await asyncio.wait_for(process.wait(), 60) == 0
    assert [m.text for m in fake_api.chat(81)] == ["from craftbot_test_bot"]


def test_html_entities_use_utf16_offsets() -> None:
    text, entities = parse_html('😀 <b>粗<i>斜</i></b> &lt;35 <a href="https://x.test">链接</a>')
    assert text == "😀 粗斜 <35 链接"
    assert entities == [
        {"type": "bold", "offset": 3, "length": 2},
        {"type": "italic", "offset": 4, "length": 1},
        {"type": "text_link", "url": "https://x.test", "offset": 10, "length": 2},
    ]


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        ("a <35> b", 'Unsupported start tag "" at byte offset 2'),
        ("年龄<35岁", "Unclosed start tag at byte offset 6"),
        ("<b>x", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b>x</i>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
        ("<br/>", 'Unsupported start tag "br" at byte offset 0'),
        ("x <b", "Unclosed start tag at byte offset 2"),
    ],
)
def test_html_errors(source: str, reason: str) -> None:
    with pytest.raises(MarkupError) as caught:
        parse_html(source)
    assert str(caught.value) == reason


def test_flood_limiter_windows() -> None:
    limiter = FloodLimiter(global_per_sec=3, per_chat_per_sec=2)
    assert [limiter.check("sendMessage", 1, t) for t in (0.0, 0.1, 0.2)] == [None, None, 1]
    assert limiter.check("sendMessage", 2, 0.3) is None  # third send overall
    assert limiter.check("sendMessage", 3, 0.4) == 1  # global limit reached
    assert limiter.check("getMe", 3, 0.4) is None  # not a send
    assert limiter.check("sendMessage", 3, 1.05) is None  # first send left the window


def test_rate_statistics() -> None:
    at = [0.0, 0.5, 0.9, 1.2, 3.0]
    calls = [Call("sendMessage", {}, {}, t, chat_id=1) for t in at]
    calls.append(Call("sendMessage", {}, {}, 0.95, status=429, chat_id=1))
    assert per_second(calls, 0.0, "sendMessage", None, ok_only=True) == {0: 3, 1: 1, 3: 1}
    assert peak_per_second(calls, "sendMessage", 1, ok_only=True) == 3
    assert peak_per_second(calls, "sendMessage", 1, ok_only=False) == 4
    assert peak_per_second(calls, "sendMessage", 2, ok_only=True) == 0
