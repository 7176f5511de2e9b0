"""Asking a person, on the conversation layer (service + real database, no transport):
the question reaches the officers of its region with the promised day in official
working days, the answer goes back to the asker signed by role, overdue questions are
reminded on the right working day, and the rights hold against forged buttons and
commands."""

from __future__ import annotations

import datetime as dt

from bot.dialogs.engine.types import Event
from storage.models import HandoffTicket
from tests.conversation.handoff_helpers import (
    ASKED,
    SH,
    SUZHOU,
    WUXI,
    appoint,
    ask_suzhou,
    handoff_reminders,
    onboard,
    tickets,
)
from tests.conversation.harness import ConvUser, fixed_clock

WORKER, STRANGER = 5_200_000_001, 5_200_000_002


async def test_the_question_goes_to_the_suzhou_officers_with_a_working_day_promise(
        services) -> None:
    await appoint(services, SUZHOU, "suzhou")
    await appoint(services, WUXI, "wuxi")
    worker = await onboard(services, WORKER)
    number = await ask_suzhou(worker)
    assert "October 9, 2026" in worker.text and "National Day" in worker.text, worker.text
    (ticket,) = await tickets(services)
    assert (ticket.id, ticket.region, ticket.topic, ticket.status) == (number, "suzhou",
                                                                       "allowances", "open")
    assert ticket.due_on == dt.date(2026, 10, 9) and ticket.channel == "telegram"
    by_chat = {(r.chat_id, r.dedupe_key.split(":")[2]): r for r in await handoff_reminders(
        services)}
    assert set(by_chat) == {(SUZHOU, "new0"), (SUZHOU, "due0"), (900, "esc0")}
    # the overdue reminder: Saturday 10 October 2026 is a working day (调休)
    assert by_chat[(SUZHOU, "due0")].due_at == dt.datetime(2026, 10, 10, 9, 0, tzinfo=SH)
    assert by_chat[(900, "esc0")].due_at == dt.datetime(2026, 10, 13, 9, 0, tzinfo=SH)
    assert all(str(WORKER) not in str(r.payload) and "同时享受" not in str(r.payload)
               for r in by_chat.values())


async def test_officers_queue_answer_and_delivery_to_the_asker(services) -> None:
    await appoint(services, SUZHOU, "suzhou")
    await appoint(services, WUXI, "wuxi")
    worker = await onboard(services, WORKER)
    number = await ask_suzhou(worker)
    later = fixed_clock(ASKED + dt.timedelta(hours=3))
    wuxi = ConvUser(services, WUXI, clock=later)
    await wuxi.send(Event.press("hf:in"))
    assert "No question is waiting" in wuxi.text
    suzhou = ConvUser(services, SUZHOU, clock=later)
    await suzhou.say("/menu")
    await suzhou.tap("Questions from users")
    assert f"#{number}" in suzhou.text or any(f"#{number}" in b.label for b in suzhou.keyboard)
    await suzhou.tap(f"#{number}")
    assert "高级技师津贴" in suzhou.text and str(WORKER) not in suzhou.text
    await suzhou.tap("Answer")
    await suzhou.say("可以同时享受，但需分别申报。")
    await suzhou.tap("Send the answer")
    assert "Sent to the asker, signed as officer for Suzhou" in suzhou.text, suzhou.text
    (ticket,) = await tickets(services)
    assert ticket.status == "answered" and ticket.answered_role == "officer:suzhou"
    rems = await handoff_reminders(services)
    to_worker = [r for r in rems if r.chat_id == WORKER]
    assert len(to_worker) == 1 and "可以同时享受" in to_worker[0].payload["args"]["text"]
    assert to_worker[0].payload["channel"] == "telegram"
    pending = {r.dedupe_key.split(":")[2] for r in rems if r.status == "pending"}
    assert "due0" not in pending and "esc0" not in pending  # called off by the answer


async def test_forged_buttons_and_commands_reveal_and_change_nothing(services) -> None:
    await appoint(services, SUZHOU, "suzhou")
    await appoint(services, WUXI, "wuxi")
    worker = await onboard(services, WORKER)
    number = await ask_suzhou(worker)
    stranger = await onboard(services, STRANGER)
    wuxi = ConvUser(services, WUXI, clock=fixed_clock(ASKED))
    for who, refusal in ((stranger, "Only officers"), (wuxi, "no question with that number")):
        for data in (f"hf:t:{number}", f"hf:a:{number}", f"hf:b:{number}", f"hf:r:{number}",
                     f"hf:xx:{number}", f"hf:f:{number}", "hf:st", "hf:xl"):
            await who.send(Event.press(data))
            assert "高级技师津贴" not in who.text, (data, who.text)
            if who is stranger or data not in ("hf:st", "hf:xl"):
                assert refusal in who.text, (data, who.text)
        await who.say(f"/questions {number}")
        assert refusal in who.text and "高级技师津贴" not in who.text
        await who.send(Event.press(f"hf:re:{number}"))
        assert "not waiting for your reply" in who.text
    await wuxi.send(Event.press("hf:st"))
    assert "Only administrators" in wuxi.text
    for data in ("hf:t:0", "hf:t:abc", "hf:zz:1", f"hf:t:{number}:x", "hf:" + "9" * 40):
        await wuxi.send(Event.press(data))
        assert "高级技师津贴" not in wuxi.text
    (ticket,) = await tickets(services)
    assert ticket.status == "open" and ticket.answer is None and ticket.region == "suzhou"


