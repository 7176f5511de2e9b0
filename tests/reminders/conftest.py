"""Fixtures for reminder tests: databases with users, and dispatchers on the fake Bot API."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram import Bot
from telegram.request import HTTPXRequest

from bot.delivery.dispatcher import DispatchConfig, Dispatcher
from bot.delivery.limiter import SendLimiter
from storage.db import make_engine, make_sessionmaker
from storage.models import Reminder
from storage.reminders import ReminderRepo
from storage.repos import UserRepo
from tests.fakebot import TOKEN, FakeBotAPI

SH = zoneinfo.ZoneInfo("Asia/Shanghai")
Sessions = async_sessionmaker[AsyncSession]


@pytest.fixture
async def sessions(sqlite_url: str) -> AsyncIterator[Sessions]:
    engine = make_engine(sqlite_url)
    yield make_sessionmaker(engine)
    await engine.dispose()


async def add_user(sessions: Sessions, telegram_id: int, locale: str = "zh_CN") -> int:
    async with sessions() as s, s.begin():
        user = await UserRepo(s).get_or_create(telegram_id)
        user.locale = locale
        return user.id


async def add_reminder(sessions: Sessions, user_id: int, chat_id: int, note: str,
                       due: dt.datetime | None = None, **kw: Any) -> int:
    due = due or dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
    async with sessions() as s, s.begin():
        row, _ = await ReminderRepo(s).create(
            user_id=user_id, chat_id=chat_id, kind=kw.pop("kind", "personal"), due_at=due,
            payload=kw.pop("payload", {"key": "⏰ Reminder: {note}", "args": {"note": note}}),
            dedupe_key=kw.pop("key", f"test:{user_id}:{note}"), **kw)
        return row.id


async def reminders(sessions: Sessions) -> list[Reminder]:
    from sqlalchemy import select

    async with sessions() as s:
        return list((await s.execute(select(Reminder).order_by(Reminder.id))).scalars())


def fast_config(**kw: Any) -> DispatchConfig:
    base: dict[str, Any] = dict(batch_size=10, poll_seconds=0.05, max_attempts=4,
                                retry_base=0.05, retry_max=0.2, tz=SH)
    base.update(kw)
    return DispatchConfig(**base)


def make_bot(api: FakeBotAPI, timeout: float = 2.0) -> Bot:
    request = HTTPXRequest(connection_pool_size=16, read_timeout=timeout, write_timeout=timeout,
                           connect_timeout=timeout, pool_timeout=timeout)
    return Bot(TOKEN, base_url=api.base_url, base_file_url=api.base_file_url, request=request)


@pytest.fixture
async def dispatcher_factory(fake_api: FakeBotAPI, sessions: Sessions
                             ) -> AsyncIterator[Callable[..., Dispatcher]]:
    bots: list[Bot] = []

    async def build(config: DispatchConfig | None = None, limiter: SendLimiter | None = None,
                    timeout: float = 2.0) -> Dispatcher:
        bot = make_bot(fake_api, timeout)
        await bot.initialize()
        bots.append(bot)
        return Dispatcher(bot, sessions, config or fast_config(),
                          limiter or SendLimiter(1000.0, 1000.0, 0.0))

    yield build
    for bot in bots:
        await bot.shutdown()
