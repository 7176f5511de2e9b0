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


class OutboxRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def add(self, *, chat_id: int, telegram_id: int, body: dict[str, Any],
                  due_at: dt.datetime) -> int:
        """One INSERT; returns the row's id."""
        return (await self.s.execute(
            insert(OutboxRow).values(chat_id=chat_id, telegram_id=telegram_id, body=body,
                                     due_at=due_at, attempts=0)
            .returning(OutboxRow.id))).scalar_one()

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
        due = select(OutboxRow.id).where(OutboxRow.due_at <= now)
        if exclude:
            due = due.where(OutboxRow.id.not_in(list(exclude)))
        due = due.order_by(OutboxRow.id).limit(limit)
        rows = (await self.s.execute(
            update(OutboxRow)
            .where(OutboxRow.id.in_(due.scalar_subquery()), OutboxRow.due_at <= now)
            .values(due_at=lease_until, attempts=OutboxRow.attempts + 1)
            .returning(OutboxRow.id, OutboxRow.chat_id, OutboxRow.attempts, OutboxRow.body)
            .execution_options(synchronize_session=False))).all()
        return sorted((OutboxItem(r.id, r.chat_id, r.attempts, dict(r.body)) for r in rows),
                      key=lambda item: item.id)

    async def pending(self) -> int:
        from sqlalchemy import func

        return (await self.s.execute(select(func.count()).select_from(OutboxRow))
                ).scalar_one()

    async def forget(self, telegram_id: int) -> None:
        await self.s.execute(delete(OutboxRow).where(OutboxRow.telegram_id == telegram_id))
