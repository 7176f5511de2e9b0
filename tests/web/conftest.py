"""Fixtures of the web channel: the real aiohttp application on a localhost port, over a
migrated database (SQLite; PostgreSQL where the tests say so)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest_asyncio
from aiohttp.test_utils import TestClient, TestServer

from bot.config import Settings, load_settings
from bot.handlers.web.server import build_web_app
from bot.services import Services


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
