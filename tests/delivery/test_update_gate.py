"""The confirmation gate of polling (bot/handlers/updates.py) and the outbox rows it keeps
(bot/delivery/outbox.py): an update is confirmed to Telegram only once handled, and a
delivered row is deleted only once its update is confirmed."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator
from typing import Any

import pytest
from telegram import Update

from bot.config import load_settings
from bot.delivery.outbox import Outbox
from bot.handlers.updates import GatedUpdateProcessor, UpdateGate
from bot.services import Services
from storage.outbox import OutboxRepo


@pytest.fixture
async def services(db_url: str) -> AsyncIterator[Services]:
    svc = Services.create(load_settings(database_url=db_url, _env_file=None))
    yield svc
    await svc.close()


async def test_the_confirmation_waits_for_the_updates_below_its_offset_only() -> None:
    gate = UpdateGate()
    confirmed: list[int] = []
    gate.on_confirm = confirmed.append
    gate.fetched([10, 11, 12])
    waiting = asyncio.ensure_future(gate.before_confirming(12))  # 12 is not confirmed by it
    gate.done(10)
    await asyncio.sleep(0)
    assert not waiting.done()  # 11 is still being handled
    gate.done(11)
    await asyncio.wait_for(waiting, 5)
    assert gate.pending == {12}
    gate.confirmed(12)
    assert confirmed == [12]


async def test_a_stuck_update_holds_the_confirmation_for_a_bounded_time_only(caplog) -> None:
    gate = UpdateGate(wait_seconds=0.05)
    gate.fetched([20, 21])
    gate.done(21)
    await asyncio.wait_for(gate.before_confirming(22), 5)  # 20 never finishes
    assert gate.pending == set() and gate.stats["late"] == 1
    assert any("polling goes on" in r.getMessage() for r in caplog.records)


def update(update_id: int, sender: int) -> Update:
    return Update.de_json({"update_id": update_id, "message": {
        "message_id": 1, "date": 0, "chat": {"id": sender, "type": "private"},
        "from": {"id": sender, "is_bot": False, "first_name": "A"}, "text": "/menu"}}, None)


async def test_an_update_committed_before_a_restart_is_skipped_for_the_same_sender_only(
        ) -> None:
    gate = UpdateGate()
    gate.skip = {30: 501, 31: 502}
    gate.fetched([30, 31])
    ran: list[int] = []

    async def handler(uid: int) -> None:
        ran.append(uid)

    from telegram.ext import SimpleUpdateProcessor

    processor = GatedUpdateProcessor(SimpleUpdateProcessor(4), gate)
    await processor.process_update(update(30, 501), handler(30))  # same id, same sender
    await processor.process_update(update(31, 777), handler(31))  # another server's id
    assert ran == [31]
    assert gate.pending == set() and gate.stats["skipped"] == 1
    gate.confirmed(32)
    assert gate.skip == {}  # confirmed: never sent again, forgotten


async def outbox_row(services: Services, update_id: int) -> int:
    async with services.transaction() as session:
        return await OutboxRepo(session).add(
            chat_id=701, telegram_id=701, body={"replies": []}, update_id=update_id,
            due_at=dt.datetime.now(dt.UTC))


async def count(services: Services, to_send_only: bool = False) -> int:
    async with services.transaction() as session:
        return await OutboxRepo(session).pending(to_send_only)


async def test_a_delivered_row_is_kept_until_its_update_is_confirmed(services) -> None:
    async def never(*_: Any) -> None:
        raise AssertionError("a delivered row is not sent again")

    committed: list[int] = []
    outbox = Outbox(services, never, lambda exc: True, on_commit=committed.append)
    outbox.confirmed_below(0)  # polling: the first getUpdates was answered
    row = await outbox_row(services, 40)
    outbox.begin(row, 40)
    assert committed == [40]  # the gate is told at the commit, before any send
    outbox.delivered(row)
    await outbox.flush()
    assert await count(services) == 1 and await count(services, to_send_only=True) == 0
    assert await outbox.sweep() == 0  # marked delivered: no sweep sends it again
    # A process started now (after a crash) knows the update and keeps the row too.
    later = Outbox(services, never, lambda exc: True)
    await later.start()
    assert later.left_updates == {40: 701}
    later.confirmed_below(41)
    await later.stop()
    assert await count(services) == 0


async def test_without_polling_a_delivered_row_goes_at_once(services) -> None:
    """The webhook (no getUpdates, nothing to confirm) and the tests' outbox users."""
    async def never(*_: Any) -> None:
        raise AssertionError("nothing is sent again")

    outbox = Outbox(services, never, lambda exc: True)
    row = await outbox_row(services, 50)
    outbox.begin(row, 50)
    outbox.delivered(row)
    await outbox.flush()
    assert await count(services) == 0
