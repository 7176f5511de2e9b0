"""Every object the fake returns parses in PTB without unknown fields (api_kwargs)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest_asyncio
from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    MenuButtonCommands,
    MenuButtonDefault,
    TelegramObject,
)

from tests.fakebot.plugin import TOKEN, fake_api  # noqa: F401
from tests.fakebot.server import FakeBotAPI
from tests.fakebot.test_fakebot import png


@pytest_asyncio.fixture
async def bot(fake_api: FakeBotAPI) -> AsyncIterator[Bot]:  # noqa: F811
    async with Bot(TOKEN, base_url=fake_api.base_url, base_file_url=fake_api.base_file_url) as b:
        yield b


def unknown_fields(obj: object, path: str = "") -> dict[str, object]:
    """api_kwargs of the object and everything nested in it, keyed by attribute path."""
    if isinstance(obj, tuple | list):
        found: dict[str, object] = {}
        for i, item in enumerate(obj):
            found |= unknown_fields(item, f"{path}[{i}]")
        return found
    if not isinstance(obj, TelegramObject):
        return {}
    found = {f"{path}.{key}": value for key, value in obj.api_kwargs.items()}
    for name, value in obj._get_attrs(recursive=False).items():  # noqa: SLF001
        found |= unknown_fields(value, f"{path}.{name}")
    return found


async def test_updates_and_messages_have_only_known_fields(fake_api: FakeBotAPI, bot: Bot) -> None:  # noqa: F811
    user = fake_api.user(5, "Li", last_name="Lei", username="lilei", language_code="en")
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("A", callback_data="a")]])
    sent = await bot.send_message(5, "<b>x</b>", parse_mode="HTML", reply_markup=keyboard)
    reply = await bot.send_message(5, "re", reply_parameters={"message_id": sent.message_id})
    photo = await bot.send_photo(5, png(120, 60), caption="c")
    doc = await bot.send_document(5, b"d", filename="d.txt")
    edited = await bot.edit_message_reply_markup(5, sent.message_id)
    await user.send("/start deep")
    await user.press(sent.message_id, "a", check=False)
    updates = await bot.get_updates()
    results = [sent, reply, photo, doc, edited, *updates]
    assert [unknown_fields(r) for r in results] == [{}] * len(results)
    assert reply.reply_to_message is not None
    assert reply.reply_to_message.message_id == sent.message_id
    assert updates[1].callback_query is not None
    assert updates[1].callback_query.message.text == "x"  # type: ignore[union-attr]
    assert updates[0].effective_user is not None
    assert updates[0].effective_user.language_code == "en"


async def test_bot_settings_round_trip(fake_api: FakeBotAPI, bot: Bot) -> None:  # noqa: F811
    assert await bot.set_chat_menu_button(menu_button=MenuButtonCommands())
    assert isinstance(await bot.get_chat_menu_button(), MenuButtonCommands)
    assert await bot.set_chat_menu_button(chat_id=5, menu_button=MenuButtonDefault())
    assert isinstance(await bot.get_chat_menu_button(chat_id=5), MenuButtonDefault)
    assert await bot.set_webhook("https://example.test/hook", secret_token="s")
    info = await bot.get_webhook_info()
    assert (info.url, unknown_fields(info)) == ("https://example.test/hook", {})
    assert await bot.delete_webhook(drop_pending_updates=True)
    assert (await bot.get_webhook_info()).url == ""
    assert await bot.log_out() and await bot.close()
    methods = [c.method for c in fake_api.calls]
    assert methods[-3:] == ["getWebhookInfo", "logOut", "close"]
