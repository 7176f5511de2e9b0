"""Work started on the side (dead letters being stored, replies being sent again) is
waited for at a clean stop, for a bounded time, instead of being dropped."""

from __future__ import annotations

import asyncio

from bot.delivery.outbox import Background


async def test_drain_waits_for_the_tasks_and_for_those_they_start() -> None:
    background = Background()
    done: list[str] = []
    gate = asyncio.Event()

    async def second() -> None:
        await gate.wait()
        done.append("second")

    async def first() -> None:
        background.spawn(second())
        await asyncio.sleep(0)
        gate.set()
        done.append("first")

    background.spawn(first())
    assert await background.drain(timeout=30) == 0
    assert sorted(done) == ["first", "second"]
    assert not background.tasks


async def test_drain_is_bounded_and_cancels_what_is_left() -> None:
    background = Background()
    cancelled = asyncio.Event()

    async def forever() -> None:
        try:
            await asyncio.Event().wait()
        finally:
            cancelled.set()

    background.spawn(forever())
    assert await background.drain(timeout=0.05) == 1
    assert cancelled.is_set()
