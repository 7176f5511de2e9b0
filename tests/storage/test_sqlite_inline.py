"""SQLite driven on the event loop (storage/sqlite_inline.py): a write lock held by another
process makes a statement wait in asyncio, not in SQLite's busy handler, so the rest of
the process keeps running; the statement goes through once the lock is gone, and fails
as "busy" (the bot's "try again") when it is held past the statement timeout."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from storage import sqlite_inline
from storage.db import is_busy, make_engine


async def wait_for_busy(before: int) -> None:
    for _ in range(100_000):  # event-loop turns, not time
        if sqlite_inline.stats["busy_waits"] > before:
            return
        await asyncio.sleep(0)
    raise AssertionError("the statement never found the database locked")


async def test_a_locked_file_waits_without_blocking_the_loop(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path}/inline.db"
    engine = make_engine(url, pool_size=1, statement_timeout_ms=60_000)
    try:
        async with engine.begin() as conn:
            assert type(conn.sync_connection.connection.dbapi_connection._connection
                        ).__name__ == "InlineConnection"
            await conn.execute(text("CREATE TABLE t (x INTEGER)"))
        other = sqlite3.connect(tmp_path / "inline.db", isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # another process's write lock
        before = sqlite_inline.stats["busy_waits"]

        async def write() -> None:
            async with engine.begin() as conn:
                await conn.execute(text("INSERT INTO t VALUES (1)"))

        writer = asyncio.create_task(write())
        await wait_for_busy(before)  # the loop runs on while the writer waits
        assert not writer.done()
        other.execute("INSERT INTO t VALUES (0)")
        other.execute("COMMIT")
        other.close()
        await writer
        async with engine.connect() as conn:
            rows = (await conn.execute(text("SELECT x FROM t ORDER BY x"))).scalars().all()
        assert rows == [0, 1]
    finally:
        await engine.dispose()


async def test_a_lock_held_too_long_is_busy(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path}/inline.db"
    engine = make_engine(url, pool_size=1, statement_timeout_ms=50)
    other = None
    try:
        async with engine.begin() as conn:
            await conn.execute(text("CREATE TABLE t (x INTEGER)"))
        other = sqlite3.connect(tmp_path / "inline.db", isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        with pytest.raises(OperationalError) as caught:
            async with engine.begin() as conn:
                await conn.execute(text("INSERT INTO t VALUES (1)"))
        assert is_busy(caught.value)
    finally:
        if other is not None:
            other.close()
        await engine.dispose()
