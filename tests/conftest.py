"""Shared fixtures: databases (SQLite always, PostgreSQL when configured) and settings."""

from __future__ import annotations

import asyncio
import os
import shutil
import tempfile
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import make_url, text
from sqlalchemy.ext.asyncio import create_async_engine

from storage.db import make_engine
from storage.migrate import current_head, upgrade

pytest_plugins = ["tests.fakebot.plugin"]

PG_ENV = "CRAFTBOT_TEST_POSTGRES_URL"
PG_REQUIRED_ENV = "CRAFTBOT_REQUIRE_POSTGRES"


def pytest_report_header(config: pytest.Config) -> str:
    url = os.environ.get(PG_ENV)
    if url:
        return f"PostgreSQL storage tests: ON ({url})"
    return (f"PostgreSQL storage tests: SKIPPED ({PG_ENV} is not set; "
            "set it to postgresql+asyncpg://postgres@127.0.0.1:5432/test to run them)")


_PG_DB: dict[str, str] = {}


async def private_postgres_url(base: str) -> str:
    """A database of this test session's own on the configured server (created once),
    so that several test runs on one machine never drop each other's tables."""
    if base in _PG_DB:
        return _PG_DB[base]
    url = make_url(base)
    name = f"{url.database or 'test'}_run{os.getpid()}"
    engine = create_async_engine(base, isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as conn:
            await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
            await conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:
        if os.environ.get(PG_REQUIRED_ENV):
            pytest.fail(f"PostgreSQL at {base} is required here but unreachable: {exc}")
        pytest.fail(f"{PG_ENV} is set but PostgreSQL is unreachable: {exc}")
    finally:
        await engine.dispose()
    _PG_DB[base] = url.set(database=name).render_as_string(hide_password=False)
    return _PG_DB[base]


def pytest_sessionfinish(session: pytest.Session) -> None:
    async def drop() -> None:
        for base, private in _PG_DB.items():
            engine = create_async_engine(base, isolation_level="AUTOCOMMIT")
            try:
                async with engine.connect() as conn:
                    await conn.execute(text(
                        f'DROP DATABASE IF EXISTS "{make_url(private).database}" WITH (FORCE)'))
            finally:
                await engine.dispose()

    if _PG_DB:
        asyncio.run(drop())
    if "path" in _SQLITE_TEMPLATE:
        shutil.rmtree(_SQLITE_TEMPLATE["path"].parent, ignore_errors=True)


async def reset_postgres(url: str) -> None:
    engine = make_engine(url)
    try:
        async with engine.begin() as conn:
            await conn.execute(text("DROP SCHEMA public CASCADE"))
            await conn.execute(text("CREATE SCHEMA public"))
    except Exception as exc:
        if os.environ.get(PG_REQUIRED_ENV):
            pytest.fail(f"PostgreSQL at {url} is required here but unreachable: {exc}")
        pytest.fail(f"{PG_ENV} is set but PostgreSQL is unreachable: {exc}")
    finally:
        await engine.dispose()


# Migrating a database costs far more than copying or emptying one: each test session
# migrates once (a SQLite template file; its own PostgreSQL database), and each test gets
# a copy of the template or the emptied tables. The migrations themselves stay under
# test: the template and the PostgreSQL schema are made by them, and
# tests/storage/test_migrations.py runs them from scratch.
_SQLITE_TEMPLATE: dict[str, Path] = {}
_PG_MIGRATED: set[str] = set()


async def _sqlite_template() -> Path:
    if "path" not in _SQLITE_TEMPLATE:
        folder = Path(tempfile.mkdtemp(prefix="craftbot-template-"))
        path = folder / "template.db"
        await asyncio.to_thread(upgrade, f"sqlite+aiosqlite:///{path}")
        _SQLITE_TEMPLATE["path"] = path
    return _SQLITE_TEMPLATE["path"]


async def _empty_postgres(url: str) -> bool:
    """Empty every table of an already migrated database; False when it is not at the
    newest migration (then it is rebuilt from scratch)."""
    engine = make_engine(url)
    try:
        async with engine.begin() as conn:
            version = (await conn.execute(text(
                "SELECT version_num FROM alembic_version"))).scalar_one_or_none()
            if version != current_head():
                return False
            tables = (await conn.execute(text(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                "AND tablename <> 'alembic_version'"))).scalars().all()
            if tables:
                names = ", ".join(f'"{t}"' for t in tables)
                await conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        return True
    except Exception:
        return False
    finally:
        await engine.dispose()


async def prepare_db(kind: str, tmp_path: Path) -> str:
    if kind == "sqlite":
        tmp_path.mkdir(parents=True, exist_ok=True)
        target = tmp_path / "craftbot.db"
        shutil.copyfile(await _sqlite_template(), target)
        return f"sqlite+aiosqlite:///{target}"
    url = os.environ.get(PG_ENV, "")
    if not url:
        if os.environ.get(PG_REQUIRED_ENV):
            pytest.fail(f"{PG_REQUIRED_ENV} is set but {PG_ENV} is empty")
        pytest.skip(f"PostgreSQL tests skipped: set {PG_ENV} to run them")
    url = await private_postgres_url(url)
    if url in _PG_MIGRATED and await _empty_postgres(url):
        return url
    await reset_postgres(url)
    await asyncio.to_thread(upgrade, url)
    _PG_MIGRATED.add(url)
    return url


@pytest.fixture(params=["sqlite", "postgres"])
async def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """A migrated, empty database: SQLite always, PostgreSQL when configured."""
    yield await prepare_db(request.param, tmp_path)


@pytest.fixture
async def sqlite_url(tmp_path: Path) -> str:
    return await prepare_db("sqlite", tmp_path)
