"""SendLimiter on a virtual clock whose sleeps wake up late at random (a busy machine):
no window of one second ever holds more than 30 sends, one chat never gets two within a
second, and a RetryAfter pause holds everyone."""

from __future__ import annotations

import asyncio
import random

from bot.delivery.limiter import SendLimiter


class VirtualTime:
    def __init__(self, seed: int, max_late: float) -> None:
        self.now = 0.0
        self.rng = random.Random(seed)
        self.max_late = max_late

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        # Jump the clock forward (never backward: other tasks may have moved it already),
        # waking up to `max_late` seconds late; yield so other tasks interleave.
        self.now = max(self.now, self.now + seconds + self.rng.uniform(0, self.max_late))
        await asyncio.sleep(0)


async def send_all(limiter: SendLimiter, vt: VirtualTime, chats: list[int]
                   ) -> list[tuple[float, int]]:
    sent: list[tuple[float, int]] = []

    async def one(chat: int) -> None:
        await limiter.acquire(chat)
        sent.append((vt.now, chat))
        await asyncio.sleep(0)

    await asyncio.gather(*(one(c) for c in chats))
    return sorted(sent)


def max_in_window(times: list[float], window: float) -> int:
    best, first = 0, 0
    for last, at in enumerate(times):
        while at - times[first] >= window:
            first += 1
        best = max(best, last - first + 1)
    return best


async def test_global_window_holds_under_late_wakeups() -> None:
    vt = VirtualTime(seed=7, max_late=0.05)
    limiter = SendLimiter(30, 1, 0.03, clock=vt.clock, sleep=vt.sleep)
    sent = await send_all(limiter, vt, list(range(600)))
    times = [t for t, _ in sent]
    assert len(times) == 600
    assert max_in_window(times, 1.0) <= 30
    assert times[-1] - times[0] >= (600 - 30) / 30  # not faster than the limit overall


async def test_one_chat_gets_one_message_a_second() -> None:
    vt = VirtualTime(seed=3, max_late=0.02)
    limiter = SendLimiter(30, 1, 0.03, clock=vt.clock, sleep=vt.sleep)
    sent = await send_all(limiter, vt, [5] * 6 + [6] * 6 + list(range(100, 140)))
    for chat in (5, 6):
        times = [t for t, c in sent if c == chat]
        assert len(times) == 6 and all(b - a >= 1.0 for a, b in zip(times, times[1:], strict=False))


async def test_pause_holds_every_sender() -> None:
    vt = VirtualTime(seed=1, max_late=0.0)
    limiter = SendLimiter(30, 1, 0.0, clock=vt.clock, sleep=vt.sleep)
    await limiter.acquire(1)
    limiter.pause(2.5)
    await limiter.acquire(2)
    assert vt.now >= 2.5
