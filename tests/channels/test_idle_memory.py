"""Idle users cost no memory: after their turns, no dialog state, lock or pacing entry of
theirs stays in the bot process (the state lives in the database row)."""

from __future__ import annotations

import asyncio
import gc

from bot.dialogs.engine.types import DialogState
from tests.e2e.harness import running_bot
from tests.fakebot import FakeBotAPI


def alive(kind: type) -> int:
    gc.collect()
    return sum(1 for obj in gc.get_objects() if isinstance(obj, kind))


async def test_idle_users_leave_no_state_locks_or_chat_entries(fake_api: FakeBotAPI,
                                                               sqlite_url: str) -> None:
    users = [fake_api.user(81_000 + i, language_code="en") for i in range(40)]
    async with running_bot(fake_api, sqlite_url) as app:
        services = app.bot_data["services"]
        before = alive(DialogState)

        async def open_a_check(user) -> None:  # noqa: ANN001
            await user.send_and_wait("/check jiangsu.excellent_technician")

        await asyncio.gather(*(open_a_check(u) for u in users))
        assert all("skill level" in (fake_api.last_bot_message(u.id).text or "").lower()
                   for u in users)  # 40 dialogs open, stored, now idle
        gc.collect()
        assert len(services._locks) == 0 and len(services._chat_locks) == 0
        assert alive(DialogState) == before
        limiter = app.bot_data["reply_limiter"]
        assert all(chat.users == 0 and not chat.lock.locked()
                   for chat in limiter._chats.values())
