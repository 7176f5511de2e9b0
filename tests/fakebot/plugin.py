"""Pytest fixtures for the fake Bot API (enable with pytest_plugins = ["tests.fakebot.plugin"])."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest_asyncio

from tests.fakebot import TOKEN, FakeBotAPI

__all__ = ["TOKEN", "fake_api"]


@pytest_asyncio.fixture
async def fake_api() -> AsyncIterator[FakeBotAPI]:
    """A started FakeBotAPI accepting TOKEN ("123456:TEST"), stopped after the test."""
    async with FakeBotAPI(tokens={TOKEN}) as api:
        yield api
