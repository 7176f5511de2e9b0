"""The employer survey's review through the real bot and the fake Bot API: one answer
changed by its item button, the review shown again, then submitted — in Chinese and
English; the stored response has the changed answer."""

from __future__ import annotations

import pytest

from storage.models import SurveyResponse
from tests.e2e.harness import running_bot
from tests.surveys.chatting import LINK, open_officer_menu, rows, texts, visible

ADMIN = 7_400_000_001
WORDS = {
    "zh": {"code": "zh-hans", "no_other": "没有其他职业了", "none": "暂无人员参加",
           "nothing": "没有了", "item": "✏️ 主要技术和工艺难题", "submit": "✅ 提交答案",
           "review": "请核对您的答案", "thanks": "谢谢"},
    "en": {"code": "en", "no_other": "No other occupation", "none": "No staff took part yet",
           "nothing": "Nothing else", "item": "✏️ Main technical and process problems",
           "submit": "✅ Submit my answers", "review": "Please check your answers",
           "thanks": "Thank you"},
}


async def employer_campaign(api) -> str:
    admin = api.user(ADMIN, "Admin")
    await open_officer_menu(admin)
    await admin.click_and_wait("➕ 新建用人单位调查")
    await admin.click_and_wait("苏州市")
    await admin.send_and_wait("2026年度用人单位调查")
    await admin.click_and_wait("今天")
    await admin.click_and_wait("一周后")
    said = texts(await admin.click_and_wait("✅ 创建调查"))
    return LINK.search(said).group(2)


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_an_answer_changed_from_the_review_is_the_one_stored(fake_api, sqlite_url,
                                                                   lang) -> None:
    words = WORDS[lang]
    async with running_bot(fake_api, sqlite_url, admin_ids=[ADMIN]):
        payload = await employer_campaign(fake_api)
        user = fake_api.user(7_400_000_010 + (lang == "en"), "Zhou",
                             language_code=words["code"])
        await user.send_and_wait(f"/start {payload}")
        for text in ("Suzhou Precision", "CNC turner", "2 5 18 10"):
            await user.send_and_wait(text)
        await user.click_and_wait(words["no_other"])
        await user.send_and_wait("Parts vary")
        await user.send_and_wait("No equipment")
        await user.click_and_wait(words["none"])
        await user.click_and_wait(words["nothing"])
        review = user.last_message
        assert words["review"] in visible(user) and "Parts vary" in visible(user)
        await user.click_and_wait(words["item"], review.message_id)
        assert "Parts vary" in visible(user)  # the answer so far, to keep or replace
        await user.send_and_wait("Tolerances drift")
        assert words["review"] in visible(user) and "Tolerances drift" in visible(user)
        assert words["thanks"] in texts(await user.click_and_wait(words["submit"]))
        (stored,) = await rows(sqlite_url, SurveyResponse)
        assert stored.answers["problems"] == "Tolerances drift"
        assert stored.answers["company"] == "Suzhou Precision"
