"""An expired dialog keeps its step and answers for DIALOG_RESUME_HOURS: the next message
or /start offers to continue it or start over; later it is gone, and /forget deletes it."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from bot.services import Services
from storage.models import DialogStateRow
from tests.conversation.harness import onboarded

START = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
ET = "/check jiangsu.excellent_technician"
WORDS = {
    "en": {"senior": "senior technician", "continue": "Continue where I left off",
           "over": "Start over", "paused": "paused it", "birth": "date of birth",
           "sex": "Man", "gone": "have now been deleted", "ended": "has ended"},
    "zh": {"senior": "高级技师", "continue": "继续上次", "over": "重新开始",
           "paused": "暂停", "birth": "出生日期", "sex": "男", "gone": "已删除",
           "ended": "已经结束"},
}


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> dt.datetime:
        return self.now


async def idle_in_a_check(services: Services, uid: int, lang: str) -> tuple:
    clock = Clock()
    user = await onboarded(services, uid, lang, clock=clock)
    await user.say(ET)
    await user.tap(WORDS[lang]["senior"])
    await user.say("1975-06-15")  # now at the sex question, two answers given
    clock.now += dt.timedelta(hours=2)  # idle past DIALOG_IDLE_MINUTES (30)
    return user, clock


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_the_next_message_offers_to_continue_and_continuing_keeps_the_answers(
        services, lang) -> None:
    w = WORDS[lang]
    user, _ = await idle_in_a_check(services, 30 + (lang == "zh"), lang)
    await user.say("hello")
    assert w["paused"] in user.text, user.text
    assert any(w["continue"] in b.label for b in user.keyboard), user.keyboard
    assert user.last.state.flow == "resume"
    await user.tap(w["continue"])
    state = user.last.state
    assert state.flow == "check" and state.step == "f:sex", state
    assert state.answers == {"skill_level": "senior_technician", "birth_date": "1975-06-15"}
    assert w["sex"] in [b.label for b in user.keyboard]
    await user.tap(w["sex"])  # the dialog goes on from there
    assert user.last.state is None or user.last.state.step != "f:sex"


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_start_offers_it_too_and_start_over_begins_the_same_check_again(
        services, lang) -> None:
    w = WORDS[lang]
    user, _ = await idle_in_a_check(services, 32 + (lang == "zh"), lang)
    await user.say("/start")
    labels = " ".join(b.label for b in user.keyboard)
    assert w["continue"] in labels and w["over"] in labels, labels
    await user.tap(w["over"])
    state = user.last.state
    assert state.flow == "check" and state.answers == {}, state
    assert w["senior"] in " ".join(b.label for b in user.keyboard)


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_after_the_keep_period_it_is_deleted_and_old_presses_are_explained(
        services, lang) -> None:
    w = WORDS[lang]
    user, clock = await idle_in_a_check(services, 34 + (lang == "zh"), lang)
    await user.say("hello")
    offer = [b for b in user.keyboard if w["continue"] in b.label]
    clock.now += dt.timedelta(hours=25)  # past the kept day
    await user.say("hello again")
    assert w["gone"] in user.text, user.text
    assert user.last.state is None
    async with services.transaction() as s:
        assert (await s.execute(select(DialogStateRow))).first() is None
    from bot.dialogs.engine.types import Event

    await user.send(Event.press(offer[0].data))  # the stale "continue"
    assert w["ended"] in user.text, user.text


async def test_forget_deletes_the_kept_dialog(services) -> None:
    user, _ = await idle_in_a_check(services, 36, "en")
    await user.say("hello")
    assert user.last.state.flow == "resume"
    await user.say("/forget")
    await user.tap("Yes, delete")
    async with services.transaction() as s:
        assert (await s.execute(select(DialogStateRow))).first() is None


async def test_a_dialog_idle_less_than_the_timeout_is_not_touched(services) -> None:
    user, clock = await idle_in_a_check(services, 37, "en")
    clock.now -= dt.timedelta(hours=1, minutes=45)  # only 15 minutes idle
    await user.tap("Man")
    assert user.last.state is None or user.last.state.flow == "check"
    assert "paused" not in user.text


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_mydata_shows_the_kept_dialog_and_deletes_it(services, lang) -> None:
    user, _ = await idle_in_a_check(services, 38 + (lang == "zh"), lang)
    await user.say("hello")
    await user.say("/mydata")
    kept, delete = ("is kept until", "🗑 paused conversation") if lang == "en" else (
        "保留至", "🗑 删除暂停的对话")
    assert kept in user.text and user.last.state.flow == "resume", user.text
    await user.tap(delete)
    assert kept not in user.text and user.last.state is None
    async with services.transaction() as s:
        assert (await s.execute(select(DialogStateRow))).first() is None
