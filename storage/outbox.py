"""The reply outbox: a turn's replies are added in the turn's transaction; delivered rows
are deleted in batches; rows nobody confirmed are taken again (with a lease) by a sweep."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import OutboxRow


@dataclass(frozen=True)
class OutboxItem:
    id: int
    chat_id: int
    attempts: int
    body: dict[str, Any]
    update_id: int | None = None


@dataclass(frozen=True)
class LeftUpdate:
    id: int
    update_id: int
    telegram_id: int
    delivered: bool


_TABLE = OutboxRow.__table__
_ADD = insert(_TABLE).returning(_TABLE.c.id)  # once per turn


class OutboxRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def add(self, *, chat_id: int, telegram_id: int, body: dict[str, Any],
                  due_at: dt.datetime, update_id: int | None = None) -> int:
        """One INSERT; returns the row's id. `update_id`: the Telegram update of the turn."""
        connection = await self.s.connection()  # a Core statement built once: no ORM work
        return (await connection.execute(_ADD, {
            "chat_id": chat_id, "telegram_id": telegram_id, "body": body, "due_at": due_at,
            "attempts": 0, "update_id": update_id})).scalar_one()

    async def delete(self, ids: Collection[int]) -> int:
        if not ids:
            return 0
        res = await self.s.execute(delete(OutboxRow).where(OutboxRow.id.in_(list(ids)))
                                   .execution_options(synchronize_session=False))
        return res.rowcount or 0

    async def take_due(self, now: dt.datetime, lease_until: dt.datetime, limit: int = 100,
                       exclude: Collection[int] = ()) -> list[OutboxItem]:
        """Rows due by `now` (oldest first), not in `exclude`; each is leased until
        `lease_until` so that another sweep does not take it meanwhile (one UPDATE)."""
        due = select(OutboxRow.id).where(OutboxRow.due_at <= now,
                                         OutboxRow.delivered_at.is_(None))
        if exclude:
            due = due.where(OutboxRow.id.not_in(list(exclude)))
        due = due.order_by(OutboxRow.id).limit(limit)
        rows = (await self.s.execute(
            update(OutboxRow)
            .where(OutboxRow.id.in_(due.scalar_subquery()), OutboxRow.due_at <= now)
            .values(due_at=lease_until, attempts=OutboxRow.attempts + 1)
            .returning(OutboxRow.id, OutboxRow.chat_id, OutboxRow.attempts, OutboxRow.body,
                       OutboxRow.update_id)
            .execution_options(synchronize_session=False))).all()
        return sorted((OutboxItem(r.id, r.chat_id, r.attempts, dict(r.body), r.update_id)
                       for r in rows), key=lambda item: item.id)

    async def mark_delivered(self, ids: Collection[int], at: dt.datetime) -> None:
        """Delivered, but kept (not sent again) until its update is confirmed."""
        if ids:
            await self.s.execute(update(OutboxRow).where(OutboxRow.id.in_(list(ids)))
                                 .values(delivered_at=at)
                                 .execution_options(synchronize_session=False))

    async def left_updates(self) -> list[LeftUpdate]:
        """The rows that name their turn's update (at start-up: what an earlier process
        committed and Telegram may send again)."""
        rows = (await self.s.execute(
            select(OutboxRow.id, OutboxRow.update_id, OutboxRow.telegram_id,
                   OutboxRow.delivered_at).where(OutboxRow.update_id.is_not(None)))).all()
        return [LeftUpdate(r.id, r.update_id, r.telegram_id, r.delivered_at is not None)
                for r in rows]

    async def pending(self, to_send_only: bool = False) -> int:
        """Rows in the outbox (`to_send_only`: not those delivered and kept until their
        update is confirmed)."""
        from sqlalchemy import func

        query = select(func.count()).select_from(OutboxRow)
        if to_send_only:
            query = query.where(OutboxRow.delivered_at.is_(None))
        return (await self.s.execute(query)).scalar_one()

    async def forget(self, telegram_id: int) -> None:
        await self.s.execute(delete(OutboxRow).where(OutboxRow.telegram_id == telegram_id))
