"""Every request the bot's Application makes: paced per chat, retried until delivered.

`ReplyLimiter` is the python-telegram-bot rate limiter of `craftbot run` (it replaces
PTB's AIORateLimiter, which queued every send of the whole bot, replies included, at
30 a second). For each Bot API request it:

- keeps one chat's requests in order: they pass one at a time, retries included, so a
  reply that is being retried is never overtaken by the next one in the same chat;
- paces the sends of one chat the way Telegram counts them: at most `chat_burst` sends
  in any window of `chat_burst / chat_per_second` seconds (about one a second
  sustained, a short burst allowed) in private chats, `group_per_minute` a minute in
  groups;
- counts every send in the bot's global budget (`SendLimiter`, shared with the reminder
  and broadcast dispatcher): replies never wait for it, bulk sends take only what replies
  leave, so the two together stay within Telegram's ~30 messages a second;
- on 429 waits the `retry_after` Telegram asks for (and holds bulk sends as long), then
  sends again; on 5xx, connection errors and timeouts retries with jittered exponential
  back-off until `retry_seconds` have passed. Where the request may have reached
  Telegram (a read timeout, a connection dropped after sending) the retry can show the
  message twice: a possible duplicate is preferred to a lost reply, and counted in
  `stats["possible_duplicates"]`. Bad requests, 403 and the like are not retried.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import random
import time
from collections import Counter, deque
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from typing import Any

from telegram.error import BadRequest, NetworkError, RetryAfter
from telegram.ext import BaseRateLimiter

from bot.delivery.limiter import SendLimiter

log = logging.getLogger(__name__)

# Requests that put a new message in a chat: what Telegram's flood limits count.
SEND_METHODS = frozenset({
    "sendMessage", "sendPhoto", "sendDocument", "sendAudio", "sendVideo", "sendVoice",
    "sendAnimation", "sendSticker", "sendMediaGroup", "sendLocation", "sendContact",
    "sendPoll", "sendDice", "sendVenue", "sendVideoNote", "copyMessage", "forwardMessage",
})
# Errors of the transport that say the request never left this process.
NOT_SENT = ("Connect", "Pool")


@dataclass(frozen=True)
class ReplyConfig:
    chat_per_second: float = 1.0
    chat_burst: int = 10
    group_per_minute: int = 20
    margin: float = 0.03
    retry_seconds: float = 120.0
    retry_base: float = 0.5
    retry_max: float = 10.0

    def backoff(self, attempt: int) -> float:
        delay = min(self.retry_base * 2 ** max(attempt - 1, 0), self.retry_max)
        return delay * random.uniform(0.8, 1.2)


class _Chat:
    """One chat's order (a FIFO lock) and the times of its recent sends."""

    __slots__ = ("lock", "sent", "users")

    def __init__(self, burst: int) -> None:
        self.lock = asyncio.Lock()
        self.sent: deque[float] = deque(maxlen=burst)
        self.users = 0  # requests holding or waiting for the lock


def _chat_id(data: dict[str, Any]) -> int | str | None:
    chat = data.get("chat_id")
    if isinstance(chat, int | str):
        return chat
    return None


def _retry_seconds(exc: RetryAfter) -> float:
    value = getattr(exc, "_retry_after", None)  # PTB 22 warns on the int `retry_after`
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    return float(value) if isinstance(value, int | float) else 1.0


def _maybe_delivered(exc: NetworkError) -> bool:
    """A timeout or a dropped connection after the request was written: Telegram may have
    the message. An HTTP error answer (5xx) or a failed connect means it does not."""
    cause = exc.__cause__
    if cause is None:
        return "timed out" in str(exc).lower()
    return not any(word in type(cause).__name__ for word in NOT_SENT)


