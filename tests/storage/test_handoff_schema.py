"""Migration 0006 creates the handoff tables exactly as storage/models/handoff.py says."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from storage.db import make_engine
from storage.models import Base

TABLES = ("handoff_tickets", "handoff_messages", "faq_entries")


async def test_migration_creates_the_handoff_tables_as_the_models_say(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        async with engine.connect() as conn:
            diff = await conn.run_sync(
                lambda c: compare_metadata(MigrationContext.configure(c), Base.metadata))
    finally:
        await engine.dispose()
    assert [d for d in diff if any(table in repr(d) for table in TABLES)] == []
