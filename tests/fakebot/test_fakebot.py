"""The fake Bot API against the real python-telegram-bot: Bot calls and a polling Application."""

from __future__ import annotations

import datetime as dtm
import io
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from PIL import Image
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest, Forbidden, InvalidToken, NetworkError, RetryAfter, TimedOut
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes
from telegram.request import HTTPXRequest

from tests.fakebot.plugin import TOKEN, fake_api  # noqa: F401
from tests.fakebot.server import FakeBotAPI
from tests.fakebot.signals import SignallingUpdateProcessor

KEYBOARD = InlineKeyboardMarkup(
    [
        [
            InlineKeyboardButton("Yes", callback_data="yes"),
            InlineKeyboardButton("No", callback_data="no"),
        ]
    ]
)


@pytest_asyncio.fixture
async def bot(fake_api: FakeBotAPI) -> AsyncIterator[Bot]:  # noqa: F811
    async with Bot(TOKEN, base_url=fake_api.base_url, base_file_url=fake_api.base_file_url) as b:
        yield b


async def on_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.message is not None and update.effective_user is not None
    args = ",".join(context.args or [])
    text = f"hello {update.effective_user.first_name} args=[{args}]"
    await update.message.reply_text(text, reply_markup=KEYBOARD)


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer("noted")
    await query.edit_message_text(f"you chose {query.data}")


@pytest_asyncio.fixture
async def app(fake_api: FakeBotAPI) -> AsyncIterator[Application]:  # noqa: F811
    application = (
        Application.builder()
        .token(TOKEN)
        .base_url(fake_api.base_url)
        .base_file_url(fake_api.base_file_url)
        .concurrent_updates(SignallingUpdateProcessor(fake_api, 1))  # one at a time, as default
        .build()
    )
    application.add_handler(CommandHandler("start", on_start))
    application.add_handler(CallbackQueryHandler(on_button))
    async with application:
        await application.start()
        assert application.updater is not None
        await application.updater.start_polling(poll_interval=0, timeout=1)
        yield application
        await application.updater.stop()
        await application.stop()


def seconds(value: int | float | dtm.timedelta) -> float:
    return value.total_seconds() if isinstance(value, dtm.timedelta) else float(value)


def png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), "red").save(out, format="PNG")
    return out.getvalue()


async def test_get_me_is_parsed_without_unknown_fields(bot: Bot) -> None:
    me = await bot.get_me()
    assert (me.id, me.username, me.is_bot) == (123456, "craftbot_test_bot", True)
    assert me.api_kwargs == {}


async def test_user_message_reaches_handler_and_reply_is_recorded(
    fake_api: FakeBotAPI,  # noqa: F811
    app: Application,
) -> None:
    user = fake_api.user(1001, "Li")
    calls = await user.send_and_wait("/start")
    assert [c.method for c in calls] == ["sendMessage"]
    assert calls[0].params["text"] == "hello Li args=[]"
    (reply,) = fake_api.chat(1001)
    assert reply.message_id == 2  # the user's /start was message 1 in this chat
    assert reply.text == "hello Li args=[]"
    assert reply.buttons == [("Yes", "yes"), ("No", "no")]
    await fake_api.wait_for(lambda: not fake_api.pending_updates, 5, "the update to be confirmed")


async def test_deep_link_arrives_with_args(fake_api: FakeBotAPI, app: Application) -> None:  # noqa: F811
    user = fake_api.user(1002, "Wang")
    await user.send_and_wait("/start abc")
    assert user.last_message is not None
    assert user.last_message.text == "hello Wang args=[abc]"


async def test_button_press_reaches_callback_handler(
    fake_api: FakeBotAPI,  # noqa: F811
    app: Application,
) -> None:
    user = fake_api.user(1003, "Zhao")
    await user.send_and_wait("/start")
    message_id = fake_api.chat(1003)[0].message_id
    start = len(fake_api.calls)
    query_id = await user.press(message_id, "no")
    calls = await fake_api.settle(1003, start, timeout=5)
    assert [c.method for c in calls] == ["editMessageText"]
    (edited,) = fake_api.chat(1003)
    assert (edited.message_id, edited.text, edited.buttons) == (message_id, "you chose no", [])
    assert fake_api.callback_answer(query_id) is not None
    assert fake_api.callback_answer(query_id)["text"] == "noted"  # type: ignore[index]
    assert fake_api.calls_of("answerCallbackQuery", chat_id=1003)[0].ok


async def test_click_by_label(fake_api: FakeBotAPI, app: Application) -> None:  # noqa: F811
    user = fake_api.user(1004, "Sun")
    await user.send_and_wait("/start")
    calls = await user.click_and_wait("Yes")
    assert [c.method for c in calls] == ["editMessageText"]
    assert fake_api.chat(1004)[0].text == "you chose yes"


async def test_edit_message_text_changes_transcript(fake_api: FakeBotAPI, bot: Bot) -> None:  # noqa: F811
    fake_api.user(7, "Qian")
    sent = await bot.send_message(7, "<b>first</b>", parse_mode="HTML", reply_markup=KEYBOARD)
    assert sent.text == "first" and sent.entities[0].type == "bold"
    assert sent.reply_markup == KEYBOARD
    edited = await bot.edit_message_text("second", chat_id=7, message_id=sent.message_id)
    assert isinstance(edited, type(sent)) and edited.edit_date is not None
    (msg,) = fake_api.chat(7)
    assert (msg.text, msg.reply_markup) == ("second", None)  # no reply_markup: keyboard removed