class ReplyLimiter(BaseRateLimiter[dict[str, Any]]):
    def __init__(self, budget: SendLimiter | None = None, config: ReplyConfig | None = None,
                 clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:
        self.budget = budget or SendLimiter()
        self.cfg = config or ReplyConfig()
        self._clock, self._sleep = clock, sleep
        self._chats: dict[int | str, _Chat] = {}
        self.stats: Counter[str] = Counter()

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: dict[str, Any] | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        chat_id = _chat_id(data)
        if chat_id is None:
            return await self._deliver(callback, args, kwargs, endpoint)
        chat = self._chats.get(chat_id)
        if chat is None:
            chat = self._chats[chat_id] = _Chat(self.cfg.chat_burst)
        chat.users += 1
        try:
            async with chat.lock:
                if endpoint not in SEND_METHODS:
                    return await self._deliver(callback, args, kwargs, endpoint)
                await self._pace(chat, chat_id)
                try:
                    return await self._deliver(callback, args, kwargs, endpoint)
                finally:
                    # Counted from when the answer came: Telegram saw the send no later,
                    # so a slow request never lets the next ones crowd into its window.
                    chat.sent[-1] = self._clock()
        finally:
            chat.users -= 1
            if len(self._chats) > 4096:
                self._forget_idle_chats()

    def _forget_idle_chats(self) -> None:
        """Chats with nothing in flight whose sends no longer count in their window."""
        now = self._clock()
        for chat_id, chat in list(self._chats.items()):
            if chat.users == 0 and (not chat.sent or chat.sent[-1] + self._window(chat_id)[1]
                                    <= now):
                del self._chats[chat_id]

    # -- pacing ----------------------------------------------------------------------------

    def _window(self, chat_id: int | str) -> tuple[int, float]:
        """(sends allowed, in how many seconds) for this chat."""
        if isinstance(chat_id, int) and chat_id > 0:  # a private chat
            burst = self.cfg.chat_burst
            return burst, (1 + self.cfg.margin) * burst / self.cfg.chat_per_second
        return self.cfg.group_per_minute, 60.0 * (1 + self.cfg.margin)

    async def _pace(self, chat: _Chat, chat_id: int | str) -> None:
        allowed, window = self._window(chat_id)
        if chat.sent.maxlen != allowed:
            chat.sent = deque(chat.sent, maxlen=allowed)
        if len(chat.sent) == allowed:
            wait = chat.sent[0] + window - self._clock()
            if wait > 0:
                self.stats["paced"] += 1
                await self._sleep(wait)
        chat.sent.append(self._clock())
        self.budget.note()

    # -- delivery --------------------------------------------------------------------------

    async def _deliver(self, callback: Callable[..., Coroutine[Any, Any, Any]], args: Any,
                       kwargs: dict[str, Any], endpoint: str) -> Any:
        deadline = self._clock() + self.cfg.retry_seconds
        attempt, uncertain = 0, False
        while True:
            try:
                result = await callback(*args, **kwargs)
            except RetryAfter as exc:
                seconds = _retry_seconds(exc)
                self.stats["retry_after"] += 1
                self.budget.pause(seconds)  # bulk sends hold back as long
                if self._clock() + seconds > deadline:
                    self.stats["gave_up"] += 1
                    raise
                log.info("%s: flood control, retrying in %.1f s", endpoint, seconds)
                await self._sleep(seconds)
            except BadRequest:
                raise  # our request is wrong: sending it again cannot help
            except NetworkError as exc:  # 5xx, connection errors, timeouts
                attempt += 1
                delay = self.cfg.backoff(attempt)
                if self._clock() + delay > deadline:
                    self.stats["gave_up"] += 1
                    log.warning("%s: giving up after %d attempts: %s", endpoint, attempt, exc)
                    raise
                uncertain = uncertain or _maybe_delivered(exc)
                self.stats["retried"] += 1
                log.info("%s failed (%s); retry %d in %.1f s", endpoint, exc, attempt, delay)
                await self._sleep(delay)
            else:
                if uncertain and endpoint in SEND_METHODS:
                    self.stats["possible_duplicates"] += 1
                    log.info("%s delivered after a retry that may show it twice", endpoint)
                return result
