"""The global send budget kept in Redis, for several processes sending with one token.

`craftbot run` (replies and, by default, reminders) and `craftbot worker` (reminders,
broadcasts) each count their sends; with `REDIS_URL` set they count them in one moving
window in Redis (the `limits` library), so together they stay within the budget. Per-chat
pacing and RetryAfter pauses stay in each process. If Redis cannot be reached, the
process falls back to its own in-process window and says so once in the log.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable

from limits import RateLimitItemPerSecond
from limits.aio.storage import RedisStorage
from limits.aio.strategies import MovingWindowRateLimiter

from bot.delivery.limiter import SendLimiter

log = logging.getLogger(__name__)
KEY = "craftbot:send-budget"


def storage_uri(redis_url: str) -> str:
    """limits' async URI scheme for a plain redis:// URL."""
    if redis_url.startswith(("redis://", "rediss://", "redis+unix://")):
        return "async+" + redis_url
    return redis_url


class RedisSendLimiter(SendLimiter):
    def __init__(self, redis_url: str, per_second: float = 30.0,
                 per_chat_per_second: float = 1.0, margin: float = 0.03, key: str = KEY,
                 clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:
        super().__init__(per_second, per_chat_per_second, margin, clock, sleep)
        # limits counts in whole seconds: the margin comes off the count instead.
        self.item = RateLimitItemPerSecond(max(1, int(per_second / (1 + margin))))
        self.key = key
        self._strategy = MovingWindowRateLimiter(RedisStorage(storage_uri(redis_url)))
        self._pending: set[asyncio.Task[None]] = set()
        self._redis_ok = True

    def note(self) -> None:
        super().note()
        task = asyncio.get_running_loop().create_task(self._hit_quietly())
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)

    async def _hit_quietly(self) -> None:
        try:
            await self._strategy.hit(self.item, self.key)
        except Exception as exc:  # Redis away: the local window still counts the send
            self._lost_redis(exc)

    def _lost_redis(self, exc: Exception) -> None:
        if self._redis_ok:
            log.warning("send budget: Redis unreachable (%s); counting in this process only",
                        exc)
        self._redis_ok = False

    async def _global_slot(self) -> None:
        async with self._global:
            while True:
                local = self._earliest() - self._clock()  # pause and local smoothing
                if local > 0:
                    await self._sleep(local)
                    continue
                try:
                    if await self._strategy.hit(self.item, self.key):
                        self._redis_ok = True
                        self._sent.append(self._clock())
                        return
                    stats = await self._strategy.get_window_stats(self.item, self.key)
                except Exception as exc:
                    self._lost_redis(exc)
                    self._sent.append(self._clock())  # the local window has room (above)
                    return
                await self._sleep(min(1.0, max(0.01, stats.reset_time - time.time())))
