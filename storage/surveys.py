"""Survey campaigns, anonymous responses, who started, officers, appointments and score
sheets: the repositories (take a session, never commit); the models are in
storage/models/surveys.py.

Anonymity, even for someone holding the database and SURVEY_SECRET: a response row holds
a random key, the campaign, the answers and the day, and nothing else. Who has answered
(for "one response per person") is kept apart: one row per campaign with the sorted list
of keyed hashes of campaign and Telegram id (computed by the caller), with no time and no
response key, so it does not say who answered when. Nothing lets one find, change or
delete the response of a given person, including the person. Who started a campaign
without finishing (for reminders) is a third table, kept to the day, whose row is
deleted when the response is submitted.

What this does not cover: on PostgreSQL the heap (and so a plain dump) keeps response
rows in the order they came (SQLite keeps them in the order of their random keys); the
database holds no per-person order to pair that with, but an order that follows the
respondents' arrival from outside could. Old row versions that PostgreSQL has not yet
vacuumed, and SQLite free pages, are out of reach of a dump but not of someone reading
the raw files.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from sqlalchemy import (
    bindparam,
    delete,
    func,
    select,
    true,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    ScoreSheet,
    SurveyAnswered,
    SurveyCampaign,
    SurveyInvite,
    SurveyOfficer,
    SurveyResponse,
    SurveyStart,
)


def _in_cities(column: Any, cities: tuple[str, ...] | None) -> Any:
    return true() if cities is None else column.in_(cities)


_OFFICERS = SurveyOfficer.__table__
_ROLES_OF = (select(_OFFICERS.c.role, _OFFICERS.c.city)
             .where(_OFFICERS.c.telegram_id == bindparam("tid")).order_by(_OFFICERS.c.id))


# --- repositories ---------------------------------------------------------------------------


class OfficerRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def roles_of(self, telegram_id: int) -> list[tuple[str, str]]:
        """(role, city) of each appointment; read on many turns (the main menu), so one
        Core statement built once, on the session's connection."""
        conn = await self.s.connection()
        return [(role, city) for role, city in
                (await conn.execute(_ROLES_OF, {"tid": telegram_id})).all()]

    async def appoint(self, telegram_id: int, role: str, city: str, by: int,
                      now: dt.datetime) -> bool:
        """True if new; appointing the same person twice changes nothing."""
        if (role, city) in await self.roles_of(telegram_id):
            return False
        try:
            async with self.s.begin_nested():
                self.s.add(SurveyOfficer(telegram_id=telegram_id, role=role, city=city,
                                         appointed_by=by, created_at=now))
                await self.s.flush()
        except IntegrityError:
            return False
        return True

    async def create_invite(self, token: str, role: str, city: str, by: int,
                            now: dt.datetime, valid: dt.timedelta) -> SurveyInvite:
        invite = SurveyInvite(token=token, role=role, city=city, created_by=by,
                              created_at=now, expires_at=now + valid)
        self.s.add(invite)
        await self.s.flush()
        return invite

    async def invite(self, token: str) -> SurveyInvite | None:
        return await self.s.get(SurveyInvite, token)

    async def claim_invite(self, token: str, telegram_id: int, now: dt.datetime) -> bool:
        """Mark an unused, unexpired invite as used by this person (once, atomically)."""
        res = await self.s.execute(
            update(SurveyInvite)
            .where(SurveyInvite.token == token, SurveyInvite.used_by.is_(None),
                   SurveyInvite.expires_at > now)
            .values(used_by=telegram_id, used_at=now)
            .execution_options(synchronize_session=False))
        return res.rowcount == 1


class CampaignRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def create(self, **values: Any) -> SurveyCampaign:
        row = SurveyCampaign(**values)
        self.s.add(row)
        await self.s.flush()
        return row

    async def get(self, campaign_id: int) -> SurveyCampaign | None:
        return await self.s.get(SurveyCampaign, campaign_id)

    async def by_token(self, token: str) -> SurveyCampaign | None:
        stmt = select(SurveyCampaign).where(SurveyCampaign.token == token)
        return (await self.s.execute(stmt)).scalar_one_or_none()

    async def list_for(self, cities: tuple[str, ...] | None, limit: int = 10
                       ) -> list[SurveyCampaign]:
        stmt = (select(SurveyCampaign).where(_in_cities(SurveyCampaign.city, cities))
                .order_by(SurveyCampaign.id.desc()).limit(limit))
        return list((await self.s.execute(stmt)).scalars())

    async def last_city_of(self, telegram_id: int) -> str | None:
        """The city of the newest campaign this officer made (offered first next time)."""
        stmt = (select(SurveyCampaign.city).where(SurveyCampaign.created_by == telegram_id)
                .order_by(SurveyCampaign.id.desc()).limit(1))
        return (await self.s.execute(stmt)).scalar_one_or_none()

    async def close(self, campaign: SurveyCampaign, now: dt.datetime) -> None:
        if campaign.closed_at is None:
            campaign.closed_at = now
            await self.s.flush()


