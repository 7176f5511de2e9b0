"""Engine and session factory for SQLite (aiosqlite, WAL) and PostgreSQL (asyncpg)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

# The names the rest of the project uses for these (bot/ never imports sqlalchemy).
Session = AsyncSession
SessionMaker = async_sessionmaker[AsyncSession]
Engine = AsyncEngine


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def ensure_sqlite_dir(url: str) -> None:
    u = make_url(url)
    if u.get_backend_name() == "sqlite" and u.database and u.database != ":memory:":
        Path(u.database).expanduser().parent.mkdir(parents=True, exist_ok=True)


SQLITE_POOL = 1  # one connection: turns queue here, not in SQLite's sleeping busy handler
POSTGRES_POOL = 20  # plus as many again on overflow


def make_engine(url: str, *, echo: bool = False, pool_size: int | None = None) -> AsyncEngine:
    """pool_size: connections kept open; None keeps SQLAlchemy's defaults (migrations,
    tests); the bot passes `default_pool_size(url)` or DATABASE_POOL_SIZE."""
    ensure_sqlite_dir(url)
    pool: dict[str, int] = {}
    if pool_size is not None:
        pool = {"pool_size": pool_size, "max_overflow": 0 if is_sqlite(url) else pool_size}
    if is_sqlite(url):
        engine = create_async_engine(url, echo=echo, connect_args={"timeout": 30}, **pool)

        @event.listens_for(engine.sync_engine, "connect")
        def _pragmas(dbapi_conn, _record) -> None:  # noqa: ANN001
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()

        return engine
    return create_async_engine(url, echo=echo, pool_pre_ping=True, **pool)


def default_pool_size(url: str) -> int:
    """Connections for a process serving many users at once. SQLite takes one writer at a
    time: with more connections, concurrent turns wait in its busy handler, which sleeps
    in growing steps (most of a turn's time under load); with one, they queue in asyncio.
    PostgreSQL runs transactions side by side."""
    return SQLITE_POOL if is_sqlite(url) else POSTGRES_POOL


def make_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


async def check_connection(engine: AsyncEngine) -> None:
    """Raise if the database cannot be reached (used at start-up)."""
    from sqlalchemy import text

    async with engine.connect() as conn:
        await conn.execute(text("SELECT 1"))
