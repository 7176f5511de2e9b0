"""Answers one can act on (issue 11, the bot side): the headline says first whether one can
apply now; no "apply" for an expired or draft programme; "not sure" leads to what must be
confirmed and by whom; places not covered are named; a greeting gets a greeting."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from bot.dialogs.engine.types import Event
from tests.conversation.harness import ConvUser, fixed_clock, onboarded

NOW = dt.datetime(2026, 12, 1, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


async def person(services, uid: int, lang: str) -> ConvUser:
    return await onboarded(services, uid, lang, "employer", clock=fixed_clock(NOW))


def first_lines(text: str, n: int = 2) -> str:
    return "\n".join(text.splitlines()[:n])


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_an_expired_programme_says_so_first_and_offers_no_application(services, lang):
    user = await person(services, 41 if lang == "zh" else 42, lang)
    await user.say("/check jiangmen.self_evaluation")
    for _ in range(6):  # answer whatever it asks: the first option, or a number
        if not any(r.question for r in user.replies):
            break
        if any(b.data.startswith("a:") for b in user.keyboard):
            await user.tap(next(b.label for b in user.keyboard if b.data.startswith("a:")))
        else:
            await user.say("30")
    result = user.replies[-1].text
    head = first_lines(result)
    assert "⛔" in head and ("2020" in head), result
    assert ("现在不能申请" in head) if lang == "zh" else ("can be applied for" in head), head
    assert "to apply" not in result and "联系当地人力资源和社会保障部门申请" not in result


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_a_draft_programme_says_draft_first_and_offers_no_application(services, lang):
    user = await person(services, 43 if lang == "zh" else 44, lang)
    await user.say("/check quzhou.competition_award")
    while any(b.data.startswith("a:") for b in user.keyboard) and len(user.replies) < 40:
        labels = [b.label for b in user.keyboard if b.data.startswith("a:")]
        pick = next((lb for lb in labels if lb in ("Yes", "是")), labels[0])
        await user.tap(pick)
    result = user.replies[-1].text
    head = first_lines(result)
    assert "📝" in head, result
    assert ("征求意见稿" in head) if lang == "zh" else ("draft" in head.lower()), head
    assert "to apply" not in result and "联系当地人力资源和社会保障部门申请" not in result


async def test_not_sure_leads_to_what_must_be_confirmed_and_by_whom(services) -> None:
    user = ConvUser(services, 45, clock=fixed_clock(NOW))
    await user.say("/start")
    await user.tap("English")
    await user.tap("Skilled worker")
    await user.tap("No thanks")
    await user.say("/check jiangsu.excellent_technician")
    await user.tap("senior technician")
    await user.say("1975-06-15")
    await user.tap("Man")
    labels = [b.label for b in user.keyboard]
    assert "🤔 I am not sure" in labels, (user.text, labels)
    assert "Decided by" in user.text, user.text  # what the standard is, and who decides
    await user.tap("I am not sure")
    for _ in range(6):  # whatever else it asks: never, no
        if not any(r.question for r in user.replies):
            break
        options = [b.label for b in user.keyboard if b.data.startswith("a:")]
        await user.tap(next((o for o in options if o in ("No", "I have never taken part")),
                            options[0]))
    result = user.replies[-1].text
    assert "Still to be confirmed" in result and "⚠️" in result, result


async def test_a_place_not_covered_is_named_and_a_greeting_is_greeted(services) -> None:
    user = await person(services, 46, "zh")
    await user.say("上海有什么技能补贴")
    assert "上海" in user.text and "覆盖" in user.text, user.text
    await user.say("你好")
    assert "您好" in user.text and any(b.data.startswith("menu:") for b in user.keyboard)


async def test_words_of_the_question_prefill_the_check_it_offers(services) -> None:
    user = await person(services, 47, "zh")
    await user.say("国赛银牌奖励多少")
    button = next(b for b in user.keyboard if b.data.startswith(
        "menu:check:quzhou.competition_award"))
    assert button.data == "menu:check:quzhou.competition_award:national,silver", button.data
    await user.send(Event.press(button.data))
    assert "已从您的问题中得知" in user.text, user.text
    # the contest and the medal are not asked again: the next question is where one works
    assert user.last.state.step == "f:in_quzhou", user.last.state.step
