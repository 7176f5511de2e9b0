"""Services built once at start-up and reached from handlers through a typed context."""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from bot.config import ConfigError, Settings
from storage.db import (
    Engine,
    Session,
    SessionMaker,
    default_pool_size,
    make_engine,
    make_sessionmaker,
)


@dataclass
class Services:
    settings: Settings
    engine: Engine
    sessions: SessionMaker
    _locks: weakref.WeakValueDictionary[int, asyncio.Lock] = field(
        default_factory=weakref.WeakValueDictionary)
    _chat_locks: weakref.WeakValueDictionary[int, asyncio.Lock] = field(
        default_factory=weakref.WeakValueDictionary)

    @classmethod
    def create(cls, settings: Settings) -> Services:
        engine = make_engine(settings.database_url,
                             statement_timeout_ms=settings.db_statement_timeout_ms,
                             pool_size=settings.database_pool_size
                             or default_pool_size(settings.database_url))
        return cls(settings=settings, engine=engine, sessions=make_sessionmaker(engine))

    def user_lock(self, telegram_id: int) -> asyncio.Lock:
        """One user's updates are handled in order; different users run concurrently."""
        lock = self._locks.get(telegram_id)
        if lock is None:
            lock = asyncio.Lock()
            self._locks[telegram_id] = lock
        return lock

    def chat_lock(self, chat_id: int) -> asyncio.Lock:
        """A channel's turns in one chat, replies included, one after the other (so the
        replies of one turn never interleave with the next one's). Freed when idle."""
        lock = self._chat_locks.get(chat_id)
        if lock is None:
            lock = asyncio.Lock()
            self._chat_locks[chat_id] = lock
        return lock

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Session]:
        """One transaction per update: commit on success, roll back on error."""
        async with self.sessions() as session, session.begin():
            yield session

    def is_admin(self, telegram_id: int) -> bool:
        return telegram_id in self.settings.admin_ids

    async def close(self) -> None:
        await self.engine.dispose()


async def prepare_database(settings: Settings) -> None:
    """Check the database is reachable, then bring its schema to the newest migration."""
    from storage.db import check_connection, make_engine
    from storage.migrate import current_head, database_revision, upgrade

    engine = make_engine(settings.database_url,
                             statement_timeout_ms=settings.db_statement_timeout_ms)
    try:
        await check_connection(engine)
        at = await database_revision(engine)
    except Exception as exc:  # any driver error: report it in one line
        reason = str(exc).splitlines()[0][:160] if str(exc) else type(exc).__name__
        raise ConfigError(f"DATABASE_URL: cannot connect ({reason})") from None
    finally:
        await engine.dispose()
    if at is not None and at == current_head():
        return  # already at the newest migration: a restart does not run Alembic
    await asyncio.to_thread(upgrade, settings.database_url)
