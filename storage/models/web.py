"""Web channel tables: visitors (the cookie's id, hashed, and their user row), the inbox
of messages that arrived while away, and the files a turn produced (storage/web.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, LargeBinary, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base


class WebVisitor(Base):
    __tablename__ = "web_visitors"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    id_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                                unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True),
                                                    server_default=func.now())
    last_seen_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True),
                                                      server_default=func.now())


class WebInboxItem(Base):
    """A message for a web visitor produced outside a turn (a reminder, a broadcast)."""

    __tablename__ = "web_inbox"
    __table_args__ = (Index("ix_web_inbox_user_seen", "user_id", "seen_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(Text)  # HTML, escaped by whoever rendered it
    buttons: Mapped[list[Any]] = mapped_column(JSON)  # [[{"label", "data"}]]
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True),
                                                    server_default=func.now())
    seen_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class WebFile(Base):
    """A file a turn sent to a web visitor; downloadable by that visitor only."""

    __tablename__ = "web_files"

    token: Mapped[str] = mapped_column(String(48), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         index=True)
    filename: Mapped[str] = mapped_column(String(200))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True),
                                                    server_default=func.now())
