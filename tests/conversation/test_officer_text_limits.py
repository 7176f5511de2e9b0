"""Every officer text that is later sent to users, or stored in a sized column, is
checked for length when the officer types it: the reply names the limit, the dialog stays
at the same question (nothing typed before is lost), nothing is queued or stored, and a
text within the limit then goes on. Lengths are counted as Telegram counts them (UTF-16
code units: an emoji such as 😀 counts twice), so a text that passes can always be sent.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, select

from bot.dialogs.engine.limits import MAX_MESSAGE, shown_length
from bot.dialogs.engine.types import Event
from bot.services import Services
from storage.handoff import FaqRepo
from storage.models import FaqEntry, HandoffMessage, Reminder, SurveyCampaign, SurveyOfficer
from tests.conversation.handoff_helpers import (
    ASKED,
    SUZHOU,
    appoint,
    ask_suzhou,
    onboard,
)
from tests.conversation.harness import ConvUser, fixed_clock

ADMIN = 900  # an administrator in the `services` fixture
WORKER = 5_400_000_001
EMOJI = "😀"  # one code point, two UTF-16 units


async def count(services: Services, model: Any) -> int:
    async with services.transaction() as s:
        return int((await s.execute(select(func.count()).select_from(model))).scalar_one())


async def admin(services: Services) -> ConvUser:
    user = await onboard(services, ADMIN)
    await onboard(services, WORKER)  # somebody to message
    return user


async def test_broadcast_text_in_the_dialog(services) -> None:
    officer = await admin(services)
    await officer.say("/broadcast")
    await officer.tap("Everyone")
    assert "up to 1000 characters" in officer.text
    await officer.say(EMOJI * 501)  # 501 characters to Python, 1002 to Telegram
    assert "Please keep the message under 1000 characters." in officer.text, officer.text
    assert officer.last.state.step == "text" and officer.last.state.answers["segment"] == "all"
    await officer.say(EMOJI * 500)
    assert officer.last.state.step == "when"
    await officer.tap("Now")
    assert "Send it?" in officer.text
    await officer.tap("Send")
    assert "Queued for 2 recipients" in officer.text and await count(services, Reminder) == 2


async def test_broadcast_command_shortcut(services) -> None:
    officer = await admin(services)
    await officer.say("/broadcast " + "x" * 1001)
    assert "has 1001 characters" in officer.text and "at most 1000" in officer.text
    assert "Nothing was sent" in officer.text and await count(services, Reminder) == 0
    await officer.say("/broadcast " + EMOJI * 501)
    assert "has 1002 characters" in officer.text and await count(services, Reminder) == 0
    await officer.say("/broadcast " + "x" * 1000)
    assert "Queued for 2 recipients" in officer.text and await count(services, Reminder) == 2


async def opened_ticket(services: Services) -> tuple[ConvUser, int]:
    await appoint(services, SUZHOU, "suzhou")
    worker = await onboard(services, WORKER)
    number = await ask_suzhou(worker)
    officer = ConvUser(services, SUZHOU, clock=fixed_clock(ASKED + dt.timedelta(hours=2)))
    await officer.say(f"/questions {number}")
    return officer, number


async def test_handoff_answer_and_ask_back(services) -> None:
    officer, _ = await opened_ticket(services)
    before = await count(services, HandoffMessage)
    await officer.tap("Answer")
    await officer.say(EMOJI * 1001)  # 2002 as Telegram counts
    assert "Please keep it under 2000 characters." in officer.text, officer.text
    assert officer.last.state.flow == "handoff_answer" and await count(
        services, HandoffMessage) == before
    await officer.say("可以同时享受。")
    await officer.tap("Send the answer")
    assert "Sent to the asker" in officer.text


async def test_handoff_ask_back(services) -> None:
    officer, _ = await opened_ticket(services)
    await officer.tap("Ask back")
    await officer.say("问" * 2001)
    assert "Please keep it under 2000 characters." in officer.text
    assert officer.last.state.flow == "handoff_askback"


async def test_faq_entry_texts(services) -> None:
    officer, _ = await opened_ticket(services)
    await officer.tap("Answer")
    await officer.say("可以同时享受，两项分别向所在单位申报。")
    await officer.tap("Send the answer")
    await officer.tap("Publish as FAQ entry")
    await officer.say("问" * 501)  # the Chinese question: at most 500
    assert "Please keep it under 500 characters." in officer.text, officer.text
    assert officer.last.state.step == "question_zh"
    await officer.tap("Use the asker's words")
    await officer.say("Q" * 501)
    assert "Please keep it under 500 characters." in officer.text
    assert officer.last.state.step == "question_en" and \
        officer.last.state.answers["question_zh"] == "=q"
    await officer.say("Can the two be received together?")
    await officer.say("答" * 2001)
    assert "Please keep it under 2000 characters." in officer.text
    await officer.say("答" * 2000)
    await officer.say("A" * 2000)
    await officer.tap("It rests on no article")
    await officer.tap("Today")
    await officer.tap("Publish")
    assert "Published as FAQ entry" in officer.text, officer.text
    assert shown_length(officer.text) <= MAX_MESSAGE  # the confirmation shows the entry
    assert await count(services, FaqEntry) == 1


async def test_a_reminder_note(services) -> None:
    user = await onboard(services, WORKER)
    await user.say("/remind")
    await user.tap("Tomorrow")
    await user.tap("09:00")
    await user.say(EMOJI * 101)  # 202 as Telegram counts
    assert "keep it under 200 characters" in user.text
    assert user.last.state.step == "note" and await count(services, Reminder) == 0
    await user.say(EMOJI * 100)
    await user.tap("Just once")
    assert await count(services, Reminder) == 1


async def test_campaign_fields(services) -> None:
    officer = await admin(services)
    await officer.send(Event.press("svy:new:trainee"))
    await officer.tap("Nanjing")
    await officer.say("单" * 101)  # unit: the column holds 120, the dialog takes 100
    assert "Please keep it under 100 characters." in officer.text, officer.text
    assert officer.last.state.step == "unit" and officer.last.state.answers["city"]
    await officer.say("江苏省技师学院")
    await officer.say("类" * 61)
    assert "Please keep it under 60 characters." in officer.text
    assert officer.last.state.step == "category"
    await officer.say("机械制造")
    await officer.say("数" * 61 + " / 王工")
    assert "longer than 60 characters" in officer.text and officer.last.state.step == "courses"
    await officer.send(Event.press("svy:new:employer"))
    await officer.tap("Nanjing")
    await officer.say("题" * 61)
    assert "Please keep it under 60 characters." in officer.text
    assert officer.last.state.step == "title" and await count(services, SurveyCampaign) == 0


async def test_score_sheet_unit(services) -> None:
    async with services.transaction() as s:
        s.add(SurveyOfficer(telegram_id=WORKER, role="assessor", city="suzhou",
                            appointed_by=ADMIN, created_at=ASKED))
    assessor = await onboard(services, WORKER)
    await assessor.send(Event.press("svy:score"))
    await assessor.say("位" * 101)
    assert "Please keep it under 100 characters." in assessor.text, assessor.text
    assert assessor.last.state.step == "unit"


async def test_two_long_faq_entries_and_the_articles_still_fit_one_message(services
                                                                           ) -> None:
    """Each entry is within its limits, but two of them and the matching articles would
    not fit one message: the lower-ranked blocks are left out whole, the best one stays."""
    async with services.transaction() as s:
        for n in range(2):
            await FaqRepo(s).publish(
                region="jiangsu", topic="allowances",
                question_zh="江门高新区工匠津贴怎么领",
                question_en="How is the Jiangmen craftsman allowance paid" + "?" * 450,
                answer_zh="按年发放", answer_en=f"Answer {n}: " + "Paid yearly. " * 152,
                articles=[], valid_from=dt.date(2026, 1, 1), approved_role="admin",
                approved_by=ADMIN, published_at=ASKED)
    user = await onboard(services, WORKER)
    await user.say("江门高新区工匠津贴怎么领")
    (reply,) = user.replies
    assert "Officials' answer" in reply.text, reply.text
    assert shown_length(reply.text) <= MAX_MESSAGE
    assert reply.text.count("Paid yearly. " * 152) == 1  # one whole entry, not a cut one