async def test_ask_back_reply_reassign_and_close(services) -> None:
    await appoint(services, SUZHOU, "suzhou")
    await appoint(services, WUXI, "wuxi")
    worker = await onboard(services, WORKER)
    number = await ask_suzhou(worker)
    suzhou = ConvUser(services, SUZHOU, clock=fixed_clock(ASKED))
    await suzhou.say(f"/questions {number}")
    await suzhou.tap("Ask back")
    await suzhou.say("您的高级技师证书是哪一年取得的？")
    assert "the question waits for the asker" in suzhou.text
    (ticket,) = await tickets(services)
    assert ticket.status == "waiting"
    ask = [r for r in await handoff_reminders(services) if r.chat_id == WORKER][0]
    assert ask.payload["buttons"][0][0][1] == f"hf:re:{number}"
    await worker.send(Event.press(f"hf:re:{number}"))
    await worker.say("2019年")
    assert "the officer sees your reply" in worker.text
    await suzhou.say(f"/questions {number}")
    assert "2019年" in suzhou.text and "Asker replied" in suzhou.text
    await suzhou.tap("Another region")
    await suzhou.tap("Wuxi")
    assert "Passed on to Wuxi" in suzhou.text
    await suzhou.say(f"/questions {number}")
    assert "no question with that number" in suzhou.text  # not theirs any more
    wuxi = ConvUser(services, WUXI, clock=fixed_clock(ASKED))
    await wuxi.say(f"/questions {number}")
    await wuxi.tap("Out of scope")
    await wuxi.tap("Yes, close it")
    assert "Closed" in wuxi.text
    (ticket,) = await tickets(services)
    assert ticket.status == "closed" and ticket.region == "wuxi"
    told = [r.payload["key"] for r in await handoff_reminders(services) if r.chat_id == WORKER]
    assert any("passed on" in k for k in told) and any("12333" in k for k in told)


async def test_a_question_nothing_answers_is_offered_to_an_officer(services) -> None:
    await appoint(services, SUZHOU, "suzhou")
    worker = await onboard(services, WORKER)
    await worker.say("苏州的xyzzy怎么办理")
    assert "so I will not guess" in worker.text and "An officer can answer it" in worker.text
    assert any("Suzhou" in b.label and "✅" in b.label for b in worker.keyboard)
    await worker.say("完全无关的另一个问题 qwertyuiop")  # typing again: a new search
    assert "so I will not guess" in worker.text
    await worker.tap("Elsewhere")
    await worker.tap("Something else")
    await worker.tap("Do not send")
    assert "Nothing was sent" in worker.text and await tickets(services) == []


async def test_an_uncertain_check_offers_an_officer(services) -> None:
    worker = await onboard(services, WORKER)
    await worker.say("/check jiangsu.excellent_technician")
    for _ in range(20):
        labels = [b.label for b in worker.keyboard]
        if any("Ask an officer" in b for b in labels) or not labels:
            break
        await worker.send(Event.press(worker.keyboard[0].data))
    # whatever the path, a result that is not certain carries the offer
    if "Not decided" in worker.text or "on conditions" in worker.text:
        assert any("Ask an officer" in b.label for b in worker.keyboard)


async def test_the_holiday_data_ending_is_said_not_guessed(services) -> None:
    late = dt.datetime(2026, 12, 29, 10, 0, tzinfo=SH)
    worker = await onboard(services, WORKER, clock=fixed_clock(late))
    await worker.say("/menu")
    await worker.tap("Ask an officer")
    await worker.say("无锡的补贴什么时候发？")
    await worker.tap("✅ Wuxi")
    await worker.tap("✅")
    assert "calendar for 2027 is not in my data yet" in worker.text, worker.text
    await worker.tap("Send, and keep my question")
    (ticket,) = await tickets(services)
    assert isinstance(ticket, HandoffTicket) and ticket.due_on is None
    assert "calendar for 2027" in worker.text
