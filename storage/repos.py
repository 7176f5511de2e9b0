"""Repositories: take a session, never commit (the caller owns the transaction)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import DeadUpdate, DialogStateRow, User


class StaleStateError(Exception):
    """Another process advanced this dialog first; reload and try again."""


class UserRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def get(self, telegram_id: int) -> User | None:
        return (await self.s.execute(select(User).where(User.telegram_id == telegram_id))
                ).scalar_one_or_none()

    async def get_or_create(self, telegram_id: int) -> User:
        user = await self.get(telegram_id)
        if user is not None:
            return user
        try:
            async with self.s.begin_nested():
                user = User(telegram_id=telegram_id, profile={}, is_active=True)
                self.s.add(user)
                await self.s.flush()
            return user
        except IntegrityError:  # created concurrently by another process
            user = await self.get(telegram_id)
            assert user is not None
            return user

    async def get_with_dialog(self, telegram_id: int) -> tuple[User, StoredDialog | None]:
        """The user's row (created on first contact) and their open dialog, in one
        SELECT for a returning user."""
        row = (await self.s.execute(
            select(User, DialogStateRow)
            .outerjoin(DialogStateRow, DialogStateRow.user_id == User.id)
            .where(User.telegram_id == telegram_id))).first()
        if row is None:
            return await self.get_or_create(telegram_id), None
        user, dialog = row
        return user, (None if dialog is None else StoredDialog.of(dialog))

    async def set_locale(self, user: User, locale: str) -> None:
        user.locale = locale

    async def set_role(self, user: User, role: str) -> None:
        user.role = role

    async def set_consent(self, user: User, when: dt.datetime | None) -> None:
        user.consent_at = when
        if when is None:
            user.profile = {}

    async def update_profile(self, user: User, facts: dict[str, Any]) -> bool:
        """Merge facts into the profile; refused (False) without consent."""
        if user.consent_at is None:
            return False
        user.profile = {**(user.profile or {}), **facts}
        return True

    async def drop_facts(self, user: User, names: list[str]) -> None:
        """Delete these facts from the profile (the others stay)."""
        user.profile = {k: v for k, v in (user.profile or {}).items() if k not in names}

    async def forget(self, user: User) -> None:
        """/forget: delete every row that names the person and the user row itself;
        where a row must stay for others (a campaign, an invitation, a score sheet an
        officer made, an answer or FAQ entry they gave), the person's id in it becomes 0;
        their questions to officers stay without text, address or link to them (for the
        statistics). The next message starts afresh."""
        from storage.handoff import TicketRepo
        from storage.models import (
            BroadcastOptout,
            DeadUpdate,
            OutboxRow,
            Reminder,
            ScoreSheet,
            SurveyCampaign,
            SurveyInvite,
            SurveyOfficer,
            SurveyStart,
        )

        tid, uid = user.telegram_id, user.id
        await TicketRepo(self.s).forget_asker(uid)
        await TicketRepo(self.s).forget_officer(tid)
        for model, column in ((DialogStateRow, DialogStateRow.user_id),
                              (Reminder, Reminder.user_id),
                              (BroadcastOptout, BroadcastOptout.user_id)):
            await self.s.execute(delete(model).where(column == uid))
        for model, column in ((SurveyStart, SurveyStart.telegram_id),
                              (SurveyOfficer, SurveyOfficer.telegram_id),
                              (DeadUpdate, DeadUpdate.telegram_id),
                              (OutboxRow, OutboxRow.telegram_id)):
            await self.s.execute(delete(model).where(column == tid))
        for column in (SurveyOfficer.appointed_by, SurveyInvite.created_by,
                       SurveyInvite.used_by, SurveyCampaign.created_by, ScoreSheet.assessor_id):
            await self.s.execute(update(column.class_).where(column == tid)
                                 .values({column.key: 0}))
        await self.s.delete(user)
        await self.s.flush()

    async def set_active(self, telegram_id: int, active: bool) -> None:
        await self.s.execute(update(User).where(User.telegram_id == telegram_id)
                             .values(is_active=active))


@dataclass
class StoredDialog:
    flow: str
    state: dict[str, Any]
    version: int
    chat_id: int

    @classmethod
    def of(cls, row: DialogStateRow) -> StoredDialog:
        return cls(row.flow, dict(row.state), row.version, row.chat_id)


class DialogRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def load(self, user_id: int) -> StoredDialog | None:
        row = (await self.s.execute(select(DialogStateRow).where(DialogStateRow.user_id == user_id))
               ).scalar_one_or_none()
        return None if row is None else StoredDialog.of(row)

    async def save(self, user_id: int, chat_id: int, flow: str, state: dict[str, Any],
                   expected_version: int | None) -> int:
        """Write the new state if nobody else did since we read `expected_version`.

        expected_version None means "there was no row". Returns the new version.
        """
        if expected_version is None:
            try:
                async with self.s.begin_nested():
                    await self.s.execute(insert(DialogStateRow).values(
                        user_id=user_id, chat_id=chat_id, flow=flow, state=state, version=1))
            except IntegrityError:
                raise StaleStateError from None
            return 1
        res = await self.s.execute(
            update(DialogStateRow)
            .where(DialogStateRow.user_id == user_id, DialogStateRow.version == expected_version)
            .values(flow=flow, state=state, chat_id=chat_id, version=expected_version + 1)
            .execution_options(synchronize_session=False))
        if res.rowcount != 1:
            raise StaleStateError
        return expected_version + 1

    async def set_state_of_version(self, user_id: int, version: int, state: dict[str, Any]
                                   ) -> bool:
        """Rewrite the state of this version in place (no new version: e.g. the id of the
        message that shows its question); False when the dialog has moved on."""
        res = await self.s.execute(
            update(DialogStateRow)
            .where(DialogStateRow.user_id == user_id, DialogStateRow.version == version)
            .values(state=state).execution_options(synchronize_session=False))
        return res.rowcount == 1

    async def purge_idle(self, before: dt.datetime) -> int:
        """Delete the dialogs nobody touched since `before` (aware): those past their idle
        time and the day an expired one is kept to be continued. Returns how many."""
        cutoff = before.astimezone(dt.UTC)
        if self.s.bind.dialect.name == "sqlite":  # stored as naive UTC there
            cutoff = cutoff.replace(tzinfo=None)
        res = await self.s.execute(delete(DialogStateRow)
                                   .where(DialogStateRow.updated_at < cutoff)
                                   .execution_options(synchronize_session=False))
        return res.rowcount or 0

    async def delete(self, user_id: int, expected_version: int | None = None) -> None:
        stmt = delete(DialogStateRow).where(DialogStateRow.user_id == user_id)
        if expected_version is not None:
            stmt = stmt.where(DialogStateRow.version == expected_version)
        res = await self.s.execute(stmt)
        if expected_version is not None and res.rowcount != 1:
            raise StaleStateError


MAX_DEAD_BODY = 16_000  # characters of JSON kept of one unreadable update


class DeadUpdateRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def add(self, *, update_id: int | None, kind: str, reason: str,
                  telegram_id: int | None, body: dict[str, Any], at: dt.datetime) -> None:
        import json

        text = json.dumps(body, ensure_ascii=False, default=str)
        kept = body if len(text) <= MAX_DEAD_BODY else {"truncated": text[:MAX_DEAD_BODY]}
        self.s.add(DeadUpdate(update_id=update_id, kind=kind[:40], reason=reason[:200],
                              telegram_id=telegram_id, body=kept, received_at=at))

    async def recent(self, limit: int = 50) -> list[DeadUpdate]:
        return list((await self.s.execute(
            select(DeadUpdate).order_by(DeadUpdate.id.desc()).limit(limit))).scalars())
