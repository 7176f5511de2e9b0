"""Reminders: the repository (takes a session, never commits); the model is in
storage/models/reminders.py.

Life of a reminder: pending -> sending (claimed by one dispatcher with a claim token)
-> sent | failed; or pending -> cancelled; a delivered (or snoozed) one -> done when its
owner presses "Done", which also cancels what is still pending of its series. A claim older than the lease is released back
to pending (the dispatcher died mid-send), which makes delivery at-least-once: only the
reminders that were in flight when a dispatcher died can be sent twice.

All times are stored in UTC (SQLite keeps no offset) and come back timezone-aware.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    delete,
    exists,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import BroadcastOptout, Reminder, User
from storage.models.reminders import KINDS, REPEATS, STATUSES  # noqa: F401  (re-exported)

UTC = dt.UTC


class ReminderRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    # -- owners --------------------------------------------------------------------------

    async def create(self, *, user_id: int, chat_id: int, kind: str, due_at: dt.datetime,
                     payload: dict[str, Any], dedupe_key: str, repeat: str | None = None
                     ) -> tuple[Reminder, bool]:
        """Create once per dedupe key; returns (reminder, created). Idempotent."""
        if kind not in KINDS or (repeat is not None and repeat not in REPEATS):
            raise ValueError(f"bad kind {kind!r} or repeat {repeat!r}")
        existing = await self.by_key(dedupe_key)
        if existing is not None:
            return existing, False
        row = Reminder(user_id=user_id, chat_id=chat_id, kind=kind, due_at=due_at,
                       available_at=due_at, payload=payload, status="pending", attempts=0,
                       dedupe_key=dedupe_key, repeat=repeat)
        try:
            async with self.s.begin_nested():
                self.s.add(row)
                await self.s.flush()
        except IntegrityError:  # created concurrently under the same key
            found = await self.by_key(dedupe_key)
            if found is None:
                raise
            return found, False
        return row, True

    async def by_key(self, dedupe_key: str) -> Reminder | None:
        stmt = select(Reminder).where(Reminder.dedupe_key == dedupe_key)
        return (await self.s.execute(stmt)).scalar_one_or_none()

    async def get(self, reminder_id: int) -> Reminder | None:
        return await self.s.get(Reminder, reminder_id)

    async def list_for(self, user_id: int, statuses: tuple[str, ...] = ("pending", "sending"),
                       limit: int = 50) -> list[Reminder]:
        stmt = (select(Reminder).where(Reminder.user_id == user_id,
                                       Reminder.status.in_(statuses))
                .order_by(Reminder.due_at, Reminder.id).limit(limit))
        return list((await self.s.execute(stmt)).scalars())

    async def cancel(self, user_id: int, reminder_id: int) -> bool:
        """Cancel one of the owner's pending reminders; False if not theirs or not pending."""
        res = await self.s.execute(
            update(Reminder).where(Reminder.id == reminder_id, Reminder.user_id == user_id,
                                   Reminder.status == "pending")
            .values(status="cancelled").execution_options(synchronize_session=False))
        return res.rowcount == 1

    async def snooze(self, user_id: int, reminder_id: int, until: dt.datetime) -> bool:
        """Move one of the owner's pending, sent or failed reminders to `until`.

        A sent repeating reminder already has its next occurrence, so the snoozed copy
        stops repeating (otherwise the series would fork)."""
        row = (await self.s.execute(
            select(Reminder).where(Reminder.id == reminder_id, Reminder.user_id == user_id,
                                   Reminder.status.in_(("pending", "sent", "failed")))
            .with_for_update())).scalar_one_or_none()
        if row is None:
            return False
        if row.status != "pending":
            row.repeat = None
        row.status, row.due_at, row.available_at = "pending", until, until
        row.attempts, row.last_error, row.sent_at, row.claim_token = 0, None, None, None
        await self.s.flush()
        return True

    async def mark_done(self, user_id: int, reminder_id: int) -> tuple[str, int]:
        """The owner says it is done: ("done", others cancelled) for one of their pending,
        sent or failed reminders; ("already", 0) when marked before; ("inactive", 0) when
        cancelled or not theirs. Cancels the pending rest of its series: later repeats, a
        snoozed copy and, for a deadline, the reminders of its other leads."""
        row = (await self.s.execute(
            select(Reminder).where(Reminder.id == reminder_id, Reminder.user_id == user_id)
            .with_for_update())).scalar_one_or_none()
        if row is None or row.status in ("cancelled", "sending"):
            return "inactive", 0
        if row.status == "done":
            return "already", 0
        row.status, row.repeat = "done", None
        # A deadline's reminders share an explicit prefix (one key per lead); a repeating
        # reminder's next occurrences are `<its key>@<time>`.
        series = str(row.payload.get("series") or f"{row.dedupe_key.split('@', 1)[0]}@")
        res = await self.s.execute(
            update(Reminder).where(Reminder.user_id == user_id, Reminder.id != reminder_id,
                                   Reminder.status == "pending",
                                   Reminder.dedupe_key.startswith(series, autoescape=True))
            .values(status="cancelled").execution_options(synchronize_session=False))
        await self.s.flush()
        return "done", res.rowcount or 0

    async def unsettled(self, horizon: dt.datetime) -> int:
        """Reminders still in flight, or pending and due by `horizon` (retries included)."""
        stmt = select(func.count()).select_from(Reminder).where(
            (Reminder.status == "sending")
            | ((Reminder.status == "pending") & (Reminder.due_at <= horizon)))
        return int((await self.s.execute(stmt)).scalar_one())

    async def counts(self) -> dict[str, int]:
        stmt = select(Reminder.status, func.count()).group_by(Reminder.status)
        return {status: n for status, n in (await self.s.execute(stmt)).all()}

    # -- dispatcher ----------------------------------------------------------------------

    async def expire_missed(self, now: dt.datetime, max_age: dt.timedelta) -> int:
        """Fail pending reminders that should have gone out longer ago than max_age."""
        res = await self.s.execute(
            update(Reminder).where(Reminder.status == "pending",
                                   Reminder.available_at < now - max_age)
            .values(status="failed", last_error="expired: missed by more than "
                    f"{int(max_age.total_seconds() // 3600)} h while the bot was down")
            .execution_options(synchronize_session=False))
        return res.rowcount or 0

    async def release_stale(self, now: dt.datetime, lease: dt.timedelta,
                            max_attempts: int) -> int:
        """Claims older than the lease (their dispatcher died) go back to pending, or fail
        when they already used up their attempts."""
        stale = (Reminder.status == "sending", Reminder.claimed_at < now - lease)
        failed = await self.s.execute(
            update(Reminder).where(*stale, Reminder.attempts >= max_attempts)
            .values(status="failed", claim_token=None,
                    last_error="gave up: the dispatcher stopped during every attempt")
            .execution_options(synchronize_session=False))
        released = await self.s.execute(
            update(Reminder).where(*stale).values(status="pending", claim_token=None)
            .execution_options(synchronize_session=False))
        return (failed.rowcount or 0) + (released.rowcount or 0)

    async def claim_due(self, now: dt.datetime, limit: int,
                        channels: tuple[str, ...] | None = None) -> tuple[str, list[Claimed]]:
        """Claim up to `limit` due reminders for this caller; returns (token, claimed).

        channels: only reminders of users on these channels (a dispatcher without a
        Telegram bot claims only the web visitors' ones).

        One UPDATE whose subquery locks with FOR UPDATE SKIP LOCKED on PostgreSQL, so two
        dispatchers never claim the same row; SQLite ignores the lock clause but runs one
        writer at a time, so the UPDATE itself is the single claimer.
        """
        token = uuid.uuid4().hex
        due = (select(Reminder.id)
               .where(Reminder.status == "pending", Reminder.available_at <= now)
               .order_by(Reminder.available_at, Reminder.id).limit(limit)
               .with_for_update(skip_locked=True))
        if channels is not None:
            due = due.where(Reminder.user_id.in_(
                select(User.id).where(User.channel.in_(channels))))
        await self.s.execute(
            update(Reminder).where(Reminder.id.in_(due.scalar_subquery()))
            .values(status="sending", claim_token=token, claimed_at=now,
                    attempts=Reminder.attempts + 1)
            .execution_options(synchronize_session=False))
        rows = await self.s.execute(
            select(Reminder, User.locale, User.is_active, User.channel)
            .join(User, User.id == Reminder.user_id)
            .where(Reminder.claim_token == token).order_by(Reminder.available_at, Reminder.id))
        claimed = [Claimed.of(r, locale, active, channel)
                   for r, locale, active, channel in rows.all()]
        return token, claimed

    async def mark_sent(self, reminder_id: int, token: str, now: dt.datetime) -> bool:
        res = await self.s.execute(
            update(Reminder).where(Reminder.id == reminder_id, Reminder.claim_token == token)
            .values(status="sent", sent_at=now, claim_token=None, last_error=None)
            .execution_options(synchronize_session=False))
        return res.rowcount == 1

    async def mark_failed(self, reminder_id: int, token: str, reason: str) -> bool:
        res = await self.s.execute(
            update(Reminder).where(Reminder.id == reminder_id, Reminder.claim_token == token)
            .values(status="failed", claim_token=None, last_error=reason[:500])
            .execution_options(synchronize_session=False))
        return res.rowcount == 1

    async def retry_later(self, reminder_id: int, token: str, reason: str,
                          at: dt.datetime) -> bool:
        """Back to pending, not to be claimed before `at` (the original due time stays)."""
        res = await self.s.execute(
            update(Reminder).where(Reminder.id == reminder_id, Reminder.claim_token == token)
            .values(status="pending", claim_token=None, last_error=reason[:500],
                    available_at=at)
            .execution_options(synchronize_session=False))
        return res.rowcount == 1

    async def release(self, reminder_ids: list[int], token: str) -> int:
        """Give claims back unsent (graceful stop): the attempt does not count."""
        if not reminder_ids:
            return 0
        res = await self.s.execute(
            update(Reminder).where(Reminder.id.in_(reminder_ids), Reminder.claim_token == token)
            .values(status="pending", claim_token=None, attempts=Reminder.attempts - 1)
            .execution_options(synchronize_session=False))
        return res.rowcount or 0

    async def deactivate_user(self, user_id: int) -> None:
        """Telegram says the bot is blocked: stop treating the owner as reachable."""
        await self.s.execute(update(User).where(User.id == user_id).values(is_active=False)
                             .execution_options(synchronize_session=False))

    async def schedule_next(self, claimed: Claimed, tz: dt.tzinfo) -> Reminder | None:
        """For a repeating reminder just sent: create the next occurrence (idempotent)."""
        if claimed.repeat is None:
            return None
        nxt = next_occurrence(claimed.due_at, claimed.repeat, tz,
                              anchor_day=claimed.payload.get("anchor_day"))
        key = f"{claimed.dedupe_key.split('@', 1)[0]}@{nxt.astimezone(UTC):%Y%m%dT%H%M}"
        row, _ = await self.create(user_id=claimed.user_id, chat_id=claimed.chat_id,
                                   kind=claimed.kind, due_at=nxt, payload=claimed.payload,
                                   dedupe_key=key, repeat=claimed.repeat)
        return row


