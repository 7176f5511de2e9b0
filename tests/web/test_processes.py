"""Two `craftbot serve` processes on one PostgreSQL database, taking turns: one web
visitor's events and one Telegram user's webhook updates alternate between them, and
both dialogs go on as if one process served them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from tests.conftest import prepare_db
from tests.fakebot import TOKEN
from tests.web.serving import ServeProcess
from tests.web.visitor import Visitor

pytestmark = pytest.mark.slow  # two `craftbot serve` subprocesses

SECRET = "two_processes-secret"
TG_USER = 8_100_000_001


def serve_env(api: Any, db_url: str) -> dict[str, str]:
    return {"DATABASE_URL": db_url, "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_BASE_URL": api.base_url, "BOT_MODE": "webhook",
            # plain http: the visitor cookie is Secure behind an https PUBLIC_URL
            "PUBLIC_URL": "http://bot.example.test", "TELEGRAM_WEBHOOK_SECRET": SECRET,
            "WEB_COOKIE_SECRET": "shared-cookie-secret", "REMINDERS_IN_BOT": "false"}


class Alternating(Visitor):
    """A web visitor whose every event goes to the next server in turn."""

    def __init__(self, http: aiohttp.ClientSession, urls: list[str]) -> None:
        super().__init__(http, urls[0])
        self.urls, self.n = urls, 0

    async def send(self, event: dict[str, Any], status: int = 200,
                   headers: dict[str, str] | None = None) -> dict[str, Any]:
        self.base = self.urls[self.n % len(self.urls)]
        self.n += 1
        return await super().send(event, status, headers)


async def relay(api: Any, http: aiohttp.ClientSession, url: str) -> None:
    """Hand the fake Telegram's queued updates to one server's webhook, as Telegram
    would."""
    updates, api.state.updates = list(api.state.updates), []
    for update in updates:
        async with http.post(f"{url}/telegram/webhook", data=json.dumps(update),
                             headers={"X-Telegram-Bot-Api-Secret-Token": SECRET,
                                      "Content-Type": "application/json"}) as resp:
            assert resp.status == 200


async def test_two_processes_alternate(fake_api: Any, tmp_path: Path) -> None:
    db_url = await prepare_db("postgres", tmp_path)
    servers = [ServeProcess(tmp_path, serve_env(fake_api, db_url)) for _ in range(2)]
    try:
        urls = [await s.started() for s in servers]
        jar = aiohttp.CookieJar(unsafe=True)  # cookies for 127.0.0.1 on both ports
        async with aiohttp.ClientSession(cookie_jar=jar) as http:
            await web_visitor(Alternating(http, urls))
            await telegram_user(fake_api, http, urls)
    finally:
        logs = [await s.stop() for s in servers]
    for code, log in logs:
        assert code == 0 and "Traceback" not in log, log
    rows = await users(db_url)
    assert sorted(ch for _, ch in rows) == ["telegram", "web"]
    assert [tid for tid, ch in rows if ch == "telegram"] == [TG_USER]


async def web_visitor(v: Alternating) -> None:
    await v.open()
    await v.cmd("start")  # A
    await v.press("中文")  # B
    await v.press("技能人才")  # A
    await v.press("同意")  # B
    await v.press("测算：卓越技师")
    script = [("一级 – 高级技师",), "1978年3月2日", ("男",), ("否",), ("是",), ("否",),
              ("从未参加过",)]
    for step in script:
        if "符合条件" in v.text and "类别" in v.text:
            break
        if isinstance(step, tuple):
            await v.press(step[0])
        else:
            await v.say(step)
    assert "符合条件" in v.text and "1.6万元" in v.text, v.text
    await v.cmd("mydata")
    assert "同意" in v.text


async def telegram_user(api: Any, http: aiohttp.ClientSession, urls: list[str]) -> None:
    user = api.user(TG_USER, "Li", language_code="zh-hans")
    steps = [("send", "/start", "语言"), ("click", "中文", "身份"),
             ("click", "👷 技能人才", "隐私"), ("click", "✅ 同意", "卓越技师")]
    for n, (kind, what, expect) in enumerate(steps):
        before = len(api.calls)
        if kind == "send":
            await user.send(what)
        else:
            await user.click(what)
        await relay(api, http, urls[n % 2])

        def answered(expect: str = expect, before: int = before) -> bool:
            last = api.last_bot_message(TG_USER)
            shown = (last.text or "") + " ".join(label for label, _ in last.buttons) \
                if last else ""
            return len(api.calls) > before and expect in shown

        await api.wait_for(answered, timeout=30, what=f"the answer to {what}")


async def users(db_url: str) -> list[tuple[int, str]]:
    from sqlalchemy import select

    from storage.db import make_engine, make_sessionmaker
    from storage.models import User

    engine = make_engine(db_url)
    try:
        async with make_sessionmaker(engine)() as s:
            return [(r.telegram_id, r.channel)
                    for r in (await s.execute(select(User))).scalars()]
    finally:
        await engine.dispose()
