"""Faults of our own side: the database locked by someone else for a while. The person
gets one clear "busy, try again", nothing is half-written, and once the lock is gone the
bot answers again without a restart (SQLite and PostgreSQL)."""

from __future__ import annotations

import sqlite3

import asyncpg
from sqlalchemy import make_url

from tests.e2e.harness import running_bot


class Lock:
    """Another client holding a write lock: the whole SQLite file, or the PostgreSQL row
    of the user's dialog."""

    def __init__(self, db_url: str) -> None:
        self.url = make_url(db_url)
        self.pg: asyncpg.Connection | None = None
        self.lite: sqlite3.Connection | None = None

    async def take(self) -> None:
        if self.url.get_backend_name() == "sqlite":
            self.lite = sqlite3.connect(self.url.database, isolation_level=None)
            self.lite.execute("BEGIN IMMEDIATE")
            return
        self.pg = await asyncpg.connect(self.url.set(drivername="postgresql")
                                        .render_as_string(hide_password=False))
        await self.pg.execute("BEGIN")
        await self.pg.execute("LOCK TABLE dialog_states IN ACCESS EXCLUSIVE MODE")

    async def release(self) -> None:
        if self.lite is not None:
            self.lite.execute("ROLLBACK")
            self.lite.close()
        if self.pg is not None:
            await self.pg.execute("ROLLBACK")
            await self.pg.close()


async def test_a_locked_database_gets_busy_then_recovers(fake_api, db_url) -> None:
    user = fake_api.user(501, language_code="en")
    async with running_bot(fake_api, db_url, db_statement_timeout_ms=300):
        await user.send_and_wait("/start")
        await user.click_and_wait("English")
        lock = Lock(db_url)
        await lock.take()
        try:
            busy = await user.click_and_wait("👷 Skilled worker", timeout=10)
        finally:
            await lock.release()
        texts = [c.params.get("text", "") for c in busy]
        assert any("I am busy right now" in t for t in texts), texts
        assert not any("Traceback" in t for t in texts)
        # nothing half-written: the role question is still open, and answering works now
        again = await user.click_and_wait("👷 Skilled worker")
        assert any("Privacy" in c.params.get("text", "") for c in again), again
