"""Users and their open dialog."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, ForeignKey, Integer, String, func
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    telegram_id: Mapped[int] = mapped_column(BigInteger, unique=True, index=True)
    locale: Mapped[str | None] = mapped_column(String(8))
    role: Mapped[str | None] = mapped_column(String(16))
    consent_at: Mapped[dt.datetime | None]
    # Personal facts (birth date, skill level, employer ...) kept only after consent.
    profile: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(server_default=func.now())
    updated_at: Mapped[dt.datetime] = mapped_column(server_default=func.now(),
                                                    onupdate=func.now())


class DialogStateRow(Base):
    """One row per user: the active dialog, updated in the same transaction as the answer.

    `version` guards against two processes advancing the same dialog at once (optimistic
    locking: an UPDATE only succeeds against the version it read).
    """

    __tablename__ = "dialog_states"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         primary_key=True)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    flow: Mapped[str] = mapped_column(String(64))
    state: Mapped[dict[str, Any]] = mapped_column(JSON)
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[dt.datetime] = mapped_column(server_default=func.now(),
                                                    onupdate=func.now())
