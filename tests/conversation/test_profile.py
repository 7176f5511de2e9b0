"""A profile people can see and fix: /mydata in plain words (labels, formatted dates,
role, consent, saved facts, reminders), each item with change and delete buttons; the
change step takes typed answers through the shared parser, with a way back and out; a
"change" button wherever saved facts are reused; sex and region remembered."""

from __future__ import annotations

import pytest

from bot.dialogs.engine.types import Event
from bot.services import Services
from storage.repos import UserRepo
from tests.conversation.harness import ConvUser

ET = "/check jiangsu.excellent_technician"
W = {
    "en": {"lang": "English", "role": "Skilled worker", "agree": "I agree",
           "senior": "senior technician", "man": "Man", "yes": "Yes",
           "never": "never taken part", "title": "What I store about you",
           "born": "date of birth: June 15, 1975", "sex": "sex: Man",
           "level": "skill level: Level 1 – senior technician", "consent": "given on",
           "edit_birth": "✏️ date of birth", "del_sex": "🗑 sex", "back": "Back",
           "to_list": "Back to my data", "cancel": "Cancel", "pick": "What would you like",
           "reborn": "date of birth: March 1, 1980", "saved": "Saved: date of birth",
           "deleted": "Deleted: sex", "not_saved": "not in your profile",
           "reused": "Reused from your profile", "change": "Change what you told me",
           "asks_sex": "man or a woman", "month": "1980-03", "bad": "31 Febtember",
           "birth_q": "date of birth?", "reminder": "submit report", "moved_on": "nothing reused to change",
           "codes": ("birth_date", "senior_technician", "skill_level")},
    "zh": {"lang": "中文", "role": "技能人才", "agree": "同意",
           "senior": "高级技师", "man": "男", "yes": "是",
           "never": "从未参加", "title": "我保存的您的信息",
           "born": "出生日期：1975年6月15日", "sex": "性别：男",
           "level": "技能等级：一级 – 高级技师", "consent": "已于",
           "edit_birth": "✏️ 修改出生日期", "del_sex": "🗑 删除性别", "back": "上一步",
           "to_list": "返回我的资料", "cancel": "取消", "pick": "您想修改哪一项",
           "reborn": "出生日期：1980年3月1日", "saved": "已保存：出生日期",
           "deleted": "已删除：性别", "not_saved": "没有这一项",
           "reused": "已沿用您档案中的信息", "change": "修改已保存的信息",
           "asks_sex": "您的性别是", "month": "1980年3月", "bad": "明年二月三十日",
           "birth_q": "出生日期", "reminder": "提交报告", "moved_on": "已没有可修改",
           "codes": ("birth_date", "senior_technician", "skill_level")},
}


async def consenting(services: Services, uid: int, lang: str) -> ConvUser:
    w = W[lang]
    user = ConvUser(services, uid, language_code="en" if lang == "en" else "zh-hans")
    await user.say("/start")
    await user.tap(w["lang"])
    await user.tap(w["role"])
    await user.tap(w["agree"])
    return user


async def with_saved_check(services: Services, uid: int, lang: str) -> ConvUser:
    w = W[lang]
    user = await consenting(services, uid, lang)
    await user.say(ET)
    await user.tap(w["senior"])
    await user.say("1975-06-15")
    await user.tap(w["man"])
    while user.last.state is not None:  # the remaining yes/no and "never" questions
        labels = [b.label for b in user.keyboard]
        await user.tap(w["never"] if any(w["never"] in x for x in labels) else w["yes"])
    return user


