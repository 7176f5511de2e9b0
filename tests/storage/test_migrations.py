"""The migrations, run from an empty database (not the shared template of tests/conftest.py),
build exactly the schema the models describe, and a second run changes nothing."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from storage.db import make_engine
from storage.migrate import current_head, database_revision, upgrade
from storage.models import Base
from tests.conftest import PG_ENV, private_postgres_url, reset_postgres


async def _fresh(kind: str, tmp_path: Path) -> str:
    if kind == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path}/fresh.db"
    base = os.environ.get(PG_ENV, "")
    if not base:
        pytest.skip(f"PostgreSQL tests skipped: set {PG_ENV} to run them")
    url = await private_postgres_url(base)
    await reset_postgres(url)  # drops every table: the next test re-migrates it
    return url


async def _diff(url: str) -> list[object]:
    engine = make_engine(url)
    try:
        async with engine.connect() as conn:
            return await conn.run_sync(
                lambda c: compare_metadata(MigrationContext.configure(c), Base.metadata))
    finally:
        await engine.dispose()


@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
async def test_migrations_from_scratch_match_the_models(kind: str, tmp_path: Path) -> None:
    url = await _fresh(kind, tmp_path)
    await asyncio.to_thread(upgrade, url)
    engine = make_engine(url)
    try:
        assert await database_revision(engine) == current_head()
    finally:
        await engine.dispose()
    assert await _diff(url) == []
    await asyncio.to_thread(upgrade, url)  # a second run is a no-op
    assert await _diff(url) == []
