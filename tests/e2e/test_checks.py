"""Issue 4 end to end: the two Jiangsu checks through the real bot and the fake Bot API,
in Chinese and English."""

from __future__ import annotations

import pytest

from tests.e2e.harness import running_bot
from tests.e2e.scripted import Tap, walk

ET_EN = "🏅 Check: Excellent Technician plan"
ET_ZH = "🏅 测算：卓越技师培育计划"
ST_EN = "🎖 Check: Special Technician pilot"
ST_ZH = "🎖 测算：特级技师评聘"


async def start_check(api, user, label: str) -> None:
    await user.send_and_wait("/menu")
    await user.click_and_wait(label)


EN_SENIOR_MAN_1975 = {
    "highest vocational skill level": Tap("Level 1 – senior technician (高级技师)"),
    "date of birth": "1975-06-15",
    "man or a woman": Tap("Man"),
    "leading talents": Tap("Yes"),
    "taken part in the Excellent Technician plan before": Tap("I have never taken part"),
}


async def test_excellent_technician_eligible_a_en(fake_api, sqlite_url) -> None:
    user = fake_api.user(1001, language_code="en")
    async with running_bot(fake_api, sqlite_url):
        await start_check(fake_api, user, ET_EN)
        result, _ = await walk(fake_api, user, EN_SENIOR_MAN_1975)
    assert "Eligible" in result and "category A" in result.replace("Category", "category")
    assert "¥10,000" in result and "¥20,000" in result
    assert "training institution" in result  # the plan pays the training unit
    assert "Art. 2)" in result and "Art. 23)" in result


async def test_excellent_technician_eligible_b_zh(fake_api, sqlite_url) -> None:
    user = fake_api.user(1002, language_code="zh-hans")
    script = {
        "职业技能等级": Tap("一级 – 高级技师"),
        "出生日期": "1978年3月2日",
        "性别": Tap("男"),
        "高技能领军人才": Tap("否"),
        "一次性补助": Tap("否"),
        "首席技师": Tap("是"),
        "卓越技师培育计划": Tap("从未参加过"),
    }
    async with running_bot(fake_api, sqlite_url):
        await start_check(fake_api, user, ET_ZH)
        result, asked = await walk(fake_api, user, script)
    assert "符合" in result and "B" in result, result
    assert "8,000元" in result and "1.6万元" in result, result
    assert "第三条" in result and "第二条" in result


async def test_excellent_technician_excluded_by_reformed_retirement_age(fake_api,
                                                                       sqlite_url) -> None:
    """Born 1966-05: under the old rule he retires in 2026-05; the reform adds 5 months
    (2026-10), still under 5 years from 2027-01-01, so he is out."""
    user = fake_api.user(1003, language_code="en")
    script = dict(EN_SENIOR_MAN_1975, **{"date of birth": "1966-05-10"})
    async with running_bot(fake_api, sqlite_url):
        await start_check(fake_api, user, ET_EN)
        result, asked = await walk(fake_api, user, script)
    assert "Not eligible" in result, result
    assert "2026-10" in result or "October" in result or "2026" in result, result
    assert "leading talents" not in asked  # nothing else can change the answer


async def test_woman_asked_original_retirement_age_only_when_it_decides(fake_api,
                                                                      sqlite_url) -> None:
    """A woman born 1976-03: with original age 55 she retires in 2034 (eligible), with 50
    in 2028 (too soon), so the bot must ask; then answer 50 → ineligible."""
    user = fake_api.user(1004, language_code="zh-hans")
    script = {
        "职业技能等级": Tap("一级 – 高级技师"),
        "出生日期": "1976-03-20",
        "性别": Tap("女"),
        "原法定退休年龄": Tap("50岁 – 工人岗位"),
        "高技能领军人才": Tap("是"),
        "卓越技师培育计划": Tap("从未参加过"),
    }
    async with running_bot(fake_api, sqlite_url):
        await start_check(fake_api, user, ET_ZH)
        result, asked = await walk(fake_api, user, script)
    assert "原法定退休年龄" in asked, asked
    assert "不符合" in result, result

    # a woman born 1985 retires after 2040 whatever her original age: not asked
    young = fake_api.user(1005, language_code="zh-hans")
    async with running_bot(fake_api, sqlite_url):
        await start_check(fake_api, young, ET_ZH)
        _, asked = await walk(fake_api, young, dict(script, **{"出生日期": "1985-01-01"}))
    assert "原法定退休年龄" not in asked, asked


