"""Fixtures of the web channel: the real aiohttp application on a localhost port, over a
migrated database (SQLite; PostgreSQL where the tests say so)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
import pytest_asyncio
from aiohttp.test_utils import TestClient, TestServer

from bot.config import Settings, load_settings
from bot.handlers.web.server import build_web_app
from bot.services import Services
from tests.dialogs.conftest import compiled_catalogs  # noqa: F401  (Chinese needs them)


def web_settings(db_url: str, **overrides: Any) -> Settings:
    values: dict[str, Any] = {"database_url": db_url, "default_locale": "zh_CN",
                              "_env_file": None, "web_rate_per_visitor": "1000/minute",
                              "web_rate_per_ip": "5000/minute", "api_rate_per_ip": "5000/minute"}
    values.update(overrides)
    return load_settings(**values)


class WebClient(TestClient):
    services: Services


async def start_client(settings: Settings, telegram: Any = None) -> WebClient:
    services = Services.create(settings)
    app = build_web_app(settings, services, telegram)
    client = WebClient(TestServer(app, host="127.0.0.1"))
    client.services = services
    await client.start_server()
    return client


@pytest_asyncio.fixture
async def web(sqlite_url: str) -> AsyncIterator[WebClient]:
    client = await start_client(web_settings(sqlite_url))
    try:
        yield client
    finally:
        await client.close()
        await client.services.close()


@pytest.fixture
def fake_api_process() -> Iterator[str]:
    """A fake Bot API in a thread of its own (for tests that run `craftbot` subprocesses
    from synchronous code); yields its base URL."""
    import asyncio
    import threading

    from tests.fakebot import TOKEN, FakeBotAPI

    started, stop = threading.Event(), threading.Event()
    box: dict[str, str] = {}

    def run() -> None:
        async def main() -> None:
            async with FakeBotAPI(tokens={TOKEN}) as api:
                box["url"] = api.base_url
                started.set()
                await asyncio.to_thread(stop.wait)

        asyncio.run(main())

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    started.wait(30)
    try:
        yield box["url"]
    finally:
        stop.set()
        thread.join(30)
