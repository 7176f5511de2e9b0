"""SQLite for asyncio without a thread hop per call: the connection SQLAlchemy's aiosqlite
dialect drives, run on the event loop itself.

aiosqlite runs each call (open a cursor, execute, fetch, close, commit) in its own thread
and hands the answer back through the event loop: under load every one of those waits for
a turn of the loop while the turn's transaction holds the database, so transactions of
a few hundred microseconds of work last tens of milliseconds and queue behind each other
(the profile in the README). A local SQLite statement in WAL mode with synchronous=NORMAL
does not wait for the disk (only a checkpoint does, every ~1000 pages), so it is cheaper
to run it where it is awaited: a whole transaction then runs without giving the loop up.

What would block is another process holding the write lock (the reminder worker, a second
bot). SQLite's own busy handler would sleep inside the loop, so it is off (busy_timeout=0)
and a busy statement is retried here after an asyncio sleep (growing steps) until
`busy_timeout_ms` have passed; then the "database is locked" error is raised as before.
SQLITE_BUSY_SNAPSHOT (a read transaction that can no longer write) is raised at once:
waiting cannot help it, the turn is retried as a whole.

Only what SQLAlchemy's aiosqlite adapter uses is implemented (it checks `_connection`,
calls cursor() as an async context, execute/executemany/fetch*/close, commit, rollback,
close, stop, create_function).
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections import Counter
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")
stats: Counter[str] = Counter()  # "busy_waits": statements that found the database locked
_STEPS = (0.001, 0.002, 0.005, 0.01, 0.02, 0.05)  # seconds between tries when busy


def _busy(exc: sqlite3.OperationalError) -> bool:
    name = getattr(exc, "sqlite_errorname", "")
    if name == "SQLITE_BUSY_SNAPSHOT":
        return False
    return name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or (
        not name and "locked" in str(exc).lower())


class _Retrying:
    def __init__(self, busy_timeout_ms: float) -> None:
        self.busy_timeout = busy_timeout_ms / 1000

    async def call(self, fn: Callable[..., T], *args: Any) -> T:
        deadline, attempt = None, 0
        while True:
            try:
                return fn(*args)
            except sqlite3.OperationalError as exc:
                if not _busy(exc):
                    raise
                now = time.monotonic()
                deadline = deadline or now + self.busy_timeout
                if now >= deadline:
                    raise
                if attempt == 0:
                    stats["busy_waits"] += 1
                await asyncio.sleep(min(_STEPS[min(attempt, len(_STEPS) - 1)], deadline - now))
                attempt += 1


class InlineCursor:
    def __init__(self, cursor: sqlite3.Cursor, retry: _Retrying) -> None:
        self._cursor = cursor
        self._retry = retry

    async def __aenter__(self) -> InlineCursor:
        return self

    async def __aexit__(self, *exc: object) -> None:
        self._cursor.close()

    def __await__(self):  # noqa: ANN204 - `await conn.cursor()` as aiosqlite allows
        async def itself() -> InlineCursor:
            return self
        return itself().__await__()

    @property
    def description(self) -> Any:
        return self._cursor.description

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount

    @property
    def lastrowid(self) -> int | None:
        return self._cursor.lastrowid

    @property
    def arraysize(self) -> int:
        return self._cursor.arraysize

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        self._cursor.arraysize = value

    async def execute(self, sql: str, parameters: Any = ()) -> InlineCursor:
        await self._retry.call(self._cursor.execute, sql, parameters)
        return self

    async def executemany(self, sql: str, seq: Any) -> InlineCursor:
        await self._retry.call(self._cursor.executemany, sql, seq)
        return self

    async def fetchone(self) -> Any:
        return self._cursor.fetchone()

    async def fetchmany(self, size: int | None = None) -> list[Any]:
        return self._cursor.fetchmany(size if size is not None else self._cursor.arraysize)

    async def fetchall(self) -> list[Any]:
        return self._cursor.fetchall()

    async def close(self) -> None:
        self._cursor.close()

    async def setinputsizes(self, *sizes: Any) -> None:
        return None

    async def nextset(self) -> None:
        return None


class InlineConnection:
    """An aiosqlite-shaped connection whose calls run on the calling thread."""

    def __init__(self, conn: sqlite3.Connection, busy_timeout_ms: float) -> None:
        self._connection: sqlite3.Connection | None = conn
        self._retry = _Retrying(busy_timeout_ms)

    @property
    def _conn(self) -> sqlite3.Connection:
        if self._connection is None:
            raise ValueError("no active connection")
        return self._connection

    @property
    def isolation_level(self) -> str | None:
        return self._conn.isolation_level

    @isolation_level.setter
    def isolation_level(self, value: str | None) -> None:
        self._conn.isolation_level = value

    def cursor(self) -> InlineCursor:
        return InlineCursor(self._conn.cursor(), self._retry)

    async def execute(self, sql: str, parameters: Any = ()) -> InlineCursor:
        return await self.cursor().execute(sql, parameters)

    async def commit(self) -> None:
        await self._retry.call(self._conn.commit)

    async def rollback(self) -> None:
        self._conn.rollback()

    async def create_function(self, *args: Any, **kw: Any) -> None:
        self._conn.create_function(*args, **kw)

    async def close(self) -> None:
        conn, self._connection = self._connection, None
        if conn is not None:
            conn.close()

    def stop(self) -> None:
        conn, self._connection = self._connection, None
        if conn is not None:
            conn.close()


def creator(database: str, busy_timeout_ms: float) -> Callable[[], Any]:
    """`async_creator` for create_async_engine: a new InlineConnection to `database`."""

    async def connect() -> InlineConnection:
        conn = sqlite3.connect(database, timeout=0, isolation_level="",
                               check_same_thread=False, detect_types=0)
        return InlineConnection(conn, busy_timeout_ms)

    return connect
