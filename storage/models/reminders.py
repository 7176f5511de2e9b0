"""Reminders and broadcast opt-outs (see storage/reminders.py for their life cycle)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, Integer, String, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UTCDateTime

STATUSES = ("pending", "sending", "sent", "failed", "cancelled", "done")
KINDS = ("personal", "decision", "calendar", "broadcast", "handoff")
REPEATS = ("weekly", "monthly")

class Reminder(Base):
    __tablename__ = "reminders"
    __table_args__ = (Index("ix_reminders_status_available", "status", "available_at"),
                      Index("ix_reminders_user_status", "user_id", "status"),
                      UniqueConstraint("dedupe_key", name="uq_reminders_dedupe_key"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    chat_id: Mapped[int] = mapped_column(BigInteger)
    kind: Mapped[str] = mapped_column(String(16))
    # When the owner wants it (shown to them); available_at is when it may next be sent
    # (equal to due_at, later while a retry waits for its backoff).
    due_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    available_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(12), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(String(500))
    dedupe_key: Mapped[str] = mapped_column(String(200))
    repeat: Mapped[str | None] = mapped_column(String(8))
    claim_token: Mapped[str | None] = mapped_column(String(36))
    claimed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[dt.datetime] = mapped_column(server_default=func.now())


class BroadcastOptout(Base):
    """Users who asked not to receive officer broadcasts."""

    __tablename__ = "broadcast_optouts"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(server_default=func.now())
