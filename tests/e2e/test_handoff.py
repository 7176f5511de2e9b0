"""Asking a person, end to end: the real python-telegram-bot Application and the reminder
dispatcher against the fake Bot API, with the clock fixed before the National Day break
of 2026 (1-7 October; Saturday 10 October is a working day).

A worker's question reaches the Suzhou officer and not the Wuxi one; a second question
left unanswered reminds the Suzhou officer at 09:00 on Saturday 10 October (and not on
the holidays before); the answer reaches the worker signed by role; the officer publishes
it as an FAQ entry that a later free-text question finds, labelled with its date; /forget
removes the question's text while the ticket stays.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select

from bot.conversation import Conversation
from bot.delivery.dispatcher import Dispatcher
from bot.delivery.limiter import SendLimiter
from storage.models import HandoffTicket, Reminder, SurveyOfficer
from tests.e2e.harness import running_bot
from tests.reminders.conftest import SH, fast_config, make_bot
from tests.surveys.chatting import texts

ASKED = dt.datetime(2026, 9, 29, 10, 0, tzinfo=SH)
ADMIN, SUZHOU, WUXI, WORKER, LATER = 900, 6_100_000_001, 6_100_000_002, 6_200_000_001, \
    6_200_000_002
QUESTION = "我在苏州，高级技师津贴和卓越技师补助能不能同时享受？"
FOLLOW_UP = "苏州的技能提升补贴今年什么时候开始申报？"
ANSWER = "可以同时享受，两项分别向所在单位申报。"


async def tap(user: Any, part: str) -> list:
    for msg in user.messages[::-1]:
        for label, data in msg.buttons:
            if part in label and data:
                return await user.press_and_wait(msg.message_id, data)
    raise AssertionError(f"no button containing {part!r}: {user.last_message.buttons}")


def clock(app: Any, now: dt.datetime) -> None:
    app.bot_data["conversation"] = Conversation(app.bot_data["services"], clock=lambda: now)


async def db(app: Any, model: Any) -> list[Any]:
    async with app.bot_data["services"].transaction() as s:
        return list((await s.execute(select(model).order_by(model.id))).scalars())


async def dispatch(api: Any, app: Any, at: dt.datetime) -> None:
    """Send what is due at `at` (the dispatcher's clock), then stop."""
    bot = make_bot(api)
    await bot.initialize()
    try:
        d = Dispatcher(bot, app.bot_data["services"].sessions, fast_config(),
                       SendLimiter(1000.0, 1000.0, 0.0), clock=lambda: at)
        await d.run_until_settled(at)
    finally:
        await bot.shutdown()


async def ask(worker: Any, question: str) -> str:
    await worker.send_and_wait("/menu")
    await tap(worker, "问工作人员")
    await worker.send_and_wait(question)
    assert "我理解为：苏州市" in worker.last_message.text
    await tap(worker, "✅ 苏州市")
    await tap(worker, "✅")
    shown = worker.last_message.text
    assert "3个工作日内答复，即在2026年10月9日" in shown and "国庆节" in shown, shown
    return texts(await tap(worker, "📨 发送"))


async def appoint(app: Any) -> None:
    async with app.bot_data["services"].transaction() as s:
        for tid, city in ((SUZHOU, "suzhou"), (WUXI, "wuxi")):
            s.add(SurveyOfficer(telegram_id=tid, role="officer", city=city, appointed_by=ADMIN,
                                created_at=ASKED))


async def test_question_answer_overdue_reminder_faq_and_forget(fake_api, sqlite_url) -> None:
    async with running_bot(fake_api, sqlite_url, admin_ids=[ADMIN], reminders_in_bot=False) as app:
        clock(app, ASKED)
        await appoint(app)
        worker = fake_api.user(WORKER, "Meihua", username="meihua_w")
        sent = await ask(worker, QUESTION)
        assert "问题编号为 <b>#1</b>" in sent and "答复会发送到这个聊天中" in sent, sent
        sent = await ask(worker, FOLLOW_UP)
        assert "#2" in sent

        # the new questions reach the Suzhou officer, never the Wuxi one
        await dispatch(fake_api, app, ASKED + dt.timedelta(seconds=5))
        suzhou, wuxi = fake_api.user(SUZHOU, "Su"), fake_api.user(WUXI, "Wu")
        news = [m.text for m in fake_api.chat(SUZHOU) if "新问题" in (m.text or "")]
        assert len(news) == 2 and "#1" in news[0] and "2026年10月9日" in news[0], news
        assert not [m for m in fake_api.chat(WUXI)]
        assert all(QUESTION not in (m.text or "") for m in fake_api.chat(SUZHOU))
        await wuxi.send_and_wait("/questions 1")
        assert "问题队列中没有这个编号的问题" in wuxi.last_message.text
        assert QUESTION not in " ".join(m.text or "" for m in fake_api.chat(WUXI))

        # nothing is overdue on the holidays; Saturday 10 October (a working day) it is
        await dispatch(fake_api, app, dt.datetime(2026, 10, 9, 23, 0, tzinfo=SH))
        assert not [m for m in fake_api.chat(SUZHOU) if "超过承诺的答复日期" in (m.text or "")]
        rows = {r.dedupe_key: r for r in await db(app, Reminder)}
        due = rows[f"handoff:2:due0:{SUZHOU}"]
        assert due.due_at == dt.datetime(2026, 10, 10, 9, 0, tzinfo=SH)

        # the officer opens the queue, oldest first, and answers #1
        clock(app, dt.datetime(2026, 10, 8, 9, 30, tzinfo=SH))
        await suzhou.send_and_wait("/menu")
        await tap(suzhou, "用户提出的问题")
        labels = [label for label, _ in suzhou.last_message.buttons]
        assert labels[0].startswith("#1") and labels[1].startswith("#2"), labels
        await tap(suzhou, "#1")
        card = suzhou.last_message.text
        assert QUESTION in card and str(WORKER) not in card and "meihua" not in card.lower()
        await tap(suzhou, "✍️ 答复")
        await suzhou.send_and_wait(ANSWER)
        await tap(suzhou, "📨 发送答复")
        assert "署名为苏州市工作人员" in suzhou.last_message.text
        await dispatch(fake_api, app, dt.datetime(2026, 10, 8, 9, 31, tzinfo=SH))
        got = worker.last_message.text
        assert "苏州市工作人员对您的问题 #1 的答复" in got and ANSWER in got, got

        # #2 stays unanswered: at 09:00 on Saturday 10 October the officer is reminded
        await dispatch(fake_api, app, dt.datetime(2026, 10, 10, 9, 0, 5, tzinfo=SH))
        overdue = [m.text for m in fake_api.chat(SUZHOU) if "超过承诺的答复日期" in (m.text or "")]
        assert len(overdue) == 1 and "#2" in overdue[0] and "#1" not in overdue[0], overdue
        assert not [m for m in fake_api.chat(ADMIN) if "仍未答复" in (m.text or "")]
        await dispatch(fake_api, app, dt.datetime(2026, 10, 13, 9, 0, 5, tzinfo=SH))
        escalated = [m.text for m in fake_api.chat(ADMIN) if "仍未答复" in (m.text or "")]
        assert len(escalated) == 1 and "#2" in escalated[0], escalated

        # #1 becomes an FAQ entry that a later free-text question finds
        await suzhou.send_and_wait("/questions 1")
        await tap(suzhou, "发布为常见问题")
        await tap(suzhou, "使用提问人的原话")
        await suzhou.send_and_wait("In Suzhou, can the senior technician allowance and the "
                                   "excellent technician grant be combined?")
        await tap(suzhou, "使用我给出的答复")
        await suzhou.send_and_wait("Yes; apply for each through your employer.")
        await suzhou.send_and_wait("jiangsu-excellent-technician 第三条")
        await tap(suzhou, "今天")
        published = texts(await tap(suzhou, "📢 发布"))
        assert "已发布为常见问题 #1" in published, published
        later = fake_api.user(LATER, "Later")
        clock(app, dt.datetime(2026, 10, 20, 15, 0, tzinfo=SH))
        found = texts(await later.send_and_wait("苏州高级技师津贴和卓越技师补助能同时享受吗"))
        assert "🏛 <b>工作人员答复</b>（苏州市工作人员，苏州市，自2026年10月8日起有效）" in found, found
        assert ANSWER in found

        # /forget removes the text; the tickets stay for the statistics
        await worker.send_and_wait("/forget")
        await tap(worker, "是，删除")
        tickets = await db(app, HandoffTicket)
        assert [t.question for t in tickets] == [None, None]
        assert [t.status for t in tickets] == ["answered", "withdrawn"]
        assert all(t.user_id is None and t.address is None for t in tickets)
        await suzhou.send_and_wait("/questions 2")
        assert FOLLOW_UP not in suzhou.last_message.text
        assert "提问人已删除问题文字" in suzhou.last_message.text
