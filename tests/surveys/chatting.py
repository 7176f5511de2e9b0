"""Helpers for survey tests through the fake Bot API: officers creating campaigns, trainees
answering, and looking into the database."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from storage.db import make_engine, make_sessionmaker
from tests.fakebot import Call, FakeUser

SH = ZoneInfo("Asia/Shanghai")
LABEL = {"E": "优秀", "G": "良好", "F": "一般", "P": "较差"}
LEVEL = {"E": "excellent", "G": "good", "F": "fair", "P": "poor"}
OFFICER_ENTRY = "🏛 满意度调查与考核（负责人）"
LINK = re.compile(r"https://t\.me/(\w+)\?start=(sv_[A-Za-z0-9_-]+|of_[A-Za-z0-9_-]+)")


def texts(calls: Sequence[Call]) -> str:
    return "\n".join(str(c.params.get("text") or c.params.get("caption") or "") for c in calls)


def today() -> dt.date:
    return dt.datetime.now(SH).date()


def visible(user: FakeUser) -> str:
    """The text of the bot's newest message in this chat."""
    msg = user.last_message
    return (msg.text or msg.caption or "") if msg else ""


def button_data(user: FakeUser, prefix: str) -> list[str]:
    return [d for m in user.messages for _, d in m.buttons if d and d.startswith(prefix)]


async def open_officer_menu(officer: FakeUser) -> None:
    await officer.send_and_wait("/menu")
    await officer.click_and_wait(OFFICER_ENTRY)


async def create_trainee_campaign(officer: FakeUser, courses: Sequence[tuple[str, str]],
                                  city: str = "南京市", unit: str = "江苏省技师学院",
                                  category: str = "机械制造") -> tuple[str, int, str]:
    """Through the officer's menu; returns (payload, campaign id, the reply's text)."""
    await open_officer_menu(officer)
    await officer.click_and_wait("➕ 新建学员满意度调查")
    await officer.click_and_wait(city)
    await officer.send_and_wait(unit)
    await officer.send_and_wait(category)
    await officer.send_and_wait("\n".join(f"{c} / {t}" for c, t in courses))
    await officer.click_and_wait("今天")
    close = today() + dt.timedelta(days=10)
    await officer.send_and_wait(f"{close.month}月{close.day}日")  # as people type it
    calls = await officer.click_and_wait("✅ 创建调查")
    return link_of(officer, calls)


def link_of(user: FakeUser, calls: Sequence[Call]) -> tuple[str, int, str]:
    text = texts(calls)
    found = LINK.search(text)
    assert found, text
    ids = [int(d.split(":")[2]) for d in button_data(user, "svy:c:")]
    return found.group(2), ids[-1], text


async def answer_trainee(user: FakeUser, ratings: str, suggestion: str | None,
                         submit: bool = True) -> list[Call]:
    """Press one rating per rated question (E/G/F/P), then the suggestion and submit."""
    for code in ratings:
        await user.click_and_wait(LABEL[code])
    if suggestion is None:
        await user.click_and_wait("没有意见和建议")
    else:
        await user.send_and_wait(suggestion)
    return await user.click_and_wait("✅ 提交答案") if submit else []


async def rows(db_url: str, model: Any, *where: Any) -> list[Any]:
    engine = make_engine(db_url)
    try:
        async with make_sessionmaker(engine)() as session:
            return list((await session.execute(select(model).where(*where))).scalars())
    finally:
        await engine.dispose()


def expected_counts(answers: Sequence[str]) -> list[dict[str, int]]:
    """Per rated question, the count of each level over the given rating strings."""
    counts = []
    for i in range(len(answers[0])):
        column = [LEVEL[a[i]] for a in answers]
        counts.append({lv: column.count(lv) for lv in ("excellent", "good", "fair", "poor")})
    return counts
