"""storage/surveys.py on SQLite and PostgreSQL: the migration matches the models, one
response per respondent, starts, single-use invites, campaign status and city scope."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.db import make_engine, make_sessionmaker
from storage.models import Base, SurveyCampaign, SurveyStart
from storage.surveys import CampaignRepo, OfficerRepo, ResponseRepo, ScoreSheetRepo, StartRepo

NOW = dt.datetime(2026, 3, 5, 10, 30, tzinfo=dt.UTC)
TABLES = {"survey_officers", "survey_invites", "survey_campaigns", "survey_responses",
          "survey_starts", "score_sheets", "survey_answered"}


@pytest.fixture
async def session(db_url: str) -> AsyncIterator[AsyncSession]:
    engine = make_engine(db_url)
    async with make_sessionmaker(engine)() as s, s.begin():
        yield s
    await engine.dispose()


async def campaign(s: AsyncSession, city: str = "nanjing", token: str = "t" * 22
                   ) -> SurveyCampaign:
    return await CampaignRepo(s).create(
        kind="trainee", token=token, city=city, unit="U", category="C",
        courses=[{"course": "A", "teacher": "B"}], opens_on=dt.date(2026, 3, 1),
        closes_on=dt.date(2026, 3, 10), created_by=1, created_at=NOW)


async def test_migration_creates_the_survey_tables_as_the_models_say(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        async with engine.connect() as conn:
            diff = await conn.run_sync(
                lambda c: compare_metadata(MigrationContext.configure(c), Base.metadata))
    finally:
        await engine.dispose()
    ours = [d for d in diff if any(table in repr(d) for table in TABLES)]
    assert ours == []


async def test_one_response_per_respondent_and_campaign(session: AsyncSession) -> None:
    camp = await campaign(session)
    repo = ResponseRepo(session)
    assert not await repo.answered(camp.id, "k" * 64)
    assert await repo.submit(camp.id, "k" * 64, {"x": 1}, NOW.date())
    assert await repo.answered(camp.id, "k" * 64)
    assert not await repo.submit(camp.id, "k" * 64, {"x": 2}, NOW.date())  # nothing stored
    other = await campaign(session, token="u" * 22)
    assert await repo.submit(other.id, "k" * 64, {"x": 3}, NOW.date())  # other survey
    assert await repo.answers(camp.id) == [{"x": 1}] and await repo.count(camp.id) == 1


async def test_starts_are_marked_once_and_cleared(session: AsyncSession) -> None:
    camp = await campaign(session)
    starts = StartRepo(session)
    for who in (11, 12, 11):
        await starts.mark(camp.id, who, NOW)
    assert sorted(await starts.unfinished(camp.id)) == [11, 12]
    kept = (await session.execute(select(SurveyStart.started_at))).scalars().all()
    assert {k.time() for k in kept} == {dt.time(0)}  # the day only
    await starts.clear(camp.id, 11)
    assert await starts.unfinished(camp.id) == [12]


async def test_an_invite_is_claimed_once_and_not_after_it_expires(session: AsyncSession
                                                                  ) -> None:
    repo = OfficerRepo(session)
    await repo.create_invite("a" * 22, "officer", "suzhou", 1, NOW, dt.timedelta(days=7))
    await repo.create_invite("b" * 22, "assessor", "wuxi", 1, NOW, dt.timedelta(days=7))
    assert await repo.claim_invite("a" * 22, 50, NOW + dt.timedelta(days=1))
    assert not await repo.claim_invite("a" * 22, 51, NOW + dt.timedelta(days=1))
    assert not await repo.claim_invite("b" * 22, 52, NOW + dt.timedelta(days=8))
    assert (await repo.invite("a" * 22)).used_by == 50
    assert await repo.appoint(50, "officer", "suzhou", 1, NOW)
    assert not await repo.appoint(50, "officer", "suzhou", 1, NOW)
    assert await repo.roles_of(50) == [("officer", "suzhou")]


async def test_campaign_status_and_city_scope(session: AsyncSession) -> None:
    camp = await campaign(session)
    await campaign(session, city="suzhou", token="v" * 22)
    assert [camp.status(dt.date(2026, 3, d)) for d in (1, 10, 11)] == ["open", "open", "closed"]
    assert camp.status(dt.date(2026, 2, 28)) == "not_open"
    await CampaignRepo(session).close(camp, NOW)
    assert camp.status(dt.date(2026, 3, 6)) == "closed" and camp.last_day() == NOW.date()
    repo = CampaignRepo(session)
    assert [c.city for c in await repo.list_for(("suzhou",))] == ["suzhou"]
    assert len(await repo.list_for(None)) == 2
    assert (await repo.by_token("t" * 22)).id == camp.id and await repo.by_token("x") is None
    sheets = ScoreSheetRepo(session)
    await sheets.add(city="nanjing", unit="U", trainees=3, year="2025-2026",
                     scores=[1.0] * 20, assessor_id=9, created_at=NOW)
    assert len(await sheets.list_for(("nanjing",), assessor=9)) == 1
    assert await sheets.list_for(("nanjing",), assessor=8) == []
    assert await sheets.list_for(("suzhou",)) == []


async def test_concurrent_claims_of_one_invite_let_only_one_through(db_url: str) -> None:
    engine = make_engine(db_url)
    sessions = make_sessionmaker(engine)
    try:
        async with sessions() as s, s.begin():
            await OfficerRepo(s).create_invite("c" * 22, "officer", "suzhou", 1, NOW,
                                               dt.timedelta(days=7))

        async def claim(who: int) -> bool:
            async with sessions() as s, s.begin():
                return await OfficerRepo(s).claim_invite("c" * 22, who, NOW)

        results = await asyncio.gather(*(claim(100 + n) for n in range(5)))
    finally:
        await engine.dispose()
    assert sorted(results) == [False] * 4 + [True]


async def test_concurrent_submissions_each_count_once(db_url: str) -> None:
    """Several people (one of them twice) submit at once, each in their own transaction:
    every person is in the "already answered" list once, with one response each."""
    # as the bot runs: several connections on PostgreSQL, one writer on SQLite
    engine = make_engine(db_url, pool_size=8 if "postgresql" in db_url else 1)
    sessions = make_sessionmaker(engine)
    try:
        async with sessions() as s, s.begin():
            cid = (await campaign(s)).id
        people = [f"{n:064x}" for n in range(6)] + [f"{0:064x}"]

        async def submit(key: str) -> bool:
            async with sessions() as s, s.begin():
                return await ResponseRepo(s).submit(cid, key, {"k": key}, NOW.date())

        stored = await asyncio.gather(*(submit(k) for k in people))
        assert sum(stored) == 6
        async with sessions() as s:
            repo = ResponseRepo(s)
            assert await repo.count(cid) == 6
            assert sorted(a["k"] for a in await repo.answers(cid)) == sorted(set(people))
            assert all([await repo.answered(cid, k) for k in people])
    finally:
        await engine.dispose()
