"""The profile and resumption through python-telegram-bot and the fake Bot API: /mydata in
plain words with change buttons, a change through the shared parser, the "change" button
under a check that reuses saved facts, sex asked once; an idle check continued."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from storage.db import make_engine, make_sessionmaker
from storage.models import DialogStateRow
from tests.e2e.harness import running_bot
from tests.e2e.scripted import Tap, all_text, walk
from tests.e2e.test_privacy import stored_user

ET = "/check jiangsu.excellent_technician"
ZH_SCRIPT = {
    "最高职业技能等级": Tap("一级 – 高级技师"),
    "出生日期": "1975年6月15日",
    "您的性别是": Tap("男"),
    "高技能领军人才": Tap("是"),
    "卓越技师培育计划": Tap("从未参加过"),
}
EN_SCRIPT = {
    "highest vocational skill level": Tap("Level 1 – senior technician (高级技师)"),
    "date of birth": "1975-06-15",
    "man or a woman": Tap("Man"),
    "leading talents": Tap("Yes"),
    "taken part in the Excellent Technician plan before": Tap("I have never taken part"),
}


def buttons(api, user) -> list[str]:  # noqa: ANN001
    return [label for label, _ in api.last_bot_message(user.id).buttons]


async def age_the_dialog(db_url: str, hours: int) -> None:
    """Move the stored dialog's clock back, as if `hours` had passed."""
    engine = make_engine(db_url)
    async with make_sessionmaker(engine)() as s, s.begin():
        row = (await s.execute(select(DialogStateRow))).scalar_one()
        state = dict(row.state)
        old = dt.datetime.fromisoformat(state["updated_at"]) - dt.timedelta(hours=hours)
        state["updated_at"] = old.isoformat()
        row.state = state
    await engine.dispose()


async def test_zh_mydata_in_plain_words_is_changed_and_reused_with_a_change_button(
        fake_api, sqlite_url) -> None:
    user = fake_api.user(6101, language_code="zh-hans")
    async with running_bot(fake_api, sqlite_url):
        await user.send_and_wait("/start")
        await user.click_and_wait("中文")
        await user.click_and_wait("👷 技能人才")
        await user.click_and_wait("✅ 同意")
        await user.send_and_wait(ET)
        await walk(fake_api, user, ZH_SCRIPT)
        await user.send_and_wait("/mydata")
        mine = fake_api.last_bot_message(user.id).text
        for part in ("出生日期：1975年6月15日", "性别：男", "技能等级：一级 – 高级技师", "身份：👷 技能人才"):
            assert part in mine, mine
        assert "birth_date" not in mine and "senior_technician" not in mine
        assert "✏️ 修改出生日期" in buttons(fake_api, user)
        await user.click_and_wait("✏️ 修改出生日期")
        await user.send_and_wait("1975年6月")  # a birth month, as the application form asks
        assert "已保存：出生日期：1975年6月1日" in fake_api.last_bot_message(user.id).text
        # the next check reuses the facts, sex included, and offers to change them
        await user.send_and_wait(ET)
        first = fake_api.last_bot_message(user.id)
        assert "已沿用您档案中的信息" in first.text and "性别：男" in first.text
        assert "您的性别是" not in first.text
        assert "✏️ 修改已保存的信息" in buttons(fake_api, user)
        _, asked = await walk(fake_api, user, ZH_SCRIPT)
        assert "您的性别是" not in asked and "出生日期" not in asked
    assert (await stored_user(sqlite_url, 6101)).profile["birth_date"] == "1975-06-01"
    assert "Traceback" not in all_text(fake_api, 6101)


async def test_en_an_idle_check_is_continued_where_it_stopped(fake_api, sqlite_url) -> None:
    user = fake_api.user(6102, language_code="en")
    async with running_bot(fake_api, sqlite_url, dialog_idle_minutes=30):
        await user.send_and_wait("/start")
        await user.click_and_wait("English")
        await user.click_and_wait("👷 Skilled worker")
        await user.click_and_wait("No thanks")
        await user.send_and_wait(ET)
        await user.click_and_wait("Level 1 – senior technician (高级技师)")
        await user.send_and_wait("1975-06-15")
        await age_the_dialog(sqlite_url, 2)
        await user.send_and_wait("hello")
        offer = fake_api.last_bot_message(user.id)
        assert "paused it" in all_text(fake_api, user.id)
        assert "man or a woman" in offer.text  # says where it stopped
        await user.click_and_wait("↩️ Continue where I left off")
        assert "man or a woman" in fake_api.last_bot_message(user.id).text
        result, asked = await walk(fake_api, user, EN_SCRIPT)
        assert asked[0] == "man or a woman" and "date of birth" not in asked
        assert "✅" in result
