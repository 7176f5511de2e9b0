"""Survey campaigns, anonymous responses, who started, officers, appointments and score
sheets (see storage/surveys.py for the anonymity rules)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, BigInteger, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UTCDateTime


class SurveyOfficer(Base):
    """An appointment: this Telegram user is `role` (officer | assessor) for `city`."""

    __tablename__ = "survey_officers"
    __table_args__ = (UniqueConstraint("telegram_id", "role", "city",
                                       name="uq_survey_officers_who"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    telegram_id: Mapped[int] = mapped_column(BigInteger, index=True)
    role: Mapped[str] = mapped_column(String(16))
    city: Mapped[str] = mapped_column(String(24))
    appointed_by: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())


class SurveyInvite(Base):
    """A single-use appointment link."""

    __tablename__ = "survey_invites"

    token: Mapped[str] = mapped_column(String(48), primary_key=True)
    role: Mapped[str] = mapped_column(String(16))
    city: Mapped[str] = mapped_column(String(24))
    created_by: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    used_by: Mapped[int | None] = mapped_column(BigInteger)
    used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())


class SurveyCampaign(Base):
    __tablename__ = "survey_campaigns"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(16))  # trainee | employer
    token: Mapped[str] = mapped_column(String(48), unique=True)
    city: Mapped[str] = mapped_column(String(24), index=True)
    unit: Mapped[str] = mapped_column(String(120), default="")
    category: Mapped[str] = mapped_column(String(80), default="")
    title: Mapped[str] = mapped_column(String(80), default="")
    courses: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    opens_on: Mapped[dt.date] = mapped_column(Date)
    closes_on: Mapped[dt.date] = mapped_column(Date)
    closed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    created_by: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())

    def status(self, today: dt.date) -> str:
        """open | not_open | closed."""
        if self.closed_at is not None or today > self.closes_on:
            return "closed"
        return "not_open" if today < self.opens_on else "open"

    def last_day(self) -> dt.date:
        if self.closed_at is not None:
            return min(self.closes_on, self.closed_at.date())
        return self.closes_on


class SurveyResponse(Base):
    """One submitted response: a random key, the campaign, the answers and the day.

    Nothing in it names or points to the respondent, and nothing ties it to the
    "already answered" list (`SurveyAnswered`). On SQLite the table is WITHOUT ROWID, so
    rows are kept in the order of their random keys, not of their arrival."""

    __tablename__ = "survey_responses"
    __table_args__ = {"sqlite_with_rowid": False}

    id: Mapped[str] = mapped_column(String(32), primary_key=True)  # secrets.token_hex(16)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("survey_campaigns.id",
                                                        ondelete="CASCADE"), index=True)
    answers: Mapped[dict[str, Any]] = mapped_column(JSON)
    submitted_on: Mapped[dt.date] = mapped_column(Date)


class SurveyAnswered(Base):
    """Who has answered a campaign, for "only one response per person": one row per
    campaign holding the sorted list of the respondents' keyed hashes (of campaign and
    Telegram id), so that neither row order nor ids nor times tell who answered when.
    `version` (the number of hashes) makes concurrent additions safe."""

    __tablename__ = "survey_answered"

    campaign_id: Mapped[int] = mapped_column(ForeignKey("survey_campaigns.id",
                                                        ondelete="CASCADE"), primary_key=True)
    respondents: Mapped[list[str]] = mapped_column(JSON, default=list)
    version: Mapped[int] = mapped_column(Integer, default=0)


class SurveyStart(Base):
    """Someone opened the campaign and has not submitted yet (deleted on submission); the
    day only, for the officers' reminders to finish."""

    __tablename__ = "survey_starts"

    campaign_id: Mapped[int] = mapped_column(ForeignKey("survey_campaigns.id",
                                                        ondelete="CASCADE"), primary_key=True)
    telegram_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    started_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())  # midnight UTC of the day


class ScoreSheet(Base):
    """An acceptance score sheet (annex 4), signed by its assessor."""

    __tablename__ = "score_sheets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    city: Mapped[str] = mapped_column(String(24), index=True)
    unit: Mapped[str] = mapped_column(String(120))
    trainees: Mapped[int] = mapped_column(Integer)
    year: Mapped[str] = mapped_column(String(16))
    scores: Mapped[list[float]] = mapped_column(JSON)
    assessor_id: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
