"""Engine and session factory for SQLite (aiosqlite, WAL) and PostgreSQL (asyncpg)."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from storage import sqlite_inline as sqlite_inline_driver

# The names the rest of the project uses for these (bot/ never imports sqlalchemy).
Session = AsyncSession
SessionMaker = async_sessionmaker[AsyncSession]
Engine = AsyncEngine


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def ensure_sqlite_dir(url: str) -> None:
    """Create the SQLite file's folder, and the file itself readable by its owner only
    (0600: it holds people's profiles); SQLite gives its -wal and -shm files the same."""
    u = make_url(url)
    if u.get_backend_name() == "sqlite" and u.database and u.database != ":memory:":
        path = Path(u.database).expanduser()
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists():
            os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))


# How long one statement may wait (a lock held elsewhere, a slow query) before the turn
# gives up with "busy, try again" instead of keeping the person waiting.
STATEMENT_TIMEOUT_MS = 5000
SQLITE_POOL = 1  # one connection: turns queue here, not in SQLite's sleeping busy handler
POSTGRES_POOL = 20  # plus as many again on overflow


def make_engine(url: str, *, echo: bool = False,
                statement_timeout_ms: int = STATEMENT_TIMEOUT_MS,
                pool_size: int | None = None, sqlite_inline: bool = True) -> AsyncEngine:
    """pool_size: connections kept open; None keeps SQLAlchemy's defaults (migrations,
    tests); the bot passes `default_pool_size(url)` or DATABASE_POOL_SIZE. Waiting for a
    connection is bounded like a statement. sqlite_inline: a SQLite file is driven on the
    event loop (storage/sqlite_inline.py) instead of aiosqlite's thread."""
    ensure_sqlite_dir(url)
    pool: dict[str, float] = {}
    if pool_size is not None:
        pool = {"pool_size": pool_size, "max_overflow": 0 if is_sqlite(url) else pool_size,
                "pool_timeout": statement_timeout_ms / 1000}
    if is_sqlite(url):
        database = make_url(url).database or ""
        inline = sqlite_inline and database not in ("", ":memory:") and \
            not database.startswith("file:")
        extra: dict[str, object] = {}
        if inline:  # see storage/sqlite_inline.py: busy waits are asyncio sleeps there
            extra["async_creator"] = sqlite_inline_driver.creator(
                str(Path(database).expanduser()), statement_timeout_ms)
        busy_ms = 0 if inline else int(statement_timeout_ms)
        engine = create_async_engine(url, echo=echo,
                                     connect_args={"timeout": statement_timeout_ms / 1000},
                                     **pool, **extra)

        @event.listens_for(engine.sync_engine, "connect")
        def _pragmas(dbapi_conn, _record) -> None:  # noqa: ANN001
            cur = dbapi_conn.cursor()
            cur.execute(f"PRAGMA busy_timeout={busy_ms}")
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()

        return engine
    settings = {"statement_timeout": str(int(statement_timeout_ms)),
                "lock_timeout": str(int(statement_timeout_ms)),
                "idle_in_transaction_session_timeout": str(int(statement_timeout_ms) * 6)}
    return create_async_engine(url, echo=echo, pool_pre_ping=True,
                               connect_args={"server_settings": settings}, **pool)


def default_pool_size(url: str) -> int:
    """Connections for a process serving many users at once. SQLite takes one writer at a
    time: with more connections, concurrent turns wait in its busy handler, which sleeps
    in growing steps (most of a turn's time under load); with one, they queue in asyncio.
    PostgreSQL runs transactions side by side."""
    return SQLITE_POOL if is_sqlite(url) else POSTGRES_POOL


def is_busy(exc: BaseException) -> bool:
    """The database did not answer in time (a lock, a timeout) or is read-only for now:
    worth a "try again in a moment", not a bug report."""
    from sqlalchemy.exc import DBAPIError
    from sqlalchemy.exc import TimeoutError as PoolTimeout

    if isinstance(exc, PoolTimeout):
        return True
    if not isinstance(exc, DBAPIError):
        return False
    text = str(exc.orig if exc.orig is not None else exc).lower()
    return any(w in text for w in ("locked", "busy", "timeout", "canceling statement",
                                   "readonly", "read-only", "lock_timeout", "disk i/o"))


def make_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


async def check_connection(engine: AsyncEngine) -> None:
    """Raise if the database cannot be reached (used at start-up)."""
    from sqlalchemy import text

    async with engine.connect() as conn:
        await conn.execute(text("SELECT 1"))
