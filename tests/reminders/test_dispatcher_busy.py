"""The dispatcher and a database that is busy for a while (found by the 10,000-update
fuzz: under load its one SQLite connection was not free within the pool timeout, and the
loop logged a traceback). Busy is one warning line without a traceback; once the
connection is free again the due reminder goes out, without a restart."""

from __future__ import annotations

import asyncio
import logging

from bot.delivery.dispatcher import Dispatcher
from bot.delivery.limiter import SendLimiter
from storage.db import make_engine, make_sessionmaker
from tests.reminders.conftest import add_reminder, add_user, fast_config, make_bot

CHAT = 7_700_001


class Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []
        self.busy = asyncio.Event()

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)
        if "database busy" in record.getMessage():
            self.busy.set()


async def test_a_busy_database_is_one_line_and_the_reminder_still_goes(fake_api, sqlite_url
                                                                       ) -> None:
    engine = make_engine(sqlite_url, pool_size=1, statement_timeout_ms=200)
    sessions = make_sessionmaker(engine)
    uid = await add_user(sessions, CHAT)
    await add_reminder(sessions, uid, CHAT, "busy test")
    bot = make_bot(fake_api)
    await bot.initialize()
    records = Records()
    logger = logging.getLogger("bot.delivery.dispatcher")
    logger.addHandler(records)
    d = Dispatcher(bot, sessions, fast_config(), SendLimiter(1000.0, 1000.0, 0.0))
    try:
        async with engine.connect() as held:  # the one connection, taken elsewhere
            await held.exec_driver_sql("SELECT 1")
            task = asyncio.create_task(d.run())
            await asyncio.wait_for(records.busy.wait(), 30)
        await fake_api.wait_for(lambda: fake_api.calls_of("sendMessage", chat_id=CHAT),
                                timeout=30, what="the reminder once the database is free")
    finally:
        d.stop()
        await asyncio.wait_for(task, 30)
        logger.removeHandler(records)
        await bot.shutdown()
        await engine.dispose()
    assert [r for r in records.records if r.exc_info] == []
    assert "busy test" in fake_api.calls_of("sendMessage", chat_id=CHAT)[0].params["text"]