async def test_rejoining_too_soon_says_from_when_and_offers_reminder(fake_api,
                                                                     sqlite_url) -> None:
    user = fake_api.user(1006, language_code="en")
    script = dict(EN_SENIOR_MAN_1975,
                  **{"taken part in the Excellent Technician plan before": "2025-06-30"})
    async with running_bot(fake_api, sqlite_url):
        await start_check(fake_api, user, ET_EN)
        result, _ = await walk(fake_api, user, script)
        buttons = [label for label, _ in fake_api.buttons(user.id)]
    assert "Not eligible" in result
    assert "2028" in result, result  # three years after the end of the last plan
    assert "Art. 23)" in result
    assert any("Remind me" in b for b in buttons), buttons


SPECIAL_BASE_EN = {
    "pilot enterprises": Tap("Yes"),
    "falsified materials": Tap("Never"),
    "honours": Tap("✔️ Done"),
}


async def test_special_technician_skill_route_en(fake_api, sqlite_url) -> None:
    user = fake_api.user(1007, language_code="en")
    script = dict(SPECIAL_BASE_EN, **{
        "highest vocational skill level": Tap("Level 1 – senior technician (高级技师)"),
        "How many years": "6",
        "same occupation": Tap("Yes"),
    })
    async with running_bot(fake_api, sqlite_url):
        await start_check(fake_api, user, ST_EN)
        result, asked = await walk(fake_api, user, script)
    assert "Eligible" in result or "eligible" in result.lower(), result
    assert "Part 1 (2)" in result, result
    assert "not stated in the document" in result, result


async def test_special_technician_title_route_zh(fake_api, sqlite_url) -> None:
    user = fake_api.user(1008, language_code="zh-hans")
    async with running_bot(fake_api, sqlite_url):
        await start_check(fake_api, user, ST_ZH)
        # a technician (not senior) can only come in through a full-senior title
        result, asked = await walk(fake_api, user, {
            "试点企业": Tap("是"),
            "职业技能等级": Tap("二级 – 技师"),
            "职称": Tap("正高级职称"),
            "专业领域": Tap("是"),
            "弄虚作假": Tap("从来没有"),
            "荣誉": Tap("✔️ 完成"),
        })
    assert "一（二）" in result, result
    assert "不符合" not in result.split("\n")[1], result


async def test_special_technician_priority_honours_en(fake_api, sqlite_url) -> None:
    user = fake_api.user(1009, language_code="en")
    async with running_bot(fake_api, sqlite_url):
        await start_check(fake_api, user, ST_EN)
        msg_id = None
        script = dict(SPECIAL_BASE_EN, **{
            "highest vocational skill level": Tap("Level 1 – senior technician (高级技师)"),
            "How many years": "8",
            "same occupation": Tap("Yes"),
        })
        script.pop("honours")
        with pytest.raises(AssertionError, match="unexpected question.*honours"):
            await walk(fake_api, user, script)
        msg = fake_api.last_bot_message(user.id)
        assert "honours" in msg.text
        msg_id = msg.message_id
        labels = [label for label, _ in fake_api.buttons(user.id, msg_id)]
        honour = next(lb for lb in labels if "WorldSkills" in lb or "Technical Expert" in lb)
        await user.click_and_wait(honour, msg_id)
        await user.click_and_wait("✔️ Done")
        result = fake_api.last_bot_message(user.id).text
    assert "priority" in result.lower(), result


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
async def test_result_shows_policy_status(fake_api, sqlite_url, lang: str) -> None:
    user = fake_api.user(1010, language_code=lang)
    script = EN_SENIOR_MAN_1975 if lang == "en" else {
        "职业技能等级": Tap("一级 – 高级技师"), "出生日期": "1975-06-15", "性别": Tap("男"),
        "高技能领军人才": Tap("是"), "卓越技师培育计划": Tap("从未参加过")}
    async with running_bot(fake_api, sqlite_url):
        await start_check(fake_api, user, ET_EN if lang == "en" else ET_ZH)
        result, _ = await walk(fake_api, user, script)
    assert ("in force" in result) if lang == "en" else ("有效" in result or "施行" in result), \
        result
