"""Recording of the bot's calls, transcripts, waiting helpers and rate statistics."""

from __future__ import annotations

import asyncio
import copy
import itertools
import time
from collections.abc import Callable
from typing import Any, TypeVar

from tests.fakebot import traffic
from tests.fakebot.botconfig import commands_key
from tests.fakebot.state import OUTPUT_METHODS, BotState, Call, ChatMessage

T = TypeVar("T")
UNREAD = object()  # an arrived request whose parameters (and so its chat) are not read yet


class Recorder:
    """Base of FakeBotAPI: everything tests read; the subclass fills `calls` and `state`."""

    state: BotState

    def __init__(self, quiet_period: float) -> None:
        self.calls: list[Call] = []
        self.quiet_period = quiet_period  # only when no in-process bot signals (subprocesses)
        self.started_at = time.monotonic()
        self._changed = asyncio.Condition()
        self._processors: list[object] = []  # SignallingUpdateProcessors of running bots
        self.update_chats: dict[int, int | None] = {}  # queued update id -> its chat
        self.handled_updates: set[int] = set()
        self.failed_updates: set[int] = set()  # handled, but process_update raised
        self._in_flight: dict[int, object] = {}  # request number -> chat id (or UNREAD)
        self._requests = itertools.count(1)

    async def record(self, call: Call) -> None:
        self.calls.append(call)
        await self.notify()

    # -- signals from the bot and requests in flight ---------------------------------------

    def attach_processor(self, processor: object) -> None:
        """A bot in this process now reports handled updates (SignallingUpdateProcessor)."""
        self._processors.append(processor)

    def detach_processor(self, processor: object) -> None:
        if processor in self._processors:
            self._processors.remove(processor)

    @property
    def signalled(self) -> bool:
        """True while an in-process bot announces "update N handled" to this server."""
        return bool(self._processors)

    async def update_handled(self, update_id: int, failed: bool = False) -> None:
        self.handled_updates.add(update_id)
        if failed:
            self.failed_updates.add(update_id)
        await self.notify()

    def unhandled_updates(self, chat_id: int | None = None) -> list[int]:
        """Ids of queued updates (of one chat, or all) the bot has not reported handled."""
        return [
            update_id
            for update_id, chat in self.update_chats.items()
            if update_id not in self.handled_updates and (chat_id is None or chat == chat_id)
        ]

    def request_arrived(self) -> int:
        number = next(self._requests)
        self._in_flight[number] = UNREAD
        return number

    def request_chat(self, number: int, chat_id: int | None) -> None:
        self._in_flight[number] = chat_id

    def request_done(self, number: int) -> None:
        self._in_flight.pop(number, None)

    def in_flight(self, chat_id: int | None = None) -> int:
        """Bot API requests (not getUpdates) that arrived and are not recorded yet, e.g.
        held by a delay fault; for one chat (requests not yet read count for every chat)."""
        return sum(
            1 for chat in self._in_flight.values()
            if chat_id is None or chat is UNREAD or chat == chat_id
        )  # fmt: skip

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
        """Waits until the bot is done with this chat, then returns its output calls for the
        chat made after calls[start] (at least one, or the test fails).

        With an in-process bot (SignallingUpdateProcessor attached): done means every update
        this chat queued so far was reported handled and no request for the chat is still in
        flight. Otherwise (a `craftbot run` subprocess): an output call, then `quiet_period`
        without any call for the chat."""
        if self.signalled:
            return await self._settle_on_signal(chat_id, start, timeout)
        return await self._settle_on_quiet(chat_id, start, timeout)

    def _output(self, chat_id: int, start: int) -> list[Call]:
        return [c for c in self.calls[start:] if c.chat_id == chat_id and c.method in OUTPUT_METHODS]

    async def _settle_on_signal(self, chat_id: int, start: int, timeout: float) -> list[Call]:
        waiting = self.unhandled_updates(chat_id)

        def done() -> bool:
            return all(u in self.handled_updates for u in waiting) and not self.in_flight(chat_id)

        if not await self.wait_until(done, timeout):
            left = [u for u in waiting if u not in self.handled_updates]
            raise AssertionError(
                f"timed out after {timeout}s waiting for the bot to handle update(s) {waiting} "
                f"of chat {chat_id} (still unhandled: {left}; Bot API requests for the chat "
                f"still in flight: {self.in_flight(chat_id)})\n{self.report()}"
            )
        output = self._output(chat_id, start)
        if not output:
            raise AssertionError(
                f"the bot handled update(s) {waiting} of chat {chat_id} without any visible "
                f"call in the chat ({', '.join(sorted(OUTPUT_METHODS))})\n{self.report()}"
            )
        return output

    async def _settle_on_quiet(self, chat_id: int, start: int, timeout: float) -> list[Call]:
        deadline = time.monotonic() + timeout

        def output() -> list[Call]:
            return self._output(chat_id, start)

        def activity() -> int:
            return sum(1 for c in self.calls[start:] if c.chat_id == chat_id)

        await self.wait_for(output, timeout, f"the bot to answer in chat {chat_id}")
        while time.monotonic() < deadline:
            seen = activity()
            if not await self.wait_until(lambda seen=seen: activity() > seen, self.quiet_period):
                break
        return output()

    async def wait_handled(self, timeout: float = 10.0) -> None:
        """Waits until every update queued so far (any chat) was reported handled and no
        Bot API request is in flight; needs an in-process bot with SignallingUpdateProcessor."""
        if not self.signalled:
            raise AssertionError("wait_handled needs a bot with SignallingUpdateProcessor")
        waiting = self.unhandled_updates()

        def done() -> bool:
            return all(u in self.handled_updates for u in waiting) and not self.in_flight()

        if not await self.wait_until(done, timeout):
            left = [u for u in waiting if u not in self.handled_updates]
            raise AssertionError(
                f"timed out after {timeout}s waiting for the bot to handle update(s) {waiting} "
                f"(still unhandled: {left}; requests in flight: {self.in_flight()})\n"
                f"{self.report()}"
            )

    def report(self, last: int = 15) -> str:
        lines = [f"last {min(last, len(self.calls))} of {len(self.calls)} calls:"]
        lines += [f"  {call}" for call in self.calls[-last:]]
        lines.append(f"pending updates: {len(self.state.updates)}")
        if self.signalled or self.handled_updates:
            lines.append(f"queued updates the bot has not handled: {self.unhandled_updates()}")
        if self.failed_updates:
            lines.append(f"updates whose handling raised: {sorted(self.failed_updates)}")
        return "\n".join(lines)
