"""The storage side of the survey effects, called directly: submission rules, city scope,
reminders, appointments."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.config import load_settings
from bot.conversation import EffectContext
from bot.dialogs import registry
from bot.dialogs.engine.types import Effect, Env
from bot.dialogs.surveys.effects import campaigns, people, responses
from bot.dialogs.surveys.effects.links import respondent_key
from bot.dialogs.surveys.flow import SurveyInvite, SurveySubmit, SurveyView
from bot.i18n import get_translator
from bot.services import Services
from storage.models import Reminder, SurveyResponse
from storage.models import SurveyInvite as InviteRow
from storage.repos import UserRepo
from storage.surveys import CampaignRepo, ResponseRepo, StartRepo

SH = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 3, 5, 10, 30, tzinfo=SH)
ADMIN = {"officer": True, "admin": True, "assessor": False, "cities": None}
SUZHOU = {"officer": True, "admin": False, "assessor": False, "cities": ["suzhou"]}
ANSWERS = {"courses": ["good"], "items": {k: "excellent" for k in (
    "teacher_overall", "content", "level", "mode", "teaching_overall", "organisation",
    "logistics", "service", "service_overall", "satisfaction")}, "suggestions": "ok"}


@pytest.fixture
async def services(sqlite_url: str) -> AsyncIterator[Services]:
    svc = Services.create(load_settings(database_url=sqlite_url, _env_file=None,
                                        survey_secret="test-secret"))
    yield svc
    await svc.close()


class Turn:
    """One transaction and the context an effect handler gets."""

    def __init__(self, services: Services, telegram_id: int, access: dict[str, Any] | None,
                 now: dt.datetime = NOW) -> None:
        self.services, self.telegram_id, self.access, self.now = services, telegram_id, \
            access or {}, now

    async def run(self, handler: Any, kind: type[Effect], data: dict[str, Any]) -> str:
        async with self.services.transaction() as s:
            user = await UserRepo(s).get_or_create(self.telegram_id)
            env = Env(t=get_translator("en"), now=self.now,
                      extras={"survey_access": self.access}, app=registry())
            ctx = EffectContext(s, user, env, self.services, self.telegram_id)
            replies = await handler(ctx, kind(data))
        return "\n".join(r.text for r in replies or [])


async def make_campaign(services: Services, city: str = "nanjing") -> int:
    async with services.transaction() as s:
        camp = await CampaignRepo(s).create(
            kind="trainee", token=f"{city:x<22}"[:22], city=city, unit="U", category="C",
            courses=[{"course": "A", "teacher": "B"}], opens_on=dt.date(2026, 3, 1),
            closes_on=dt.date(2026, 3, 10), created_by=1, created_at=NOW)
        await UserRepo(s).get_or_create(501)  # the trainee who started
        await StartRepo(s).mark(camp.id, 501, NOW)
        return camp.id


async def stored(services: Services, campaign: int) -> list[dict[str, Any]]:
    async with services.transaction() as s:
        return await ResponseRepo(s).answers(campaign)


async def test_submission_stores_once_keyed_by_hash_and_clears_the_start(services) -> None:
    cid = await make_campaign(services)
    trainee = Turn(services, 501, None)
    said = await trainee.run(responses.submit, SurveySubmit,
                             {"campaign": cid, "answers": ANSWERS, "edit": False})
    assert "Thank you" in said and await stored(services, cid) == [ANSWERS]
    again = {**ANSWERS, "suggestions": "second"}
    said = await trainee.run(responses.submit, SurveySubmit,
                             {"campaign": cid, "answers": again, "edit": False})
    assert "already answered" in said and await stored(services, cid) == [ANSWERS]
    said = await trainee.run(responses.submit, SurveySubmit,  # an old "change" asks too
                             {"campaign": cid, "answers": again, "edit": True})
    assert "already answered" in said and await stored(services, cid) == [ANSWERS]
    async with services.transaction() as s:
        assert await StartRepo(s).unfinished(cid) == []
        assert await ResponseRepo(s).answered(cid, respondent_key("test-secret", cid, 501))
        assert not await ResponseRepo(s).answered(cid, respondent_key("test-secret", cid, 502))
        row = (await s.execute(select(SurveyResponse))).scalar_one()
        assert row.submitted_on == NOW.date() and len(row.id) == 32


@pytest.mark.parametrize(("answers", "when", "words"), [
    ({**ANSWERS, "courses": []}, NOW, "missing"),
    ({**ANSWERS, "items": {"content": "good"}}, NOW, "missing"),
    ({**ANSWERS, "courses": ["great"]}, NOW, "missing"),
    (ANSWERS, NOW + dt.timedelta(days=6), "closed on March 10, 2026"),
])
async def test_bad_or_late_submissions_store_nothing(services, answers, when, words) -> None:
    cid = await make_campaign(services)
    said = await Turn(services, 502, None, when).run(
        responses.submit, SurveySubmit, {"campaign": cid, "answers": answers})
    assert words in said and await stored(services, cid) == []


async def test_officers_see_only_their_cities(services) -> None:
    cid = await make_campaign(services)
    said = await Turn(services, 600, SUZHOU).run(campaigns.view, SurveyView,
                                                 {"campaign": cid, "view": "results"})
    assert "could not find that survey" in said
    said = await Turn(services, 600, None).run(campaigns.view, SurveyView,
                                               {"campaign": cid, "view": "xlsx"})
    assert "Only survey officers" in said
    said = await Turn(services, 601, ADMIN).run(campaigns.view, SurveyView,
                                                {"campaign": cid, "view": "results"})
    assert "Responses: 0. Started but not finished: 1." in said


async def test_reminders_go_once_a_day_to_those_who_started(services) -> None:
    cid = await make_campaign(services)
    officer = Turn(services, 601, ADMIN)
    said = await officer.run(campaigns.view, SurveyView, {"campaign": cid, "view": "remind"})
    assert "queued for 1 of the 1" in said
    said = await officer.run(campaigns.view, SurveyView, {"campaign": cid, "view": "remind"})
    assert "queued for 0 of the 1" in said
    async with services.transaction() as s:
        queued = list((await s.execute(select(Reminder))).scalars())
    assert [(r.chat_id, r.kind, r.payload["args"]["link"]) for r in queued] == [
        (501, "broadcast", "/start sv_nanjingxxxxxxxxxxxxxxx")]


async def test_a_city_officer_may_appoint_assessors_but_not_officers(services) -> None:
    officer = Turn(services, 700, SUZHOU)
    refused = await officer.run(people.invite, SurveyInvite,
                                {"role": "officer", "city": "suzhou"})
    other_city = await officer.run(people.invite, SurveyInvite,
                                   {"role": "assessor", "city": "wuxi"})
    granted = await officer.run(people.invite, SurveyInvite,
                                {"role": "assessor", "city": "suzhou"})
    assert "Only survey officers can appoint" in refused and "Only" in other_city
    assert "/start of_" in granted
    async with services.transaction() as s:
        invites = list((await s.execute(select(InviteRow))).scalars())
    assert [(i.role, i.city, i.created_by) for i in invites] == [("assessor", "suzhou", 700)]
