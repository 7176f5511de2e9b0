"""Helpers for the handoff tests: appointed officers, a worker who asks, a fixed clock."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from sqlalchemy import select

from bot.services import Services
from storage.models import HandoffTicket, Reminder, SurveyOfficer
from tests.conversation.harness import ConvUser, fixed_clock

SH = zoneinfo.ZoneInfo("Asia/Shanghai")
# Tuesday 29 September 2026, before the National Day break (1-7 October; Saturday 10
# October is a working day): 3 working days are 30 Sep, 8 and 9 Oct.
ASKED = dt.datetime(2026, 9, 29, 10, 0, tzinfo=SH)
ADMIN, SUZHOU, WUXI = 900, 5_100_000_001, 5_100_000_002
QUESTION = "我在苏州，高级技师津贴和卓越技师补助能不能同时享受？"


async def appoint(services: Services, telegram_id: int, city: str) -> None:
    async with services.transaction() as s:
        s.add(SurveyOfficer(telegram_id=telegram_id, role="officer", city=city,
                            appointed_by=ADMIN, created_at=ASKED))


async def onboard(services: Services, telegram_id: int, clock: Any = None,
                  language: str = "English") -> ConvUser:
    user = ConvUser(services, telegram_id, clock=clock or fixed_clock(ASKED))
    await user.say("/start")
    await user.tap(language)
    await user.tap("Skilled worker" if language == "English" else "技能人才")
    await user.tap("No thanks" if language == "English" else "不用了")
    return user


async def ask_suzhou(user: ConvUser, question: str = QUESTION) -> int:
    """From the main menu: question, the guessed region and topic, send. Returns the number."""
    await user.say("/menu")
    await user.tap("Ask an officer")
    await user.say(question)
    assert "I understood: Suzhou" in user.text, user.text
    await user.tap("✅ Suzhou")
    await user.tap("✅")  # the guessed topic
    assert "Officers aim to answer within 3 working days" in user.text, user.text
    await user.tap("Send, and keep my question")
    assert "Sent: your question has the number" in user.text, user.text
    return int(user.text.split("<b>#")[1].split("<")[0])


async def tickets(services: Services) -> list[HandoffTicket]:
    async with services.transaction() as s:
        return list((await s.execute(select(HandoffTicket).order_by(HandoffTicket.id)))
                    .scalars())


async def handoff_reminders(services: Services) -> list[Reminder]:
    async with services.transaction() as s:
        return list((await s.execute(select(Reminder).where(Reminder.kind == "handoff")
                                     .order_by(Reminder.id))).scalars())
