"""Web visitors: their identity, their inbox (reminders delivered while away) and the
files (exports, QR codes, charts) a turn produced for them. Repositories take a session
and never commit.

Identity: every person is one `users` row. A Telegram user's row is keyed by their
Telegram user id (always positive). A web visitor's row is keyed by the negative of its
`web_visitors.id` and carries `channel = 'web'`, so the two never collide and the whole
conversation service (dialog state, consent, /mydata, /forget, reminders, surveys) works
the same on both channels without knowing which one it serves. The visitor's cookie holds
a random id; only its SHA-256 is stored. The models are in storage/models/web.py.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import User, WebFile, WebInboxItem, WebVisitor

WEB = "web"
TELEGRAM = "telegram"
FILE_TTL = dt.timedelta(days=7)


def _digest(visitor_id: str) -> str:
    return hashlib.sha256(visitor_id.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Visitor:
    """A web visitor as the web channel needs it: the conversation key and the user row id."""

    key: int  # users.telegram_id of this visitor (negative)
    user_id: int


@dataclass(frozen=True)
class InboxItem:
    id: int
    text: str
    buttons: list[Any]
    created_at: dt.datetime


class WebRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    # -- identity ----------------------------------------------------------------------

    async def visitor(self, visitor_id: str) -> Visitor | None:
        row = (await self.s.execute(
            select(WebVisitor.id, WebVisitor.user_id).where(
                WebVisitor.id_hash == _digest(visitor_id)))).one_or_none()
        if row is None or row.user_id is None:
            return None
        return Visitor(-row.id, row.user_id)

    async def create_visitor(self, visitor_id: str) -> Visitor:
        """A new visitor and its user row (channel 'web', key -visitor id)."""
        vid = (await self.s.execute(insert(WebVisitor).values(id_hash=_digest(visitor_id))
                                    .returning(WebVisitor.id))).scalar_one()
        uid = (await self.s.execute(insert(User).values(
            telegram_id=-vid, channel=WEB, profile={}, is_active=True).returning(User.id))
        ).scalar_one()
        await self.s.execute(update(WebVisitor).where(WebVisitor.id == vid)
                             .values(user_id=uid))
        return Visitor(-vid, uid)

    async def visitor_for(self, visitor_id: str, now: dt.datetime) -> Visitor:
        """The visitor behind this cookie id, created on first use (also when a parallel
        request of the same new visitor created it a moment ago)."""
        found = await self.visitor(visitor_id)
        if found is None:
            try:
                async with self.s.begin_nested():
                    return await self.create_visitor(visitor_id)
            except IntegrityError:
                found = await self.visitor(visitor_id)
                if found is None:
                    raise
        await self.touch(found, now)
        return found

    async def touch(self, visitor: Visitor, now: dt.datetime) -> None:
        await self.s.execute(update(WebVisitor).where(WebVisitor.id == -visitor.key)
                             .values(last_seen_at=now))

    async def channel_of(self, user_id: int) -> str:
        value = (await self.s.execute(select(User.channel).where(User.id == user_id))
                 ).scalar_one_or_none()
        return value or TELEGRAM

    # -- inbox -------------------------------------------------------------------------

    async def deliver(self, user_id: int, text: str, buttons: list[Any]) -> int:
        return (await self.s.execute(insert(WebInboxItem).values(
            user_id=user_id, text=text, buttons=buttons).returning(WebInboxItem.id))
        ).scalar_one()

    async def take_inbox(self, user_id: int, now: dt.datetime, limit: int = 50
                         ) -> list[InboxItem]:
        """Unseen messages, oldest first, marked seen."""
        rows = (await self.s.execute(
            select(WebInboxItem).where(WebInboxItem.user_id == user_id,
                                       WebInboxItem.seen_at.is_(None))
            .order_by(WebInboxItem.id).limit(limit))).scalars().all()
        if rows:
            await self.s.execute(update(WebInboxItem)
                                 .where(WebInboxItem.id.in_([r.id for r in rows]))
                                 .values(seen_at=now))
        return [InboxItem(r.id, r.text, list(r.buttons or []), r.created_at) for r in rows]

    # -- files -------------------------------------------------------------------------

    async def store_file(self, user_id: int, filename: str, content: bytes) -> str:
        token = secrets.token_urlsafe(24)
        await self.s.execute(insert(WebFile).values(token=token, user_id=user_id,
                                                    filename=filename, content=content))
        return token

    async def file(self, user_id: int, token: str) -> tuple[str, bytes] | None:
        row = (await self.s.execute(select(WebFile.filename, WebFile.content).where(
            WebFile.token == token, WebFile.user_id == user_id))).one_or_none()
        return (row.filename, row.content) if row else None

    async def expire_files(self, now: dt.datetime) -> int:
        res = await self.s.execute(delete(WebFile).where(WebFile.created_at < now - FILE_TTL))
        return res.rowcount or 0

    # -- forgetting --------------------------------------------------------------------

    async def forget(self, user_id: int) -> None:
        """What the web channel keeps beside the user row: inbox and files."""
        await self.s.execute(delete(WebInboxItem).where(WebInboxItem.user_id == user_id))
        await self.s.execute(delete(WebFile).where(WebFile.user_id == user_id))