def _day(moment: dt.datetime) -> dt.datetime:
    return moment.replace(hour=0, minute=0, second=0, microsecond=0)


class ResponseRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def answered(self, campaign_id: int, respondent: str) -> bool:
        """Has the person with this keyed hash answered the campaign?"""
        row = await self._answered(campaign_id)
        return row is not None and respondent in row[0]

    async def _answered(self, campaign_id: int) -> tuple[list[str], int] | None:
        stmt = select(SurveyAnswered.respondents, SurveyAnswered.version).where(
            SurveyAnswered.campaign_id == campaign_id)
        row = (await self.s.execute(stmt)).first()
        return None if row is None else (list(row[0] or []), int(row[1]))

    async def _mark(self, campaign_id: int, respondent: str) -> bool:
        """Add the hash to the campaign's sorted list; False if it is there already."""
        for _ in range(20):  # each retry means another respondent was added meanwhile
            found = await self._answered(campaign_id)
            if found is None:
                try:
                    async with self.s.begin_nested():
                        self.s.add(SurveyAnswered(campaign_id=campaign_id,
                                                  respondents=[respondent], version=1))
                        await self.s.flush()
                    return True
                except IntegrityError:
                    continue
            known, version = found
            if respondent in known:
                return False
            res = await self.s.execute(
                update(SurveyAnswered)
                .where(SurveyAnswered.campaign_id == campaign_id,
                       SurveyAnswered.version == version)
                .values(respondents=sorted({*known, respondent}), version=version + 1)
                .execution_options(synchronize_session=False))
            if res.rowcount == 1:
                return True
        raise RuntimeError("survey_answered: too many concurrent additions")

    async def submit(self, campaign_id: int, respondent: str, answers: dict[str, Any],
                     day: dt.date) -> bool:
        """Mark the respondent as answered and store the answers under a random key, apart;
        False (nothing stored) if this respondent had already answered."""
        if not await self._mark(campaign_id, respondent):
            return False
        self.s.add(SurveyResponse(id=secrets.token_hex(16), campaign_id=campaign_id,
                                  answers=answers, submitted_on=day))
        await self.s.flush()
        return True

    async def answers(self, campaign_id: int) -> list[dict[str, Any]]:
        """The campaign's answers, in the order of their random keys (not of arrival)."""
        stmt = (select(SurveyResponse.answers).where(SurveyResponse.campaign_id == campaign_id)
                .order_by(SurveyResponse.id))
        return [dict(a) for a in (await self.s.execute(stmt)).scalars()]

    async def count(self, campaign_id: int) -> int:
        stmt = select(func.count()).where(SurveyResponse.campaign_id == campaign_id)
        return int((await self.s.execute(stmt)).scalar_one())


class StartRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def mark(self, campaign_id: int, telegram_id: int, now: dt.datetime) -> None:
        """Note that this person opened the campaign (the day only)."""
        if await self.s.get(SurveyStart, (campaign_id, telegram_id)) is not None:
            return
        try:
            async with self.s.begin_nested():
                self.s.add(SurveyStart(campaign_id=campaign_id, telegram_id=telegram_id,
                                       started_at=_day(now)))
                await self.s.flush()
        except IntegrityError:  # marked concurrently
            return

    async def clear(self, campaign_id: int, telegram_id: int) -> None:
        await self.s.execute(delete(SurveyStart).where(SurveyStart.campaign_id == campaign_id,
                                                       SurveyStart.telegram_id == telegram_id))

    async def unfinished(self, campaign_id: int) -> list[int]:
        stmt = (select(SurveyStart.telegram_id).where(SurveyStart.campaign_id == campaign_id)
                .order_by(SurveyStart.started_at, SurveyStart.telegram_id))
        return list((await self.s.execute(stmt)).scalars())


class ScoreSheetRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def add(self, **values: Any) -> ScoreSheet:
        row = ScoreSheet(**values)
        self.s.add(row)
        await self.s.flush()
        return row

    async def get(self, sheet_id: int) -> ScoreSheet | None:
        return await self.s.get(ScoreSheet, sheet_id)

    async def list_for(self, cities: tuple[str, ...] | None, assessor: int | None = None,
                       limit: int = 10) -> list[ScoreSheet]:
        """Sheets in these cities; with `assessor`, only that assessor's own sheets."""
        stmt = select(ScoreSheet).where(_in_cities(ScoreSheet.city, cities))
        if assessor is not None:
            stmt = stmt.where(ScoreSheet.assessor_id == assessor)
        stmt = stmt.order_by(ScoreSheet.id.desc()).limit(limit)
        return list((await self.s.execute(stmt)).scalars())
