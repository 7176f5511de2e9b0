"""Limits shared by several processes through Redis: the web rate limits and Telegram's
per-bot send budget (two limiter instances stand for two processes)."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from bot.delivery.shared import SharedBudget, redis_storage
from bot.handlers.web.security import RateLimits
from tests.web.redis_server import redis_server


async def test_web_limits_are_shared(tmp_path: Path) -> None:
    async with redis_server(tmp_path) as url:
        a = RateLimits.create(url, {"visitor": "3/minute"})
        b = RateLimits.create(url, {"visitor": "3/minute"})
        assert await a.hit("visitor", "v1") is None
        assert await b.hit("visitor", "v1") is None
        assert await a.hit("visitor", "v1") is None
        wait = await b.hit("visitor", "v1")  # the fourth, in another process
        assert wait is not None and wait >= 1
        assert await b.hit("visitor", "v2") is None  # another visitor is not affected


async def test_send_budget_is_shared(tmp_path: Path) -> None:
    async with redis_server(tmp_path) as url:
        budgets = [SharedBudget(redis_storage(url), "123456", per_second=4) for _ in range(2)]
        sent: list[float] = []

        async def send(budget: SharedBudget, chat: int) -> None:
            await budget.acquire(chat)
            sent.append(time.time())

        # ten messages to ten chats, from two processes: at most four in any second
        await asyncio.gather(*(send(budgets[i % 2], 1000 + i) for i in range(10)))
        sent.sort()
        assert len(sent) == 10
        for i in range(len(sent) - 4):
            assert sent[i + 4] - sent[i] >= 0.99, sent  # the fifth is a second later

        # one chat: one a second, whoever sends
        chat_times: list[float] = []

        async def to_one(budget: SharedBudget) -> None:
            await budget.acquire(77)
            chat_times.append(time.time())

        await asyncio.gather(to_one(budgets[0]), to_one(budgets[1]))
        assert abs(chat_times[1] - chat_times[0]) >= 0.99
