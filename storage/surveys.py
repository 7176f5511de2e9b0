"""Survey campaigns, anonymous responses, who started, officers, appointments and score
sheets: the repositories (take a session, never commit); the models are in
storage/models/surveys.py.

Anonymity: a response row holds the campaign, a keyed hash of the respondent (computed
by the caller with a secret; it only lets the same person find and change their own
response), the answers and coarse timestamps. It has no user id, Telegram id or name.
Who started a campaign without finishing (for reminders) is a separate table whose row
is deleted when the response is submitted.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
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
    SurveyCampaign,
    SurveyInvite,
    SurveyOfficer,
    SurveyResponse,
    SurveyStart,
)


def _in_cities(column: Any, cities: tuple[str, ...] | None) -> Any:
    return true() if cities is None else column.in_(cities)


# --- repositories ---------------------------------------------------------------------------


class OfficerRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def roles_of(self, telegram_id: int) -> list[tuple[str, str]]:
        stmt = (select(SurveyOfficer.role, SurveyOfficer.city)
                .where(SurveyOfficer.telegram_id == telegram_id).order_by(SurveyOfficer.id))
        return [(role, city) for role, city in (await self.s.execute(stmt)).all()]

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

    async def close(self, campaign: SurveyCampaign, now: dt.datetime) -> None:
        if campaign.closed_at is None:
            campaign.closed_at = now
            await self.s.flush()


class ResponseRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def find(self, campaign_id: int, respondent: str) -> SurveyResponse | None:
        stmt = select(SurveyResponse).where(SurveyResponse.campaign_id == campaign_id,
                                            SurveyResponse.respondent == respondent)
        return (await self.s.execute(stmt)).scalar_one_or_none()

    async def add(self, campaign_id: int, respondent: str, answers: dict[str, Any],
                  when: dt.datetime) -> bool:
        """Insert the response; False (nothing stored) if this respondent already has one."""
        try:
            async with self.s.begin_nested():
                self.s.add(SurveyResponse(campaign_id=campaign_id, respondent=respondent,
                                          answers=answers, submitted_at=when, updated_at=when))
                await self.s.flush()
        except IntegrityError:
            return False
        return True

    async def replace(self, row: SurveyResponse, answers: dict[str, Any], when: dt.datetime
                      ) -> None:
        row.answers = answers
        row.updated_at = when
        await self.s.flush()

    async def answers(self, campaign_id: int) -> list[dict[str, Any]]:
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
        if await self.s.get(SurveyStart, (campaign_id, telegram_id)) is not None:
            return
        try:
            async with self.s.begin_nested():
                self.s.add(SurveyStart(campaign_id=campaign_id, telegram_id=telegram_id,
                                       started_at=now))
                await self.s.flush()
        except IntegrityError:  # marked concurrently
            return

    async def clear(self, campaign_id: int, telegram_id: int) -> None:
        await self.s.execute(delete(SurveyStart).where(SurveyStart.campaign_id == campaign_id,
                                                       SurveyStart.telegram_id == telegram_id))

    async def unfinished(self, campaign_id: int) -> list[int]:
        stmt = (select(SurveyStart.telegram_id).where(SurveyStart.campaign_id == campaign_id)
                .order_by(SurveyStart.started_at))
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
