"""FAQ entries from officers' answers, privacy (/mydata, /forget) and the administrators'
statistics, on the conversation layer."""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import load_workbook
from sqlalchemy import select

from bot.dialogs.engine.types import Event
from storage.handoff import FaqRepo
from storage.models import FaqEntry, HandoffMessage
from tests.conversation.handoff_helpers import (
    ADMIN,
    ASKED,
    SUZHOU,
    appoint,
    ask_suzhou,
    onboard,
    tickets,
)
from tests.conversation.harness import ConvUser, fixed_clock
from tests.conversation.test_forget import rows_naming

WORKER, LATER = 5_300_000_001, 5_300_000_002
ANSWER = "可以同时享受，两项分别向所在单位申报。"


async def answered(services, clock_hours: int = 5) -> tuple[ConvUser, int]:
    await appoint(services, SUZHOU, "suzhou")
    worker = await onboard(services, WORKER)
    number = await ask_suzhou(worker)
    officer = ConvUser(services, SUZHOU, clock=fixed_clock(ASKED + dt.timedelta(
        hours=clock_hours)))
    await officer.say(f"/questions {number}")
    await officer.tap("Answer")
    await officer.say(ANSWER)
    await officer.tap("Send the answer")
    return officer, number


async def test_a_published_answer_is_found_labelled_with_role_and_date(services) -> None:
    officer, number = await answered(services)
    await officer.tap("Publish as FAQ entry")
    await officer.tap("Use the asker's words")
    await officer.say("In Suzhou, can the senior technician allowance and the excellent "
                      "technician grant be received together?")
    await officer.tap("Use the answer I gave")
    await officer.say("Yes; apply for each through your employer.")
    await officer.say("jiangsu-excellent-technician 第三条\nno-such-document 1")
    assert "I do not know these articles: no-such-document 1" in officer.text
    await officer.say("jiangsu-excellent-technician 第三条")
    await officer.tap("Today")
    await officer.tap("Publish")
    assert "Published as FAQ entry" in officer.text, officer.text
    (entry,) = await FaqRepo_all(services)
    assert entry.approved_role == "officer:suzhou" and entry.articles == [
        "jiangsu-excellent-technician|第三条"] and entry.valid_from == ASKED.date()

    later = await onboard(services, LATER, clock=fixed_clock(ASKED + dt.timedelta(days=9)))
    await later.say("苏州高级技师津贴和卓越技师补助能同时享受吗")
    said = later.text
    assert "Officials' answer" in said and "officer for Suzhou" in said, said
    assert "valid from September 29, 2026" in said and "Yes; apply for each" in said
    assert "(Excellent Technician measures Art. 3)" in said
    zh = await onboard(services, LATER + 1, clock=fixed_clock(ASKED), language="中文")
    await zh.say("苏州高级技师津贴和卓越技师补助能同时享受吗")
    assert "工作人员答复" in zh.text and "苏州市工作人员" in zh.text and ANSWER in zh.text


async def FaqRepo_all(services) -> list[FaqEntry]:  # noqa: N802
    async with services.transaction() as s:
        return list((await s.execute(select(FaqEntry))).scalars())


async def test_an_entry_on_an_ended_policy_is_flagged_for_review(services) -> None:
    async with services.transaction() as s:
        await FaqRepo(s).publish(
            region="jiangmen", topic="allowances", question_zh="江门高新区工匠津贴怎么领",
            question_en="How is the Jiangmen craftsman allowance paid", answer_zh="按年发放",
            answer_en="Yearly", articles=["jiangmen-gaoxin-craftsman-2018|二（一）"],
            valid_from=dt.date(2019, 1, 1), approved_role="admin", approved_by=ADMIN,
            published_at=ASKED)
    user = await onboard(services, LATER)
    await user.say("江门高新区工匠津贴怎么领")
    assert "Officials' answer" in user.text and "officers are reviewing it" in user.text
    admin = ConvUser(services, ADMIN, clock=fixed_clock(ASKED))
    await admin.send(Event.press("hf:fq"))
    assert "1 to review" in admin.text and "⚠️" in admin.text


async def test_mydata_shows_and_forget_removes_the_text_but_keeps_the_ticket(services
                                                                             ) -> None:
    await appoint(services, SUZHOU, "suzhou")
    worker = await onboard(services, WORKER)
    number = await ask_suzhou(worker)
    officer = ConvUser(services, SUZHOU, clock=fixed_clock(ASKED))
    await officer.say(f"/questions {number}")
    await officer.tap("Ask back")
    await officer.say("哪一年取得的证书？")
    await worker.send(Event.press(f"hf:re:{number}"))
    await worker.say("2019年，在苏州")
    await worker.say("/mydata")
    assert "Your questions to officers" in worker.text and "高级技师津贴" in worker.text
    assert "2019年，在苏州" in worker.text
    assert await rows_naming(services, {WORKER})  # the ticket's address, reminders ...
    await worker.say("/forget")
    await worker.tap("Yes, delete")
    assert await rows_naming(services, {WORKER}) == []
    (ticket,) = await tickets(services)
    assert ticket.question is None and ticket.user_id is None and ticket.address is None
    assert ticket.status == "withdrawn" and ticket.region == "suzhou"
    async with services.transaction() as s:
        assert (await s.execute(select(HandoffMessage))).first() is None
    await officer.say(f"/questions {number}")
    assert "the asker deleted the text" in officer.text and "高级技师" not in officer.text
    assert "✍️ Answer" not in [b.label for b in officer.keyboard]


async def test_statistics_and_export_for_administrators(services) -> None:
    await answered(services, clock_hours=5)
    admin = ConvUser(services, ADMIN, clock=fixed_clock(ASKED + dt.timedelta(days=1)))
    await admin.send(Event.press("hf:st"))
    said = admin.text
    assert "1 in all" in said and "Suzhou · 💴 Allowances: 1 questions, 1 answered" in said
    assert "median 5 h" in said and "by the promised day: 100%" in said, said
    await admin.tap("Excel table")
    (doc,) = [r for r in admin.replies if r.kind == "document"]
    book = load_workbook(io.BytesIO(doc.content))
    stats, _, rows = book.worksheets
    assert stats.cell(2, 1).value == "Suzhou" and stats.cell(2, 5).value == 5.0
    assert rows.cell(2, 1).value == 1 and rows.cell(2, 9).value is True
    dump = " ".join(str(c.value) for ws in book.worksheets for r in ws.iter_rows()
                    for c in r)
    assert "津贴" not in dump and str(WORKER) not in dump  # no text, no person
