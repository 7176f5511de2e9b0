"""Send pacing for Telegram's flood limits: ~30 messages a second overall, 1 per chat.

Telegram counts messages in sliding one-second windows, so a token bucket that allows a
burst of 30 and then refills at 30/s can put up to 60 messages in one window and earn
429s. `SendLimiter` instead spaces sends evenly (1/rate apart, stretched by a small
safety margin for network jitter), and keeps one chat's messages at least 1/per_chat
apart, measured from when each message actually went out. A RetryAfter from Telegram
pauses every sender for the time it asks.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable


class SendLimiter:
    def __init__(self, per_second: float = 30.0, per_chat_per_second: float = 1.0,
                 margin: float = 0.02, clock: Callable[[], float] = time.monotonic) -> None:
        self.interval = (1.0 + margin) / per_second
        self.chat_interval = (1.0 + margin) / per_chat_per_second
        self._clock = clock
        self._next = 0.0
        self._paused_until = 0.0
        self._chat_next: dict[int, float] = {}
        self._chat_locks: dict[int, asyncio.Lock] = {}

    def pause(self, seconds: float) -> None:
        """Telegram said RetryAfter: nobody sends for `seconds`."""
        self._paused_until = max(self._paused_until, self._clock() + seconds)

    @property
    def paused_for(self) -> float:
        return max(0.0, self._paused_until - self._clock())

    async def acquire(self, chat_id: int) -> None:
        """Wait for this chat's turn, then for a global slot; return when it may send."""
        lock = self._chat_locks.setdefault(chat_id, asyncio.Lock())
        async with lock:
            wait = self._chat_next.get(chat_id, 0.0) - self._clock()
            if wait > 0:
                await asyncio.sleep(wait)
            await self._global_slot()
            self._chat_next[chat_id] = self._clock() + self.chat_interval
        if len(self._chat_locks) > 4096:
            self._forget_idle_chats()

    async def _global_slot(self) -> None:
        while True:
            now = self._clock()
            slot = max(now, self._next, self._paused_until)
            self._next = slot + self.interval
            if slot > now:
                await asyncio.sleep(slot - now)
            if self._clock() >= self._paused_until:
                return

    def _forget_idle_chats(self) -> None:
        now = self._clock()
        for chat_id in [c for c, t in self._chat_next.items() if t <= now]:
            lock = self._chat_locks.get(chat_id)
            if lock is not None and not lock.locked():
                del self._chat_locks[chat_id]
                del self._chat_next[chat_id]


class NoLimiter(SendLimiter):
    """Pacing left to the Bot's own rate limiter (PTB's AIORateLimiter); RetryAfter that
    reaches us still pauses every sender."""

    async def acquire(self, chat_id: int) -> None:
        wait = self.paused_for
        if wait > 0:
            await asyncio.sleep(wait)
