"""Recording of the bot's calls, transcripts, waiting helpers and rate statistics."""

from __future__ import annotations

import asyncio
import copy
import time
from collections.abc import Callable
from typing import Any, TypeVar

from tests.fakebot import traffic
from tests.fakebot.botconfig import commands_key
from tests.fakebot.state import OUTPUT_METHODS, BotState, Call, ChatMessage

T = TypeVar("T")


class Recorder:
    """Base of FakeBotAPI: everything tests read; the subclass fills `calls` and `state`."""

    state: BotState

    def __init__(self, quiet_period: float) -> None:
        self.calls: list[Call] = []
        self.quiet_period = quiet_period
        self.started_at = time.monotonic()
        self._changed = asyncio.Condition()

    async def record(self, call: Call) -> None:
        self.calls.append(call)
        await self.notify()

    async def notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    # -- reading ---------------------------------------------------------------------------

    def calls_of(self, method: str, chat_id: int | None = None) -> list[Call]:
        """Recorded calls of one method (case-insensitive), optionally for one chat."""
        lower = method.lower()
        return [
            c
            for c in self.calls
            if c.method.lower() == lower and (chat_id is None or c.chat_id == chat_id)
        ]

    def chat(self, chat_id: int) -> list[ChatMessage]:
        """The bot's current messages in a chat (edits applied, deleted ones gone), in order."""
        state = self.state.chats.get(chat_id)
        return state.bot_messages() if state else []

    def message(self, chat_id: int, message_id: int) -> ChatMessage | None:
        state = self.state.chats.get(chat_id)
        msg = state.messages.get(message_id) if state else None
        return copy.copy(msg) if msg else None

    def last_bot_message(self, chat_id: int) -> ChatMessage | None:
        messages = self.chat(chat_id)
        return messages[-1] if messages else None

    def buttons(self, chat_id: int, message_id: int | None = None) -> list[tuple[str, str | None]]:
        """(label, callback_data) of a bot message's inline keyboard (default: last message)."""
        msg = self.message(chat_id, message_id) if message_id else self.last_bot_message(chat_id)
        return msg.buttons if msg else []

    def callback_answer(self, query_id: str) -> dict[str, Any] | None:
        """The parameters of the bot's answerCallbackQuery for this query, if answered."""
        return self.state.callback_answers.get(query_id)

    def commands(self, scope: dict[str, Any] | None = None, language_code: str = "") -> list:
        return self.state.commands.get(commands_key(scope, language_code), [])

    @property
    def pending_updates(self) -> list[dict[str, Any]]:
        """Updates queued by fake users that the bot has not confirmed yet."""
        return list(self.state.updates)

    # -- statistics ------------------------------------------------------------------------

    def per_second(
        self, method: str = "sendMessage", chat_id: int | None = None, ok_only: bool = True
    ) -> dict[int, int]:
        """{second since start: number of calls}; successful calls only unless ok_only=False."""
        return traffic.per_second(self.calls, self.started_at, method, chat_id, ok_only)

    def peak_per_second(
        self, method: str = "sendMessage", chat_id: int | None = None, ok_only: bool = True
    ) -> int:
        """Most calls within any sliding one-second window."""
        return traffic.peak_per_second(self.calls, method, chat_id, ok_only)

    # -- waiting ---------------------------------------------------------------------------

    async def wait_until(self, predicate: Callable[[], T], timeout: float) -> T | None:
        """The predicate's first truthy value, re-checked on every change; None on timeout."""
        async with self._changed:
            try:
                async with asyncio.timeout(timeout):
                    return await self._changed.wait_for(predicate)
            except TimeoutError:
                return None

    async def wait_for(
        self, predicate: Callable[[], T], timeout: float = 5.0, what: str = "condition"
    ) -> T:
        """Like wait_until, but a timeout fails the test with the last calls listed."""
        result = await self.wait_until(predicate, timeout)
        if not result:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}\n{self.report()}")
        return result

    async def wait_for_calls(
        self, method: str, count: int = 1, chat_id: int | None = None, timeout: float = 5.0
    ) -> list[Call]:
        """Waits until at least `count` calls of `method` were recorded; returns them all."""

        def enough() -> list[Call] | None:
            calls = self.calls_of(method, chat_id)
            return calls if len(calls) >= count else None

        where = f" for chat {chat_id}" if chat_id is not None else ""
        return await self.wait_for(enough, timeout, f"{count} {method} call(s){where}")

    async def settle(self, chat_id: int, start: int, timeout: float) -> list[Call]:
        """Waits for an output call for the chat made after calls[start], then until the
        bot has been quiet for that chat for `quiet_period`; returns the new output calls."""
        deadline = time.monotonic() + timeout

        def output() -> list[Call]:
            return [
                c for c in self.calls[start:] if c.chat_id == chat_id and c.method in OUTPUT_METHODS
            ]

        def activity() -> int:
            return sum(1 for c in self.calls[start:] if c.chat_id == chat_id)

        await self.wait_for(output, timeout, f"the bot to answer in chat {chat_id}")
        while time.monotonic() < deadline:
            seen = activity()
            if not await self.wait_until(lambda seen=seen: activity() > seen, self.quiet_period):
                break
        return output()

    def report(self, last: int = 15) -> str:
        lines = [f"last {min(last, len(self.calls))} of {len(self.calls)} calls:"]
        lines += [f"  {call}" for call in self.calls[-last:]]
        lines.append(f"pending updates: {len(self.state.updates)}")
        return "\n".join(lines)
