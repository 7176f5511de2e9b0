"""Send pacing for Telegram's flood limits: ~30 messages a second overall, 1 per chat.

Telegram counts messages in sliding one-second windows, so a token bucket that allows a
burst of 30 and then refills at 30/s can put up to 60 messages in one window and earn
429s (PTB's AIORateLimiter does this; see benchmarks/reminders_bench.py). `SendLimiter`
keeps the same sliding window on our side, on the times messages actually went out:
at most `per_second` sends in any window of (1 + margin) seconds, the margin absorbing
network jitter, and consecutive sends at least half an interval apart so they do not
arrive in bursts. Because it is anchored on actual send times, a send that wakes up late
never lets the following ones crowd into a window. One chat's messages are kept
1/per_chat_per_second apart the same way. A RetryAfter from Telegram pauses everyone.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Awaitable, Callable


class SendLimiter:
    def __init__(self, per_second: float = 30.0, per_chat_per_second: float = 1.0,
                 margin: float = 0.03, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:
        self.burst = max(1, int(per_second))
        self.window = (1.0 + margin) * self.burst / per_second
        self.min_gap = 0.5 / per_second
        self.chat_interval = (1.0 + margin) / per_chat_per_second
        self._clock, self._sleep = clock, sleep
        self._sent: deque[float] = deque(maxlen=self.burst)
        self._global = asyncio.Lock()
        self._paused_until = 0.0
        self._chat_next: dict[int, float] = {}
        self._chat_locks: dict[int, asyncio.Lock] = {}

    def pause(self, seconds: float) -> None:
        """Telegram said RetryAfter: nobody sends for `seconds`."""
        self._paused_until = max(self._paused_until, self._clock() + seconds)

    def note(self) -> None:
        """A send that did not wait here (a reply to a person): it still takes its place
        in the window, so bulk sends leave room for it."""
        self._sent.append(self._clock())

    @property
    def paused_for(self) -> float:
        return max(0.0, self._paused_until - self._clock())

    async def acquire(self, chat_id: int) -> None:
        """Wait for this chat's turn, then for a global slot; return when it may send."""
        lock = self._chat_locks.setdefault(chat_id, asyncio.Lock())
        async with lock:
            wait = self._chat_next.get(chat_id, 0.0) - self._clock()
            if wait > 0:
                await self._sleep(wait)
            await self._global_slot()
            self._chat_next[chat_id] = self._clock() + self.chat_interval
        if len(self._chat_locks) > 4096:
            self._forget_idle_chats()

    async def _global_slot(self) -> None:
        async with self._global:
            while (wait := self._earliest() - self._clock()) > 0:
                await self._sleep(wait)
            self._sent.append(self._clock())

    def _earliest(self) -> float:
        earliest = self._paused_until
        if self._sent:
            earliest = max(earliest, self._sent[-1] + self.min_gap)
        if len(self._sent) == self.burst:
            earliest = max(earliest, self._sent[0] + self.window)
        return earliest

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
