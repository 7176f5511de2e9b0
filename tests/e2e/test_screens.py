"""Menus and screens edited in place, and the last question of an ended dialog left with
no live buttons — through the real bot and the fake Bot API, in Chinese and English."""

from __future__ import annotations

import pytest

from tests.e2e.harness import running_bot

LANGS = {
    "en": {"code": "en", "workers": "👷 For workers: subsidies and awards", "back": "⬅️ Back",
           "main": "🏠 Main menu", "title": "What would you like to do?",
           "check": "🏅 Check: Excellent Technician plan",
           "senior": "Level 1 – senior technician (高级技师)",
           "cancelled": "✖️ Cancelled", "closed": "⏹ Closed", "ineligible": "Not eligible",
           "art": "Art. 2)"},
    "zh": {"code": "zh-hans", "workers": "👷 职工：补贴与奖励", "back": "⬅️ 上一步",
           "main": "🏠 主菜单", "title": "您想做什么？", "check": "🏅 测算：卓越技师培育计划",
           "senior": "一级 – 高级技师", "cancelled": "✖️ 已取消", "closed": "⏹ 已关闭",
           "ineligible": "不符合条件", "art": "第二条"},
}


def sent(calls, method: str) -> list:
    return [c for c in calls if c.method == method]


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_menu_submenu_and_back_edit_one_message(fake_api, sqlite_url, lang) -> None:
    words = LANGS[lang]
    user = fake_api.user(3101 + (lang == "en"), language_code=words["code"])
    async with running_bot(fake_api, sqlite_url):
        await user.send_and_wait("/menu")
        menu = fake_api.last_bot_message(user.id)
        calls = await user.click_and_wait(words["workers"], menu.message_id)
        assert [c.method for c in calls] == ["editMessageText"]
        assert fake_api.last_bot_message(user.id).message_id == menu.message_id
        assert words["back"] in [lb for lb, _ in fake_api.buttons(user.id, menu.message_id)]
        calls = await user.click_and_wait(words["back"], menu.message_id)
        assert [c.method for c in calls] == ["editMessageText"]
        again = fake_api.last_bot_message(user.id)
        assert again.message_id == menu.message_id and words["title"] in again.text
        # one menu message in the chat, not one per tap
        assert len([m for m in fake_api.chat(user.id) if m.from_bot]) == 1


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_typed_cancel_marks_the_question_and_takes_its_buttons(fake_api, sqlite_url,
                                                                     lang) -> None:
    words = LANGS[lang]
    user = fake_api.user(3111 + (lang == "en"), language_code=words["code"])
    async with running_bot(fake_api, sqlite_url):
        await user.send_and_wait("/menu")
        await user.click_and_wait(words["check"])
        question = fake_api.last_bot_message(user.id)
        assert question.buttons
        await user.send_and_wait("/cancel")
        edited = next(m for m in fake_api.chat(user.id) if m.message_id == question.message_id)
        assert not edited.buttons and words["cancelled"] in edited.text
        assert words["title"] in fake_api.last_bot_message(user.id).text  # the menu follows


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_a_typed_last_answer_closes_the_question_before_the_result(fake_api, sqlite_url,
                                                                         lang) -> None:
    words = LANGS[lang]
    user = fake_api.user(3121 + (lang == "en"), language_code=words["code"])
    async with running_bot(fake_api, sqlite_url):
        await user.send_and_wait("/menu")
        await user.click_and_wait(words["check"])
        await user.click_and_wait(words["senior"])
        question = fake_api.last_bot_message(user.id)  # the date of birth
        calls = await user.send_and_wait("1966-03-01")  # too close to retirement: a result
        assert sent(calls, "editMessageText")[0].params["message_id"] == question.message_id
        edited = next(m for m in fake_api.chat(user.id) if m.message_id == question.message_id)
        assert not edited.buttons and "1966" in edited.text
        result = fake_api.last_bot_message(user.id).text
        assert words["ineligible"] in result and words["art"] in result


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_a_menu_over_an_open_dialog_closes_its_question(fake_api, sqlite_url,
                                                              lang) -> None:
    words = LANGS[lang]
    user = fake_api.user(3131 + (lang == "en"), language_code=words["code"])
    async with running_bot(fake_api, sqlite_url):
        await user.send_and_wait("/menu")
        await user.click_and_wait(words["check"])
        question = fake_api.last_bot_message(user.id)
        await user.send_and_wait("/menu")
        edited = next(m for m in fake_api.chat(user.id) if m.message_id == question.message_id)
        assert not edited.buttons and words["closed"] in edited.text
        # a late press on that old message's (former) button still gets a new message
        menu = fake_api.last_bot_message(user.id)
        assert menu.message_id != question.message_id and words["title"] in menu.text