async def test_same_text_and_markup_is_not_modified(fake_api: FakeBotAPI, bot: Bot) -> None:  # noqa: F811
    sent = await bot.send_message(8, "same", reply_markup=KEYBOARD)
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_text("same", 8, sent.message_id, reply_markup=KEYBOARD)
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await bot.edit_message_text("other", 8, 999)
    assert [c.status for c in fake_api.calls_of("editMessageText")] == [400, 400]


async def test_429_yields_retry_after(
    fake_api: FakeBotAPI,  # noqa: F811
    bot: Bot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "true")  # PTB 22 warns when retry_after is an int
    fake_api.fail("sendMessage", status=429, retry_after=7)
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(9, "hi")
    assert seconds(caught.value.retry_after) == 7
    await bot.send_message(9, "hi")  # only one failure was injected
    assert [c.status for c in fake_api.calls_of("sendMessage")] == [429, 200]
    assert [m.text for m in fake_api.chat(9)] == ["hi"]


async def test_403_blocked_is_forbidden(fake_api: FakeBotAPI, bot: Bot) -> None:  # noqa: F811
    fake_api.fail("sendMessage", status=403, description="Forbidden: bot was blocked by the user")
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(10, "hi")
    fake_api.user(11).block()
    await bot.send_message(10, "other chat still works")
    with pytest.raises(Forbidden):
        await bot.send_chat_action(11, "typing")


async def test_500_is_network_error(fake_api: FakeBotAPI, bot: Bot) -> None:  # noqa: F811
    fake_api.fail("sendMessage", times=2, status=500, chat_id=12)
    for _ in range(2):
        with pytest.raises(NetworkError) as caught:
            await bot.send_message(12, "hi")
        assert not isinstance(caught.value, BadRequest)
    await bot.send_message(12, "hi")
    assert [c.status for c in fake_api.calls_of("sendMessage", chat_id=12)] == [500, 500, 200]


async def test_delay_provokes_timeout_but_message_is_delivered(fake_api: FakeBotAPI) -> None:  # noqa: F811
    fake_api.delay("sendMessage", 1.0)
    request = HTTPXRequest(read_timeout=0.2)
    async with Bot(TOKEN, base_url=fake_api.base_url, request=request) as slow:
        with pytest.raises(TimedOut):
            await slow.send_message(13, "late")
    await fake_api.wait_for_calls("sendMessage", chat_id=13)
    assert [m.text for m in fake_api.chat(13)] == ["late"]


async def test_document_and_photo_uploads_keep_their_bytes(fake_api: FakeBotAPI, bot: Bot) -> None:  # noqa: F811
    doc = await bot.send_document(14, b"%PDF-1.4 test", filename="policy.pdf", caption="doc")
    assert doc.document is not None and doc.document.file_name == "policy.pdf"
    image = png(200, 100)
    photo = await bot.send_photo(14, image, caption="<i>qr</i>", parse_mode="HTML")
    assert [(p.width, p.height) for p in photo.photo] == [(90, 45), (200, 100)]
    assert photo.caption == "qr" and photo.api_kwargs == {}
    sent_doc, sent_photo = fake_api.chat(14)
    assert (sent_doc.kind, sent_doc.file_bytes, sent_doc.caption) == (
        "document",
        b"%PDF-1.4 test",
        "doc",
    )
    assert (sent_photo.kind, sent_photo.file_bytes) == ("photo", image)
    upload = fake_api.calls_of("sendDocument")[0].files["document"]
    assert (upload.filename, upload.data) == ("policy.pdf", b"%PDF-1.4 test")
    file = await bot.get_file(doc.document.file_id)
    assert bytes(await file.download_as_bytearray()) == b"%PDF-1.4 test"


async def test_invalid_photo_is_rejected(bot: Bot) -> None:
    with pytest.raises(BadRequest, match="Image_process_failed"):
        await bot.send_photo(15, b"not an image")


async def test_wrong_token_is_invalid_token(fake_api: FakeBotAPI) -> None:  # noqa: F811
    async with Bot(TOKEN, base_url=fake_api.base_url) as good:
        assert (await good.get_me()).username == "craftbot_test_bot"
    with pytest.raises(InvalidToken):
        await Bot("999:WRONG", base_url=fake_api.base_url).get_me()
    assert fake_api.calls[-1].status == 401


async def test_broken_html_is_bad_request(bot: Bot) -> None:
    with pytest.raises(BadRequest, match="Can't parse entities"):
        await bot.send_message(16, "age <35 only", parse_mode="HTML")


async def test_flood_limit_answers_retry_after(
    fake_api: FakeBotAPI,  # noqa: F811
    bot: Bot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
    fake_api.enforce_limits(global_per_sec=30, per_chat_per_sec=1)
    await bot.send_message(17, "one")
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(17, "two")
    assert seconds(caught.value.retry_after) == 1
    await bot.send_message(18, "other chat")
    assert fake_api.peak_per_second(chat_id=17) == 1
    assert sum(fake_api.per_second().values()) == 2


async def test_commands_are_kept_per_scope_and_language(fake_api: FakeBotAPI, bot: Bot) -> None:  # noqa: F811
    await bot.set_my_commands([("start", "开始")], language_code="zh")
    await bot.set_my_commands([("start", "Start"), ("help", "Help")])
    assert [c.command for c in await bot.get_my_commands(language_code="zh")] == ["start"]
    assert len(await bot.get_my_commands()) == 2
    await bot.delete_my_commands()
    assert await bot.get_my_commands() == ()
    assert fake_api.commands(language_code="zh") == [{"command": "start", "description": "开始"}]
