"""The web chat over HTTP: the same dialogs as Telegram, the visitor's identity, safety."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.delivery.dispatcher import DispatchConfig, Dispatcher
from bot.delivery.limiter import SendLimiter
from bot.handlers.web.render import sanitize
from storage.reminders import ReminderRepo
from storage.web import WebRepo
from tests.web.conftest import WebClient, start_client, web_settings
from tests.web.visitor import Visitor


async def onboard(v: Visitor) -> None:
    await v.open()
    await v.cmd("start")
    await v.press("中文")
    await v.press("技能人才")
    await v.press("同意")


async def test_onboarding_in_chinese_and_mydata(web: WebClient) -> None:
    v = Visitor(web)
    page = await v.open()
    assert "技能人才政策助手" in page
    body = await v.cmd("start")
    assert body["locale"] == "zh_CN"
    assert {"中文", "English"} <= {b["label"] for b in v.buttons()}
    await v.press("中文")
    await v.press("技能人才")
    await v.press("同意")
    assert "卓越技师" in v.text or any("卓越技师" in b["label"] for b in v.buttons())
    await v.cmd("mydata")
    assert "同意" in v.text or "Consent" in v.text


async def test_two_visitors_are_two_people(web: WebClient) -> None:
    a, b = Visitor(web), Visitor(web)
    await onboard(a)
    web.session.cookie_jar.clear()
    await b.open()
    await b.cmd("start")
    assert {"中文", "English"} <= {x["label"] for x in b.buttons()}  # b starts afresh
    async with web.services.transaction() as s:
        from sqlalchemy import select

        from storage.models import User

        rows = (await s.execute(select(User.telegram_id, User.channel))).all()
    assert len(rows) == 2 and all(tid < 0 and ch == "web" for tid, ch in rows)


async def test_free_text_question_is_answered(web: WebClient) -> None:
    v = Visitor(web)
    await onboard(v)
    await v.say("国赛铜牌奖励多少")
    assert "衢州" in v.text or any("衢州" in b["label"] for b in v.buttons())


async def test_user_text_is_escaped(web: WebClient) -> None:
    v = Visitor(web)
    await onboard(v)
    await v.say("<script>alert(1)</script><img src=x onerror=alert(2)>")
    assert "<script" not in v.text and "<img" not in v.text


def test_sanitizer_keeps_only_telegram_tags() -> None:
    assert sanitize("<b>粗</b> <i>斜</i>\n<a href='https://x.cn/?a=1&b=2'>链接</a>") == (
        '<b>粗</b> <i>斜</i><br><a href="https://x.cn/?a=1&amp;b=2" '
        'rel="noopener noreferrer nofollow" target="_blank">链接</a>')
    assert sanitize('<a href="javascript:alert(1)">x</a>') == "x"
    assert sanitize("<script>alert(1)</script>") == "alert(1)"
    assert sanitize('<b onclick="x">a</b>') == "<b>a</b>"
    assert sanitize("&lt;b&gt; 1 < 2") == "&lt;b&gt; 1 &lt; 2"
    assert sanitize("<b><i>open") == "<b><i>open</i></b>"


async def test_csrf_origin_and_cookie_are_required(web: WebClient) -> None:
    v = Visitor(web)
    await v.open()
    event = {"type": "command", "name": "start"}
    body = await v.send(event, 403, headers={"X-CSRF-Token": "forged"})
    assert body["error"]["code"] == "bad_csrf"
    body = await v.send(event, 403, headers={"Origin": "https://evil.example"})
    assert body["error"]["code"] == "bad_origin"
    await v.send(event, 200, headers={"Origin": str(web.make_url("")).rstrip("/")})
    web.session.cookie_jar.clear()
    body = await v.send(event, 401)
    assert body["error"]["code"] == "no_visitor"


@pytest.mark.parametrize("event,field", [
    ({"type": "shout"}, "type"), ({"type": "text", "text": 5}, "text"),
    ({"type": "button", "data": "x" * 65}, "data"), ({"type": "command", "name": "rm -rf"}, "name"),
    ({"type": "text", "text": "hi", "lang": "fr"}, "lang"),
])
async def test_bad_events_are_422(web: WebClient, event: dict, field: str) -> None:
    v = Visitor(web)
    await v.open()
    body = await v.send(event, 422)
    assert body["error"]["field"] == field


async def test_rate_limit_per_visitor(sqlite_url: str) -> None:
    client = await start_client(web_settings(sqlite_url, web_rate_per_visitor="3/minute"))
    try:
        v = Visitor(client)
        await v.open()
        for _ in range(3):
            await v.cmd("help")
        body = await v.send({"type": "command", "name": "help"}, 429)
        assert body["error"]["code"] == "rate_limited"
    finally:
        await client.close()
        await client.services.close()


async def test_reminder_reaches_the_inbox_and_forget_clears_it(web: WebClient) -> None:
    v = Visitor(web)
    await onboard(v)
    async with web.services.transaction() as s:
        from sqlalchemy import select

        from storage.models import User

        user_id, key = (await s.execute(select(User.id, User.telegram_id))).one()
        now = dt.datetime.now(dt.UTC)
        await ReminderRepo(s).create(user_id=user_id, chat_id=key, kind="personal",
                                     due_at=now - dt.timedelta(seconds=1),
                                     payload={"key": "Reminder: {note}",
                                              "args": {"note": "交材料"}},
                                     dedupe_key="web-test-1")
    dispatcher = Dispatcher(None, web.services.sessions, DispatchConfig(), SendLimiter())
    await dispatcher.run_until_settled()
    assert dispatcher.stats["to_inbox"] == 1
    resp = await web.get("/chat/inbox")
    inbox = (await resp.json())["inbox"]
    assert len(inbox) == 1 and "交材料" in inbox[0]["html"]
    assert (await (await web.get("/chat/inbox")).json())["inbox"] == []  # shown once
    async with web.services.transaction() as s:
        await WebRepo(s).deliver(user_id, "second", [])
        await WebRepo(s).store_file(user_id, "a.csv", b"x")
    await v.cmd("forget")
    await v.press("删除")
    async with web.services.transaction() as s:
        assert await WebRepo(s).take_inbox(user_id, dt.datetime.now(dt.UTC)) == []


async def test_files_are_served_to_their_visitor_only(web: WebClient) -> None:
    v = Visitor(web)
    await onboard(v)
    async with web.services.transaction() as s:
        from sqlalchemy import select

        from storage.models import User

        user_id = (await s.execute(select(User.id))).scalar_one()
        token = await WebRepo(s).store_file(user_id, "结果.csv", b"a,b\n")
    resp = await web.get(f"/chat/files/{token}/x.csv")
    assert resp.status == 200 and await resp.read() == b"a,b\n"
    assert "attachment" in resp.headers["Content-Disposition"]
    web.session.cookie_jar.clear()
    await Visitor(web).open()
    resp = await web.get(f"/chat/files/{token}/x.csv")
    assert resp.status == 404