@dataclass(slots=True)
class Claimed:
    """A plain snapshot of a claimed reminder and its owner (no lazy loading later)."""

    id: int
    user_id: int
    chat_id: int
    kind: str
    due_at: dt.datetime
    payload: dict[str, Any]
    attempts: int
    dedupe_key: str
    repeat: str | None
    locale: str | None
    user_active: bool
    channel: str = "telegram"

    @classmethod
    def of(cls, r: Reminder, locale: str | None, active: bool,
           channel: str | None = None) -> Claimed:
        return cls(r.id, r.user_id, r.chat_id, r.kind, r.due_at, dict(r.payload), r.attempts,
                   r.dedupe_key, r.repeat, locale, bool(active), channel or "telegram")


class BroadcastRepo:
    """Officer broadcasts: who receives them and who opted out."""

    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def opt_out(self, user_id: int) -> None:
        if await self.s.get(BroadcastOptout, user_id) is None:
            self.s.add(BroadcastOptout(user_id=user_id))
            await self.s.flush()

    async def opt_in(self, user_id: int) -> None:
        await self.s.execute(delete(BroadcastOptout).where(BroadcastOptout.user_id == user_id))

    async def is_opted_out(self, user_id: int) -> bool:
        return await self.s.get(BroadcastOptout, user_id) is not None

    async def recipients(self, role: str | None = None, locale: str | None = None,
                         telegram_ids: list[int] | None = None) -> list[tuple[int, int]]:
        """(user id, chat id) of active users in the segment who did not opt out."""
        stmt = (select(User.id, User.telegram_id).where(User.is_active.is_(True))
                .where(~exists().where(BroadcastOptout.user_id == User.id)))
        if role is not None:
            stmt = stmt.where(User.role == role)
        if locale is not None:
            stmt = stmt.where(User.locale == locale)
        if telegram_ids is not None:
            stmt = stmt.where(User.telegram_id.in_(telegram_ids))
        return [(uid, tid) for uid, tid in (await self.s.execute(stmt.order_by(User.id))).all()]

    async def queue_many(self, rows: list[dict[str, Any]], chunk: int = 500) -> None:
        """Insert many reminders (a broadcast), in chunks."""
        for start in range(0, len(rows), chunk):
            await self.s.execute(insert(Reminder), rows[start:start + chunk])

    async def existing_keys(self, prefix: str) -> set[str]:
        stmt = select(Reminder.dedupe_key).where(Reminder.dedupe_key.startswith(prefix,
                                                                                autoescape=True))
        return set((await self.s.execute(stmt)).scalars())


def next_occurrence(due: dt.datetime, repeat: str, tz: dt.tzinfo,
                    anchor_day: int | None = None) -> dt.datetime:
    """The next wall-clock occurrence in `tz`: +7 days, or the same day next month
    (clamped to the month's last day; `anchor_day` keeps a 31st from drifting)."""
    local = due.astimezone(tz)
    if repeat == "weekly":
        return local + dt.timedelta(days=7)
    if repeat != "monthly":
        raise ValueError(f"unknown repeat {repeat!r}")
    year, month = (local.year + 1, 1) if local.month == 12 else (local.year, local.month + 1)
    day = min(anchor_day or local.day, _month_days(year, month))
    return local.replace(year=year, month=month, day=day)


def _month_days(year: int, month: int) -> int:
    nxt = dt.date(year + 1, 1, 1) if month == 12 else dt.date(year, month + 1, 1)
    return (nxt - dt.timedelta(days=1)).day
