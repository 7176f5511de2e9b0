"""/forget removes the person from every table: a walk over the whole schema afterwards
finds neither their Telegram id nor their user id in any column that could hold them."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, Integer, select

from bot.dialogs.engine.types import Event
from bot.services import Services
from storage.models import Base, BroadcastOptout, DeadUpdate, SurveyOfficer, SurveyStart
from storage.repos import DeadUpdateRepo, UserRepo
from storage.surveys import CampaignRepo
from tests.conversation.harness import ConvUser

TID = 777_000_111  # an id no other row uses by chance


async def rows_naming(services: Services, values: set[int]) -> list[tuple[str, str, int]]:
    found = []
    async with services.transaction() as s:
        for table in Base.metadata.sorted_tables:
            for col in table.columns:
                if not isinstance(col.type, Integer | BigInteger) or col.name == "id":
                    continue  # a row's own serial id names nobody
                fits = values if isinstance(col.type, BigInteger) else {
                    v for v in values if -2**31 <= v < 2**31}  # a 32-bit column holds no more
                if not fits:
                    continue
                for value in (await s.execute(select(col).where(col.in_(fits)))).scalars():
                    found.append((table.name, col.name, value))
    return found


async def test_forget_leaves_no_row_that_names_the_person(services) -> None:
    user = ConvUser(services, TID)
    await user.say("/start")
    await user.tap("English")
    await user.tap("Skilled worker")
    await user.tap("I agree")
    await user.say("/remind")
    await user.tap("Tomorrow")
    await user.tap("09:00")
    await user.say("the note is personal")
    await user.tap("Just once")
    now = dt.datetime.now(dt.UTC)
    async with services.transaction() as s:  # what other features keep about them
        row = await UserRepo(s).get(TID)
        uid = row.id
        s.add(BroadcastOptout(user_id=uid))
        s.add(SurveyOfficer(telegram_id=TID, role="assessor", city="suzhou", appointed_by=TID,
                            created_at=now))
        camp = await CampaignRepo(s).create(
            kind="trainee", token="t" * 22, city="suzhou", unit="U", category="C",
            courses=[{"course": "A", "teacher": "B"}], opens_on=dt.date(2026, 1, 1),
            closes_on=dt.date(2027, 1, 1), created_by=TID, created_at=now)
        s.add(SurveyStart(campaign_id=camp.id, telegram_id=TID, started_at=now))
        await DeadUpdateRepo(s).add(update_id=1, kind="message", reason="TypeError",
                                    telegram_id=TID, body={"x": 1}, at=now)
    assert len(await rows_naming(services, {TID})) >= 5

    await user.say("/forget")
    await user.tap("Yes, delete")
    assert "deleted" in user.text

    assert await rows_naming(services, {TID}) == []
    async with services.transaction() as s:
        assert (await s.execute(select(DeadUpdate))).first() is None
        fk_rows = []
        for table in Base.metadata.sorted_tables:
            for col in table.columns:
                if any(fk.column.table.name == "users" for fk in col.foreign_keys):
                    fk_rows += list((await s.execute(select(col).where(col == uid))).scalars())
        assert fk_rows == []
    # the person can start afresh; nothing of before comes back
    again = await user.send(Event.cmd("mydata"))
    assert "not chosen" in "\n".join(r.text for r in again.replies)
