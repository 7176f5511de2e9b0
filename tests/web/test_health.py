"""/healthz and /readyz."""

from __future__ import annotations

from pathlib import Path

from tests.web.conftest import WebClient, start_client, web_settings


async def test_alive_and_ready(web: WebClient) -> None:
    assert (await web.get("/healthz")).status == 200
    resp = await web.get("/readyz")
    assert resp.status == 200
    assert (await resp.json())["status"] == "ready"


async def test_not_ready_before_migrations(tmp_path: Path) -> None:
    client = await start_client(web_settings(f"sqlite+aiosqlite:///{tmp_path}/empty.db"))
    try:
        assert (await client.get("/healthz")).status == 200
        resp = await client.get("/readyz")
        assert resp.status == 503
        assert (await resp.json())["reason"] == "migrations pending"
    finally:
        await client.close()
        await client.services.close()


async def test_not_ready_without_database(tmp_path: Path) -> None:
    settings = web_settings("postgresql+asyncpg://nobody@127.0.0.1:9/none")
    client = await start_client(settings)
    try:
        resp = await client.get("/readyz")
        assert resp.status == 503
        assert (await resp.json())["reason"] == "database unreachable"
    finally:
        await client.close()
        await client.services.close()
