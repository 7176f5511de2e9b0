"""Asking an officer from the web chat: the question reaches the Suzhou officer (on
Telegram), the answer comes back to the visitor's web inbox, signed by role."""

from __future__ import annotations

from bot.delivery.dispatcher import DispatchConfig, Dispatcher
from bot.delivery.limiter import SendLimiter
from storage.models import HandoffTicket
from tests.conversation.handoff_helpers import QUESTION, SUZHOU, appoint
from tests.conversation.harness import ConvUser
from tests.web.conftest import WebClient
from tests.web.test_chat import onboard
from tests.web.visitor import Visitor


async def test_a_web_visitors_question_is_answered_into_their_inbox(web: WebClient) -> None:
    from sqlalchemy import select

    await appoint(web.services, SUZHOU, "suzhou")
    v = Visitor(web)
    await onboard(v)
    await v.cmd("menu")
    await v.press("问工作人员")
    await v.say(QUESTION)
    await v.press("✅ 苏州")
    await v.press("✅")
    await v.press("📨 发送")
    assert "#" in v.text, v.text
    async with web.services.transaction() as s:
        (ticket,) = (await s.execute(select(HandoffTicket))).scalars()
    assert ticket.channel == "web" and ticket.region == "suzhou"
    officer = ConvUser(web.services, SUZHOU)
    await officer.say(f"/questions {ticket.id}")
    assert "高级技师津贴" in officer.text
    await officer.tap("Answer")
    await officer.say("可以同时享受，但需分别申报。")
    await officer.tap("Send the answer")
    dispatcher = Dispatcher(None, web.services.sessions, DispatchConfig(), SendLimiter())
    await dispatcher.run_until_settled()  # no Telegram bot: web reminders only
    inbox = (await (await web.get("/chat/inbox")).json())["inbox"]
    answer = [m for m in inbox if "可以同时享受" in m["html"]]
    assert len(answer) == 1 and "苏州" in answer[0]["html"], inbox
