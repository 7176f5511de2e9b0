"""Telegram's per-bot send budget shared by every process, through Redis (REDIS_URL).

Telegram allows about 30 messages a second per bot and one a second per chat, whichever
process sends them. With several `craftbot serve` processes (and a worker) behind a load
balancer, each pacing itself alone would together exceed it. `SharedBudget` counts the
sends in moving windows kept in Redis by the `limits` library, so all of them draw on
one budget. It serves python-telegram-bot's requests (`SharedRateLimiter`, for replies)
and the reminder dispatcher (`SharedSendLimiter`).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Coroutine
from typing import Any

from limits import RateLimitItemPerSecond
from limits.aio.storage import Storage
from limits.aio.strategies import MovingWindowRateLimiter
from limits.storage import storage_from_string
from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

from bot.delivery.limiter import SendLimiter

# Bot API methods that put a message in a chat: the ones Telegram's flood limits count.
SENDING = {"sendMessage", "sendPhoto", "sendDocument", "sendMediaGroup", "sendAnimation",
           "sendAudio", "sendVideo", "sendVoice", "sendSticker", "sendLocation",
           "sendContact", "sendPoll", "copyMessage", "forwardMessage", "editMessageText",
           "editMessageCaption", "editMessageReplyMarkup", "editMessageMedia"}
PAUSE_KEY = "pause"


def redis_storage(url: str) -> Storage:
    return storage_from_string("async+" + url, implementation="redispy")


class SharedBudget:
    def __init__(self, storage: Storage, bot_key: str, per_second: float = 30.0,
                 per_chat_per_second: float = 1.0, clock: Callable[[], float] = time.time
                 ) -> None:
        self.limiter = MovingWindowRateLimiter(storage)
        self.storage = storage
        self.bot_key = bot_key
        self.overall = RateLimitItemPerSecond(max(1, int(per_second)))
        # one per chat in any (1 / rate) seconds, e.g. 1 per second
        seconds = max(1, round(1 / per_chat_per_second))
        self.per_chat = RateLimitItemPerSecond(1, seconds)
        self.clock = clock

    async def acquire(self, chat_id: Any) -> None:
        """Wait until this chat and the bot both have room, then take one of each."""
        chat = str(chat_id) if chat_id is not None else None
        while True:
            wait = await self._paused_for()
            if wait <= 0 and chat is not None and not await self.limiter.test(
                    self.per_chat, "chat", self.bot_key, chat):
                wait = await self._reset_in(self.per_chat, "chat", self.bot_key, chat)
            if wait <= 0 and not await self.limiter.test(self.overall, "bot", self.bot_key):
                wait = await self._reset_in(self.overall, "bot", self.bot_key)
            if wait > 0:
                await asyncio.sleep(min(wait, 5.0))
                continue
            if chat is not None and not await self.limiter.hit(self.per_chat, "chat",
                                                               self.bot_key, chat):
                continue  # another process took it first
            if await self.limiter.hit(self.overall, "bot", self.bot_key):
                return

    async def _reset_in(self, item: Any, *keys: str) -> float:
        stats = await self.limiter.get_window_stats(item, *keys)
        return max(0.01, stats.reset_time - self.clock())

    async def pause(self, seconds: float) -> None:
        """Telegram said RetryAfter: every process holds back for `seconds`."""
        until = self.clock() + seconds
        key = f"{PAUSE_KEY}/{self.bot_key}"
        current = await self.storage.get(key)
        if until > current:
            await self.storage.clear(key)
            await self.storage.incr(key, max(1, int(seconds) + 1), int(until))

    async def _paused_for(self) -> float:
        until = await self.storage.get(f"{PAUSE_KEY}/{self.bot_key}")
        return until - self.clock() if until else 0.0


class SharedRateLimiter(BaseRateLimiter[int]):
    """python-telegram-bot's rate limiter over the shared budget (replies in turns)."""

    def __init__(self, budget: SharedBudget, max_retries: int = 3) -> None:
        self.budget, self.max_retries = budget, max_retries

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    async def process_request(self, callback: Callable[..., Coroutine[Any, Any, Any]],
                              args: Any, kwargs: dict[str, Any], endpoint: str,
                              data: dict[str, Any], rate_limit_args: int | None) -> Any:
        for attempt in range(self.max_retries + 1):
            if endpoint in SENDING:
                await self.budget.acquire(data.get("chat_id"))
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as exc:
                if attempt == self.max_retries:
                    raise
                seconds = _seconds(exc)
                await self.budget.pause(seconds)
        raise AssertionError("unreachable")


class SharedSendLimiter(SendLimiter):
    """The reminder dispatcher's limiter over the shared budget."""

    def __init__(self, budget: SharedBudget) -> None:
        super().__init__()
        self.budget = budget

    async def acquire(self, chat_id: int) -> None:
        wait = self.paused_for
        if wait > 0:
            await asyncio.sleep(wait)
        await self.budget.acquire(chat_id)

    def pause(self, seconds: float) -> None:
        super().pause(seconds)
        task = asyncio.get_running_loop().create_task(self.budget.pause(seconds))
        task.add_done_callback(lambda t: t.exception() if not t.cancelled() else None)


def _seconds(exc: RetryAfter) -> float:
    value = getattr(exc, "_retry_after", None)
    return value.total_seconds() if hasattr(value, "total_seconds") else 1.0


def bot_key(token: str | None) -> str:
    """The bot's id (the token's first part): the budget is per bot, never the secret."""
    return (token or "").split(":")[0] or "bot"


def shared_budget(settings: Any) -> SharedBudget | None:
    if not settings.redis_url:
        return None
    return SharedBudget(redis_storage(settings.redis_url), bot_key(settings.token),
                        settings.reminder_rate_per_second,
                        settings.reminder_rate_per_chat_per_second)