def labels(user: ConvUser) -> str:
    return " | ".join(b.label for b in user.keyboard)


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_mydata_speaks_plain_words_with_buttons_for_each_item(services, lang) -> None:
    w = W[lang]
    user = await with_saved_check(services, 40 + (lang == "zh"), lang)
    await user.say("/mydata")
    text = user.text
    for part in (w["title"], w["born"], w["sex"], w["level"], w["consent"]):
        assert part in text, (part, text)
    for code in w["codes"]:
        assert code not in text, (code, text)
    assert w["edit_birth"] in labels(user) and w["del_sex"] in labels(user), labels(user)


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_editing_a_date_takes_a_month_has_back_and_cancel_and_saves(services, lang
                                                                          ) -> None:
    w = W[lang]
    user = await with_saved_check(services, 42 + (lang == "zh"), lang)
    await user.say("/mydata")
    await user.tap(w["edit_birth"])
    assert w["birth_q"] in user.text and w["back"] in labels(user)
    assert w["cancel"] in labels(user)
    await user.say(w["bad"])  # not a date: asked again, nothing lost
    assert "⚠️" in user.text and user.last.state.flow == "profile"
    await user.tap(w["back"])  # back: the list of items, with a way back to /mydata
    assert w["pick"] in user.text and w["to_list"] in labels(user)
    await user.tap(w["to_list"])
    assert w["born"] in user.text and user.last.state is None
    await user.tap(w["edit_birth"])
    await user.say(w["month"])  # a birth month is enough (the retirement-age rules)
    assert w["saved"] in user.text and w["reborn"] in user.text, user.text
    async with services.transaction() as s:
        row = await UserRepo(s).get(user.id)
        assert row.profile["birth_date"] == "1980-03-01"


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_deleting_a_fact_and_stale_or_forged_buttons(services, lang) -> None:
    w = W[lang]
    user = await with_saved_check(services, 44 + (lang == "zh"), lang)
    await user.say("/mydata")
    delete = next(b for b in user.keyboard if w["del_sex"] in b.label)
    await user.tap(w["del_sex"])
    assert w["deleted"] in user.text and w["sex"] not in user.text
    async with services.transaction() as s:
        assert "sex" not in (await UserRepo(s).get(user.id)).profile
    await user.send(Event.press(delete.data))  # the same delete again: a stale button
    assert w["not_saved"] in user.text and "Traceback" not in user.text
    await user.send(Event.press("pf:e:no_such_fact"))  # forged
    assert w["not_saved"] in user.text
    await user.send(Event.press("pf:zz"))
    assert w["not_saved"] in user.text
    # the check asks the deleted fact again, and only that one
    await user.say(ET)
    assert w["asks_sex"] in user.text


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_a_check_that_reuses_facts_offers_to_change_them_and_goes_on(services, lang
                                                                           ) -> None:
    w = W[lang]
    user = await with_saved_check(services, 46 + (lang == "zh"), lang)
    await user.say(ET)
    assert w["reused"] in user.text and w["change"] in labels(user), (user.text, labels(user))
    assert w["asks_sex"] not in user.text  # sex is remembered like the other facts
    await user.tap(w["change"])
    assert w["pick"] in user.text
    await user.tap(w["birth_q"].rstrip("?"))
    await user.say("1980-03-01")
    assert w["saved"] in user.text
    state = user.last.state
    assert state.flow == "check" and state.data["preset"]["birth_date"] == "1980-03-01"
    # stale: the change button once that check is closed
    await user.say("/cancel")
    await user.send(Event.press("pf:fix"))
    assert w["moved_on"] in user.text and user.last.state is None


async def test_mydata_lists_reminders_with_their_buttons(services) -> None:
    user = await consenting(services, 48, "en")
    await user.say("/remind")
    await user.tap("Tomorrow")
    await user.tap("09:00") if any("09:00" in b.label for b in user.keyboard) else None
    await user.say("submit report")
    while user.last.state is not None and user.last.state.flow == "remind":
        await user.tap(user.keyboard[0].label)
    await user.say("/mydata")
    assert "submit report" in user.text, user.text
    assert "🗑 reminder 1" in labels(user)


async def test_without_consent_there_are_no_facts_to_edit(services) -> None:
    user = ConvUser(services, 49)
    await user.say("/start")
    await user.tap("English")
    await user.tap("Skilled worker")
    await user.tap("No thanks")
    await user.say("/mydata")
    assert "not given" in user.text and "Allow keeping my facts" in labels(user)
    await user.send(Event.press("pf:e:birth_date"))  # forged
    assert "not in your profile" in user.text
    await user.tap("Allow keeping my facts")
    await user.tap("I agree")
    assert "given on" in user.text

