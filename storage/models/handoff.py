"""Questions handed to officers (tickets), their thread, and the FAQ entries published from
answers (see storage/handoff.py for their life cycle)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, BigInteger, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UTCDateTime

TICKET_STATUSES = ("open", "waiting", "answered", "closed", "withdrawn")


class HandoffTicket(Base):
    """One question sent to the officers of a region and topic.

    `question` is kept only with the asker's consent and emptied by /forget (the ticket
    then stays, without text and without `user_id`/`address`, for the statistics).
    `channel` and `address` say where the answer goes (Telegram chat, web chat session)."""

    __tablename__ = "handoff_tickets"
    __table_args__ = (Index("ix_handoff_tickets_region_status", "region", "status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"),
                                                index=True)
    channel: Mapped[str] = mapped_column(String(16), default="telegram")
    address: Mapped[int | None] = mapped_column(BigInteger)
    locale: Mapped[str] = mapped_column(String(8), default="zh_CN")
    region: Mapped[str] = mapped_column(String(24))
    topic: Mapped[str] = mapped_column(String(24))
    source: Mapped[str] = mapped_column(String(16), default="menu")
    question: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(12), default="open")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    due_on: Mapped[dt.date | None] = mapped_column(Date)
    answer: Mapped[str | None] = mapped_column(Text)
    answered_role: Mapped[str | None] = mapped_column(String(32))
    answered_by: Mapped[int | None] = mapped_column(BigInteger)
    answered_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    closed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())


class HandoffMessage(Base):
    """The thread of a ticket: officers asking back, the asker's replies, reassignments."""

    __tablename__ = "handoff_messages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("handoff_tickets.id",
                                                      ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # ask_back | reply | reassign | close
    author_role: Mapped[str] = mapped_column(String(32))
    actor_id: Mapped[int | None] = mapped_column(BigInteger)  # an officer; never the asker
    body: Mapped[str | None] = mapped_column(Text)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime())


class FaqEntry(Base):
    """An officer's answer published for everyone: both languages, the articles it rests
    on ("<document>|<article>"), region, valid-from date and who approved it (by role)."""

    __tablename__ = "faq_entries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("handoff_tickets.id",
                                                             ondelete="SET NULL"))
    region: Mapped[str] = mapped_column(String(24), index=True)
    topic: Mapped[str] = mapped_column(String(24))
    question_zh: Mapped[str] = mapped_column(Text)
    question_en: Mapped[str] = mapped_column(Text)
    answer_zh: Mapped[str] = mapped_column(Text)
    answer_en: Mapped[str] = mapped_column(Text)
    articles: Mapped[list[str]] = mapped_column(JSON, default=list)
    valid_from: Mapped[dt.date] = mapped_column(Date)
    approved_role: Mapped[str] = mapped_column(String(32))
    approved_by: Mapped[int] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(12), default="published")  # | withdrawn
    published_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
