"""Waiting on "update N handled" (SignallingUpdateProcessor) instead of a quiet period."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable

import pytest
from telegram import Bot, Update
from telegram.ext import Application, CommandHandler, ContextTypes, SimpleUpdateProcessor
from telegram.request import HTTPXRequest

from tests.fakebot.plugin import TOKEN, fake_api  # noqa: F401
from tests.fakebot.server import FakeBotAPI
from tests.fakebot.signals import CONCURRENT_UPDATES, SignallingUpdateProcessor

Handler = Callable[[Update, ContextTypes.DEFAULT_TYPE], object]


async def slow_two_replies(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await update.message.reply_text("one")
    await asyncio.sleep(0.5)  # longer than the quiet period: only the signal waits for it
    await update.message.reply_text("two")


async def silent(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await context.bot.get_me()


async def broken(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    raise RuntimeError("the handler broke")


async def slow_apology(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    await asyncio.sleep(0.5)
    assert isinstance(update, Update)
    await context.bot.send_message(update.effective_chat.id, "sorry")


async def held_reply(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    try:
        await update.message.reply_text("held", read_timeout=0.2)
    except Exception:  # TimedOut: the fake still holds the request
        await context.bot.get_me()


async def polling_app(api: FakeBotAPI, handlers: dict[str, Handler],
                      error_handler: Handler | None = None) -> Application:
    app = (Application.builder().token(TOKEN).base_url(api.base_url)
           .concurrent_updates(SignallingUpdateProcessor(api)).build())
    for command, callback in handlers.items():
        app.add_handler(CommandHandler(command, callback))
    if error_handler is not None:
        app.add_error_handler(error_handler)
    await app.initialize()
    await app.start()
    await app.updater.start_polling(poll_interval=0, timeout=1)
    return app


async def stop(app: Application) -> None:
    await app.updater.stop()
    await app.stop()
    await app.shutdown()


@pytest.fixture
async def bot_app(fake_api: FakeBotAPI) -> AsyncIterator[Application]:  # noqa: F811
    app = await polling_app(fake_api, {"two": slow_two_replies, "silent": silent,
                                       "broken": broken, "held": held_reply},
                            error_handler=slow_apology)
    yield app
    await stop(app)


def test_signalling_processor_keeps_the_default_concurrency(fake_api: FakeBotAPI) -> None:  # noqa: F811
    processor = SignallingUpdateProcessor(fake_api)
    assert isinstance(processor, SimpleUpdateProcessor)
    assert processor.max_concurrent_updates == CONCURRENT_UPDATES == 256


async def test_processor_attaches_only_while_the_application_is_initialised(
        fake_api: FakeBotAPI) -> None:  # noqa: F811
    assert not fake_api.signalled
    app = await polling_app(fake_api, {})
    assert fake_api.signalled
    await stop(app)
    assert not fake_api.signalled


async def test_wait_covers_a_handler_slower_than_the_quiet_period(
        fake_api: FakeBotAPI, bot_app: Application) -> None:  # noqa: F811
    user = fake_api.user(51)
    calls = await user.send_and_wait("/two")
    assert [c.params["text"] for c in calls] == ["one", "two"]
    assert fake_api.unhandled_updates() == []


async def test_wait_covers_the_error_handler(fake_api: FakeBotAPI, bot_app: Application) -> None:  # noqa: F811
    user = fake_api.user(52)
    calls = await user.send_and_wait("/broken")
    assert [c.params["text"] for c in calls] == ["sorry"]


async def test_held_request_is_waited_for_after_the_handler_gave_up(
        fake_api: FakeBotAPI, bot_app: Application) -> None:  # noqa: F811
    fake_api.delay("sendMessage", 1.0, chat_id=53)
    user = fake_api.user(53)
    calls = await user.send_and_wait("/held")
    assert [c.params["text"] for c in calls] == ["held"]
    assert fake_api.in_flight() == 0


async def test_handled_without_any_visible_call_fails_clearly(
        fake_api: FakeBotAPI, bot_app: Application) -> None:  # noqa: F811
    user = fake_api.user(54)
    with pytest.raises(AssertionError, match="handled update.* of chat 54 without any visible"):
        await user.send_and_wait("/silent")


async def test_an_update_nobody_handles_fails_saying_what_it_waited_for(
        fake_api: FakeBotAPI) -> None:  # noqa: F811
    processor = SignallingUpdateProcessor(fake_api)
    await processor.initialize()  # attached, but no Application polls
    try:
        user = fake_api.user(55)
        with pytest.raises(AssertionError) as caught:
            await user.send_and_wait("/start", timeout=0.3)
        assert "waiting for the bot to handle update(s) [1] of chat 55" in str(caught.value)
        assert "still unhandled: [1]" in str(caught.value)
        with pytest.raises(AssertionError, match=r"handle update\(s\) \[1\]"):
            await fake_api.wait_handled(timeout=0.1)
    finally:
        await processor.shutdown()


async def test_without_a_signalling_bot_the_quiet_period_is_used(fake_api: FakeBotAPI) -> None:  # noqa: F811
    """As for a `craftbot run` subprocess: an answer, then quiet_period without calls."""
    user = fake_api.user(56)
    request = HTTPXRequest()
    async with Bot(TOKEN, base_url=fake_api.base_url, request=request) as other:

        async def answer() -> None:
            await fake_api.wait_for(lambda: fake_api.pending_updates, 5, "the update")
            await other.send_message(56, "answer")

        answering = asyncio.create_task(answer())
        calls = await user.send_and_wait("hello")
        await answering
    assert not fake_api.signalled
    assert [c.params["text"] for c in calls] == ["answer"]
