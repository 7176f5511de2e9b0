"""Run Alembic migrations programmatically (`craftbot db upgrade`, and on start)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    cfg.attributes["configure_logger"] = False
    return cfg


def upgrade(url: str, revision: str = "head") -> None:
    """Blocking: run from sync code or through asyncio.to_thread."""
    from storage.db import ensure_sqlite_dir

    ensure_sqlite_dir(url)
    command.upgrade(alembic_config(url), revision)


@cache
def current_head() -> str | None:
    """The newest revision of the migration scripts (read once per process)."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()


async def database_revision(engine: object) -> str | None:
    """The revision the database is at (None: never migrated). Raises if unreachable."""
    from sqlalchemy import inspect, text

    async with engine.connect() as conn:  # type: ignore[attr-defined]
        has = await conn.run_sync(lambda c: inspect(c).has_table("alembic_version"))
        if not has:
            return None
        return (await conn.execute(text("SELECT version_num FROM alembic_version"))
                ).scalar_one_or_none()
