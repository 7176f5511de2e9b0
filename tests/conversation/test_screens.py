"""Screens shown in place of the one tapped, dialogs that end with their question closed,
and citations in the user's language — at the conversation service, zh and en."""

from __future__ import annotations

import pytest

from tests.conversation.harness import onboarded

WORDS = {"en": ("👷 For workers", "⬅️ Back", "Cancelled", "Art. 2)", "Level 1 – senior"),
         "zh": ("👷 职工", "⬅️ 上一步", "已取消", "第二条", "一级 – 高级技师")}


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_menu_screens_replace_the_one_tapped(services, lang) -> None:
    workers, back, *_ = WORDS[lang]
    user = await onboarded(services, 7100 + (lang == "en"), lang)
    await user.say("/menu")
    assert not user.replies[0].in_place  # typed: a new message
    await user.tap(workers)
    (screen,) = user.replies
    assert screen.in_place and any(b.data == "menu:top" for b in user.keyboard)
    await user.tap(back)
    (menu,) = user.replies
    assert menu.in_place and menu.home


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_a_dialog_that_ends_leaves_no_live_question(services, lang) -> None:
    _, _, cancelled, article, senior = WORDS[lang]
    user = await onboarded(services, 7110 + (lang == "en"), lang)
    await user.tap("🏅")  # the excellent technician check, first in a worker's menu
    await user.say("/cancel")
    closing, menu = user.replies
    assert closing.edit and not closing.buttons and cancelled in closing.text
    assert menu.home and not menu.edit
    await user.say("/menu")
    await user.tap("🏅")
    await user.tap(senior)
    await user.say("1966-03-01")  # a typed answer that ends the check
    answered, *rest = user.replies
    assert answered.edit and not answered.buttons and user.last.state is None
    assert article in rest[-1].text  # cited in the user's language


@pytest.mark.parametrize(("lang", "entry", "start", "officer"), [
    ("en", "Surveys and scoring", "English", "Government officer"),
    ("zh", "满意度调查与考核", "中文", "政府工作人员")])
async def test_the_officers_survey_menu_replaces_the_main_menu(services, lang, entry, start,
                                                               officer) -> None:
    from tests.conversation.harness import ConvUser

    user = ConvUser(services, 900, language_code="en" if lang == "en" else "zh-hans")
    await user.say("/start")
    await user.tap(start)
    await user.tap(officer)
    await user.tap("No thanks" if lang == "en" else "不用了")
    await user.tap(entry)
    (screen,) = user.replies
    assert screen.in_place and any(b.data == "menu:top" for b in user.keyboard)
