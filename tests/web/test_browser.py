"""The web chat in real headless Chromium: onboarding, an excellent-technician check to
its result (screenshots at 360 px and desktop width under var/), a free-text question, a
survey filled from its web link, /forget."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from bot.dialogs.surveys.effects import links
from bot.handlers.web.server import Server
from bot.services import Services
from storage.models import SurveyResponse
from storage.surveys import CampaignRepo
from tests.web.browser import ARGS, CHROMIUM, DESKTOP, PHONE, ChatPage, require_chromium
from tests.web.conftest import web_settings

pytestmark = pytest.mark.slow  # a Chromium process

VAR = Path(__file__).resolve().parents[2] / "var"


@pytest_asyncio.fixture
async def site(sqlite_url: str) -> AsyncIterator[Server]:
    settings = web_settings(sqlite_url)
    server = Server(settings, Services.create(settings))
    await server.start("127.0.0.1", 0)
    try:
        yield server
    finally:
        await server.stop()


@pytest_asyncio.fixture
async def browser(tmp_path: Path) -> AsyncIterator[Any]:
    require_chromium()
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        context = await pw.chromium.launch_persistent_context(
            str(tmp_path / "profile"), executable_path=CHROMIUM, args=ARGS, headless=True,
            viewport=PHONE, locale="zh-CN", reduced_motion="reduce")
        try:
            yield context
        finally:
            await context.close()


async def chat(browser: Any, site: Server, query: str = "") -> ChatPage:
    page = ChatPage(browser.pages[0] if browser.pages else await browser.new_page())
    errors: list[str] = []
    page.page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.errors = errors  # type: ignore[attr-defined]
    await page.open(f"http://127.0.0.1:{site.port}/{query}")
    return page


async def onboard(c: ChatPage) -> None:
    assert {"中文", "English"} <= set(await c.labels())
    await c.press("中文")
    await c.press("技能人才")
    await c.press("同意")


async def test_onboarding_and_excellent_technician_result(browser: Any, site: Server) -> None:
    c = await chat(browser, site)
    assert await c.page.title() == "CraftBot · 技能人才政策助手"
    assert await c.page.locator("html").get_attribute("lang") == "zh-Hans"
    await onboard(c)
    assert any("卓越技师" in label for label in await c.labels())
    await c.press("卓越技师")
    result = await c.walk({
        "职业技能等级": ("一级 – 高级技师",),
        "出生日期": "1978年3月2日",
        "性别": ("男",),
        "高技能领军人才": ("否",),
        "一次性补助": ("否",),
        "首席技师": ("是",),
        "卓越技师培育计划": ("从未参加过",),
    })
    assert "符合" in result and "B" in result, result
    assert "1.6万元" in result and "第三条" in result, result
    VAR.mkdir(exist_ok=True)
    result_bubble = c.page.locator(".msg.bot").last
    await result_bubble.screenshot(path=str(VAR / "web-result-360.png"))
    await c.page.set_viewport_size(DESKTOP)
    await c.page.screenshot(path=str(VAR / "web-result-desktop.png"))
    assert not c.errors, c.errors  # type: ignore[attr-defined]


async def test_keyboard_only_and_free_text(browser: Any, site: Server) -> None:
    c = await chat(browser, site)
    await c.page.keyboard.press("Tab")  # the skip link, then the tools, then the log's buttons
    first = c.page.locator(".msg.bot button[data-data]").first
    await first.focus()
    await c.page.keyboard.press("Enter")  # 中文 by keyboard
    await c.wait_turn()
    await c.press("技能人才")
    await c.press("同意")
    await c.type("国赛铜牌奖励多少")
    answer = await c.last_text()
    assert "衢州" in answer, answer
    typed = "<b>粗体</b><script>window.pwned=1</script>"
    await c.type(typed)
    assert await c.page.evaluate("window.pwned === undefined")
    assert typed in await c.page.locator(".msg.user").last.inner_text()


async def test_survey_from_its_web_link(browser: Any, site: Server) -> None:
    token = links.new_token()
    today = dt.date.today()
    async with site.services.transaction() as s:
        camp = await CampaignRepo(s).create(
            kind="trainee", token=token, city="jiangsu", unit="江苏技师学院",
            category="卓越技师", courses=[{"course": "数控编程", "teacher": "王工"}],
            opens_on=today - dt.timedelta(days=1), closes_on=today + dt.timedelta(days=10),
            created_by=1, created_at=dt.datetime.now(dt.UTC))
        camp_id = camp.id
    url = links.web_link(site.services, links.campaign_payload(token))
    assert url == f"http://127.0.0.1:{site.port}/?start=sv_{token}"
    c = await chat(browser, site, f"?start=sv_{token}")
    assert "数控编程" in await c.all_text()
    assert "start=" not in c.page.url  # a reload does not reopen the link
    for _ in range(11):  # one course, then the ten fixed items
        await c.press("优秀")
    await c.press("没有意见和建议")
    await c.press("提交")
    assert "谢谢" in await c.last_text() or "感谢" in await c.last_text()
    async with site.services.transaction() as s:
        from sqlalchemy import select

        rows = (await s.execute(select(SurveyResponse).where(
            SurveyResponse.campaign_id == camp_id))).scalars().all()
    assert len(rows) == 1 and rows[0].submitted_on is not None


async def test_forget_in_the_browser(browser: Any, site: Server) -> None:
    c = await chat(browser, site)
    await onboard(c)
    await c.type("/mydata")
    assert "同意" in await c.last_text()
    await c.type("/forget")
    await c.press("删除")
    await c.type("/mydata")
    mine = await c.last_text()
    assert "未同意" in mine or "没有" in mine or "不保存" in mine, mine


async def test_language_switch(browser: Any, site: Server) -> None:
    c = await chat(browser, site)
    await c.page.locator("header").get_by_role("button", name="English").click()
    await c.wait_turn()
    assert await c.page.locator("html").get_attribute("lang") == "en"
    assert await c.page.locator("#send").inner_text() == "Send"
    assert "Language set: English" in await c.all_text()
