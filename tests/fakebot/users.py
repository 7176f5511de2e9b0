"""Fake Telegram users that write to the bot and press its inline buttons."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tests.fakebot import objects
from tests.fakebot.state import Call, ChatMessage

if TYPE_CHECKING:
    from tests.fakebot.server import FakeBotAPI


class FakeUser:
    """A user in a private chat with the bot (chat id == user id)."""

    def __init__(self, api: FakeBotAPI, profile: dict[str, Any]) -> None:
        self.api = api
        self.profile = profile

    @property
    def id(self) -> int:
        return int(self.profile["id"])

    @property
    def chat_id(self) -> int:
        return self.id

    @property
    def messages(self) -> list[ChatMessage]:
        """The bot's current messages in this user's chat."""
        return self.api.chat(self.id)

    @property
    def last_message(self) -> ChatMessage | None:
        return self.api.last_bot_message(self.id)

    async def send(self, text: str) -> int:
        """Queues a text message update ("/cmd args" gets a bot_command entity); returns
        the new message's message_id."""
        chat = self.api.state.chat(self.id)
        msg = chat.add(
            from_bot=False,
            sender=objects.sender(self.profile),
            date=objects.now(),
            text=text,
            entities=objects.command_entities(text) or None,
        )
        await self.api.queue_update("message", objects.message(msg, chat.chat))
        return msg.message_id

    async def press(self, message_id: int, data: str, *, check: bool = True) -> str:
        """Queues a callback_query for a bot message; returns the callback query id.

        With check=True the message must exist and have a button with this callback_data.
        """
        chat = self.api.state.chat(self.id)
        msg = chat.messages.get(message_id)
        if msg is None or not msg.from_bot:
            raise AssertionError(f"no bot message {message_id} in chat {self.id}")
        if check and data not in [d for _, d in msg.buttons]:
            raise AssertionError(
                f"message {message_id} has no button with callback_data {data!r}: {msg.buttons}"
            )
        query_id = self.api.state.new_id("Q")
        self.api.state.callback_chats[query_id] = self.id
        query = objects.callback_query(
            query_id, self.profile, objects.message(msg, chat.chat), data
        )
        await self.api.queue_update("callback_query", query)
        return query_id

    def find_button(self, label: str, message_id: int | None = None) -> tuple[int, str]:
        """(message_id, callback_data) of the button labelled `label`, in the given message or
        else the newest bot message that has such a button."""
        candidates = self.messages[::-1]
        if message_id is not None:
            candidates = [m for m in candidates if m.message_id == message_id]
        for msg in candidates:
            for text, data in msg.buttons:
                if text == label and data is not None:
                    return msg.message_id, data
        shown = [(m.message_id, m.buttons) for m in self.messages if m.buttons]
        raise AssertionError(f"no button {label!r} in chat {self.id}; buttons: {shown}")

    async def click(self, label: str, message_id: int | None = None) -> str:
        """Presses a button by its label; returns the callback query id."""
        found_id, data = self.find_button(label, message_id)
        return await self.press(found_id, data)

    async def send_and_wait(self, text: str, timeout: float = 5.0) -> list[Call]:
        """Sends, then waits for the bot's visible reaction in this chat to finish.

        Returns the new sendMessage/editMessage*/sendPhoto/sendDocument/deleteMessage calls.
        """
        start = len(self.api.calls)
        await self.send(text)
        return await self.api.settle(self.id, start, timeout)

    async def press_and_wait(
        self, message_id: int, data: str, timeout: float = 5.0, *, check: bool = True
    ) -> list[Call]:
        """Presses, then waits like send_and_wait (answerCallbackQuery alone is not enough)."""
        start = len(self.api.calls)
        await self.press(message_id, data, check=check)
        return await self.api.settle(self.id, start, timeout)

    async def click_and_wait(
        self, label: str, message_id: int | None = None, timeout: float = 5.0
    ) -> list[Call]:
        found_id, data = self.find_button(label, message_id)
        return await self.press_and_wait(found_id, data, timeout)

    def block(self) -> None:
        """The user blocks the bot: every call for this chat answers 403 from now on."""
        self.api.block(self.id)
