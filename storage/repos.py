"""Repositories: take a session, never commit (the caller owns the transaction).

The statements of every turn (the user's row with their dialog, the dialog's insert,
versioned update and delete, the question message's id) are SQLAlchemy Core statements
built once here, executed on the session's connection and read as plain rows: the ORM's
per-statement work (compiling an ORM statement, cache keys of a statement built anew,
the bulk-persistence path, loading instances) was about half of a turn's CPU time. The
user's row is still handed out as a `User` of the session (features change it and the
session writes what changed at commit), made from the row without a second query.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlalchemy.orm import make_transient_to_detached

from storage.models import DeadUpdate, DialogStateRow, User

_USERS = User.__table__
_DIALOGS = DialogStateRow.__table__
_USER_COLUMNS = tuple(c.key for c in _USERS.c)
_DIALOG_COLUMNS = (_DIALOGS.c.flow, _DIALOGS.c.state, _DIALOGS.c.version, _DIALOGS.c.chat_id)

# The turn's statements, built once (their compiled form is cached by the engine).
USER_WITH_DIALOG = (
    select(*_USERS.c, *_DIALOG_COLUMNS)
    .select_from(_USERS.outerjoin(_DIALOGS, _DIALOGS.c.user_id == _USERS.c.id))
    .where(_USERS.c.telegram_id == bindparam("tid")))
LOAD_DIALOG = select(*_DIALOG_COLUMNS).where(_DIALOGS.c.user_id == bindparam("uid"))
# "Insert unless there is a row": a row there means another process began a dialog first.
INSERT_DIALOG = {
    name: dialect.insert(_DIALOGS).on_conflict_do_nothing(index_elements=[_DIALOGS.c.user_id])
    for name, dialect in (("sqlite", sqlite), ("postgresql", postgresql))}
UPDATE_DIALOG = (
    update(_DIALOGS)
    .where(_DIALOGS.c.user_id == bindparam("uid"), _DIALOGS.c.version == bindparam("seen"))
    .values(flow=bindparam("new_flow"), state=bindparam("new_state"),
            chat_id=bindparam("new_chat"), version=bindparam("new_version")))
UPDATE_STATE_OF_VERSION = (
    update(_DIALOGS)
    .where(_DIALOGS.c.user_id == bindparam("uid"), _DIALOGS.c.version == bindparam("seen"))
    .values(state=bindparam("new_state")))
DELETE_DIALOG = delete(_DIALOGS).where(_DIALOGS.c.user_id == bindparam("uid"))
DELETE_DIALOG_OF_VERSION = delete(_DIALOGS).where(_DIALOGS.c.user_id == bindparam("uid"),
                                                  _DIALOGS.c.version == bindparam("seen"))


async def _connection(session: AsyncSession) -> AsyncConnection:
    """The connection of the session's transaction (Core statements run there directly)."""
    return await session.connection()


def _as_user(session: AsyncSession, values: dict[str, Any]) -> User:
    """The session's `User` for this row: the one it holds already (with its unwritten
    changes), else one made from the row's values and added to it as loaded."""
    held = session.identity_map.get(session.identity_key(User, values["id"]))
    if held is not None:
        return held  # type: ignore[return-value]
    user: User = User.__mapper__.class_manager.new_instance()
    user.__dict__.update(values)
    make_transient_to_detached(user)
    session.add(user)
    return user


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
        conn = await _connection(self.s)
        row = (await conn.execute(USER_WITH_DIALOG, {"tid": telegram_id})).first()
        if row is None:
            return await self.get_or_create(telegram_id), None
        n = len(_USER_COLUMNS)
        user = _as_user(self.s, dict(zip(_USER_COLUMNS, row[:n], strict=True)))
        flow, state, version, chat_id = row[n:]
        return user, (None if version is None else
                      StoredDialog(flow, dict(state), version, chat_id))

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
    """The dialog's statements, run on the session's connection."""

    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def load(self, user_id: int) -> StoredDialog | None:
        conn = await _connection(self.s)
        row = (await conn.execute(LOAD_DIALOG, {"uid": user_id})).first()
        return None if row is None else StoredDialog(row[0], dict(row[1]), row[2], row[3])

    async def save(self, user_id: int, chat_id: int, flow: str, state: dict[str, Any],
                   expected_version: int | None) -> int:
        """Write the new state if nobody else did since we read `expected_version`.

        expected_version None means "there was no row". Returns the new version.
        """
        conn = await _connection(self.s)
        if expected_version is None:
            try:
                res = await conn.execute(INSERT_DIALOG[conn.dialect.name], {
                    "user_id": user_id, "chat_id": chat_id, "flow": flow, "state": state,
                    "version": 1})
            except IntegrityError:  # the user's row itself is gone (deleted meanwhile)
                raise StaleStateError from None
            if res.rowcount != 1:
                raise StaleStateError
            return 1
        res = await conn.execute(UPDATE_DIALOG, {
            "uid": user_id, "seen": expected_version, "new_flow": flow, "new_state": state,
            "new_chat": chat_id, "new_version": expected_version + 1})
        if res.rowcount != 1:
            raise StaleStateError
        return expected_version + 1

    async def set_state_of_version(self, user_id: int, version: int, state: dict[str, Any]
                                   ) -> bool:
        """Rewrite the state of this version in place (no new version: e.g. the id of the
        message that shows its question); False when the dialog has moved on."""
        conn = await _connection(self.s)
        res = await conn.execute(UPDATE_STATE_OF_VERSION,
                                 {"uid": user_id, "seen": version, "new_state": state})
        return res.rowcount == 1

    async def purge_idle(self, before: dt.datetime) -> int:
        """Delete the dialogs nobody touched since `before` (aware): those past their idle
        time and the day an expired one is kept to be continued. Returns how many."""
        cutoff = before.astimezone(dt.UTC)
        if (await _connection(self.s)).dialect.name == "sqlite":  # stored as naive UTC there
            cutoff = cutoff.replace(tzinfo=None)
        res = await self.s.execute(delete(DialogStateRow)
                                   .where(DialogStateRow.updated_at < cutoff)
                                   .execution_options(synchronize_session=False))
        return res.rowcount or 0

    async def delete(self, user_id: int, expected_version: int | None = None) -> None:
        conn = await _connection(self.s)
        if expected_version is None:
            await conn.execute(DELETE_DIALOG, {"uid": user_id})
            return
        res = await conn.execute(DELETE_DIALOG_OF_VERSION,
                                 {"uid": user_id, "seen": expected_version})
        if res.rowcount != 1:
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
