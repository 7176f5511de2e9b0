"""Questions handed to officers, their threads and the FAQ entries made from answers.
Repositories take a session and never commit (the caller owns the transaction).

Life of a ticket: open -> answered | closed (out of scope); open -> waiting (an officer
asked back) -> open (the asker replied); open or waiting -> withdrawn (the asker used
/forget). Reassigning changes the region and keeps the status. The question text exists
only with the asker's consent; /forget empties it (storage/repos.py UserRepo.forget).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import FaqEntry, HandoffMessage, HandoffTicket, Reminder, SurveyOfficer

OPEN = ("open", "waiting")


class TicketRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def create(self, *, user_id: int, channel: str, address: int, locale: str,
                     region: str, topic: str, source: str, question: str,
                     now: dt.datetime, due_on: dt.date | None) -> HandoffTicket:
        row = HandoffTicket(user_id=user_id, channel=channel, address=address, locale=locale,
                            region=region, topic=topic, source=source, question=question,
                            status="open", created_at=now, due_on=due_on)
        self.s.add(row)
        await self.s.flush()
        return row

    async def get(self, ticket_id: int) -> HandoffTicket | None:
        return await self.s.get(HandoffTicket, ticket_id)

    async def queue(self, regions: tuple[str, ...] | None, limit: int = 10
                    ) -> list[HandoffTicket]:
        """Open and waiting tickets of these regions (None: all), oldest first."""
        stmt = select(HandoffTicket).where(HandoffTicket.status.in_(OPEN))
        if regions is not None:
            stmt = stmt.where(HandoffTicket.region.in_(regions))
        stmt = stmt.order_by(HandoffTicket.created_at, HandoffTicket.id).limit(limit)
        return list((await self.s.execute(stmt)).scalars())

    async def count_open(self, regions: tuple[str, ...] | None) -> int:
        return len(await self.queue(regions, limit=1000))

    async def of_user(self, user_id: int) -> list[HandoffTicket]:
        stmt = (select(HandoffTicket).where(HandoffTicket.user_id == user_id)
                .order_by(HandoffTicket.id))
        return list((await self.s.execute(stmt)).scalars())

    async def all(self) -> list[HandoffTicket]:
        stmt = select(HandoffTicket).order_by(HandoffTicket.id)
        return list((await self.s.execute(stmt)).scalars())

    async def answer(self, ticket: HandoffTicket, *, text: str, role: str, officer: int,
                     now: dt.datetime) -> None:
        ticket.answer, ticket.answered_role, ticket.answered_by = text, role, officer
        ticket.answered_at, ticket.status = now, "answered"
        await self.s.flush()

    async def set_status(self, ticket: HandoffTicket, status: str,
                         now: dt.datetime | None = None) -> None:
        ticket.status = status
        if status == "closed":
            ticket.closed_at = now
        await self.s.flush()

    async def reassign(self, ticket: HandoffTicket, region: str) -> None:
        ticket.region = region
        await self.s.flush()

    async def add_message(self, ticket_id: int, *, kind: str, role: str,
                          actor: int | None, body: str | None, now: dt.datetime) -> None:
        self.s.add(HandoffMessage(ticket_id=ticket_id, kind=kind, author_role=role,
                                  actor_id=actor, body=body, at=now))
        await self.s.flush()

    async def messages(self, ticket_id: int) -> list[HandoffMessage]:
        stmt = (select(HandoffMessage).where(HandoffMessage.ticket_id == ticket_id)
                .order_by(HandoffMessage.at, HandoffMessage.id))
        return list((await self.s.execute(stmt)).scalars())

    async def officers_of(self, region: str) -> list[int]:
        """Telegram ids of the officers appointed for this region (a city)."""
        stmt = (select(SurveyOfficer.telegram_id)
                .where(SurveyOfficer.role == "officer", SurveyOfficer.city == region)
                .order_by(SurveyOfficer.telegram_id))
        return list(dict.fromkeys((await self.s.execute(stmt)).scalars()))

    async def cancel_reminders(self, prefix: str) -> int:
        """Pending reminders of a ticket (dedupe keys starting with `prefix`) are called
        off: it was answered, closed or moved to another region."""
        res = await self.s.execute(
            update(Reminder).where(Reminder.dedupe_key.startswith(prefix, autoescape=True),
                                   Reminder.status == "pending")
            .values(status="cancelled").execution_options(synchronize_session=False))
        return res.rowcount or 0

    async def forget_asker(self, user_id: int) -> None:
        """/forget: the asker's tickets stay for the statistics, without the question,
        the answer, the thread, the address and the link to the user row; open ones are
        withdrawn."""
        ids = [t.id for t in await self.of_user(user_id)]
        if not ids:
            return
        await self.s.execute(delete(HandoffMessage).where(HandoffMessage.ticket_id.in_(ids)))
        await self.s.execute(
            update(HandoffTicket).where(HandoffTicket.id.in_(ids),
                                        HandoffTicket.status.in_(OPEN))
            .values(status="withdrawn").execution_options(synchronize_session=False))
        await self.s.execute(
            update(HandoffTicket).where(HandoffTicket.id.in_(ids))
            .values(question=None, answer=None, address=None, user_id=None)
            .execution_options(synchronize_session=False))

    async def forget_officer(self, telegram_id: int) -> None:
        """/forget by an officer: their answers and entries stay, signed by role only."""
        for column in (HandoffTicket.answered_by, HandoffMessage.actor_id,
                       FaqEntry.approved_by):
            await self.s.execute(update(column.class_).where(column == telegram_id)
                                 .values({column.key: 0})
                                 .execution_options(synchronize_session=False))


class FaqRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def publish(self, **values: Any) -> FaqEntry:
        row = FaqEntry(status="published", **values)
        self.s.add(row)
        await self.s.flush()
        return row

    async def get(self, entry_id: int) -> FaqEntry | None:
        return await self.s.get(FaqEntry, entry_id)

    async def published(self, limit: int = 500) -> list[FaqEntry]:
        stmt = (select(FaqEntry).where(FaqEntry.status == "published")
                .order_by(FaqEntry.id.desc()).limit(limit))
        return list((await self.s.execute(stmt)).scalars())

    async def withdraw(self, entry: FaqEntry) -> None:
        entry.status = "withdrawn"
        await self.s.flush()
