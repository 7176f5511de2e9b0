"""Replies a turn committed and the channel has not yet confirmed as delivered.

A row is written in the turn's own transaction and deleted once every reply in it has
reached the Bot API; what is left after a crash is sent again on the next start."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, BigInteger, Integer
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UTCDateTime


class OutboxRow(Base):
    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    chat_id: Mapped[int] = mapped_column(BigInteger, index=True)
    # The chat's own user (the Telegram id), so /forget can find the rows.
    telegram_id: Mapped[int] = mapped_column(BigInteger, index=True)
    # When a sweep may send it again (a lease: moved on by the sweep that takes it).
    due_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    body: Mapped[dict[str, Any]] = mapped_column(JSON)
    # The Telegram update whose turn wrote the row, and when the row was delivered while
    # that update was not yet confirmed to Telegram (kept, not sent again, until it is).
    update_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    delivered_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), nullable=True)
