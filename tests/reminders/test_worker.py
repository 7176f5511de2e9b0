"""start_dispatcher (what `craftbot run` calls) and run_worker (`craftbot worker`)."""

from __future__ import annotations

import asyncio

from bot.config import load_settings
from bot.delivery.worker import run_worker, start_dispatcher
from tests.fakebot import TOKEN, FakeBotAPI
from tests.reminders.conftest import add_reminder, add_user, reminders


def settings_for(api: FakeBotAPI, db_url: str, **kw: object):
    return load_settings(_env_file=None, telegram_bot_token=TOKEN,
                         telegram_api_base_url=api.base_url, database_url=db_url,
                         reminder_poll_seconds=0.05, **kw)


async def test_started_dispatcher_sends_then_stops_cleanly(fake_api, sessions,
                                                           sqlite_url) -> None:
    uid = await add_user(sessions, 4001, "en")
    await add_reminder(sessions, uid, 4001, "in-process")
    handle = await start_dispatcher(settings_for(fake_api, sqlite_url), sessions)
    await fake_api.wait_for_calls("sendMessage", 1, 4001)
    await add_reminder(sessions, uid, 4001, "second")  # picked up by the next poll
    await fake_api.wait_for_calls("sendMessage", 2, 4001)
    await handle.stop()
    assert handle.task.done() and not handle.task.cancelled()
    assert [r.status for r in await reminders(sessions)] == ["sent", "sent"]
    assert handle.dispatcher.stats["sent"] == 2


async def test_stop_returns_unsent_claims(fake_api, sessions, sqlite_url) -> None:
    uid = await add_user(sessions, 4002)
    for n in range(5):
        await add_reminder(sessions, uid, 4002, f"n{n}")
    settings = settings_for(fake_api, sqlite_url, reminder_rate_per_chat_per_second=2.0)
    handle = await start_dispatcher(settings, sessions)
    await fake_api.wait_for_calls("sendMessage", 1, 4002)
    await handle.stop()
    rows = await reminders(sessions)
    assert {r.status for r in rows} == {"sent", "pending"}
    assert sum(r.status == "sent" for r in rows) == len(fake_api.calls_of("sendMessage", 4002))


async def test_run_worker_needs_a_token(capsys) -> None:
    code = await asyncio.to_thread(run_worker, load_settings(_env_file=None,
                                                             telegram_bot_token=None))
    assert code == 2 and "TELEGRAM_BOT_TOKEN" in capsys.readouterr().err
