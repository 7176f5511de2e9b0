"""Typed answers in both languages through the conversation service, in real flows."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from tests.conversation.harness import ConvUser, fixed_clock, onboarded

NOW = dt.datetime(2026, 12, 1, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


async def start(services, uid: int, lang: str) -> ConvUser:
    return await onboarded(services, uid, lang, "worker", clock=fixed_clock(NOW))


async def test_a_birth_month_is_enough_for_the_excellent_technician_check(services) -> None:
    user = await start(services, 31, "zh")
    await user.say("/check jiangsu.excellent_technician")
    await user.tap("高级技师")
    await user.say("1975年6月")
    assert "⚠️" not in user.text, user.text  # accepted: the next question follows
    assert "1975" in user.text or user.keyboard


async def test_an_english_reminder_with_day_first_date_and_pm_time(services) -> None:
    user = await start(services, 32, "en")
    await user.say("/remind")
    assert "1 Dec" in user.text and "年" not in user.text  # an English example
    await user.say("31/12/2026")
    await user.say("3pm")
    await user.say("submit the report")
    await user.tap("Just once")
    assert "December 31, 2026" in user.text and "3:00" in user.text, user.text
