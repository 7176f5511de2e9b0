"""Results through the real bot and the fake Bot API, in zh and en: the headline says first
whether one can apply now, and an expired or draft programme offers no application."""

from __future__ import annotations

import pytest

from tests.e2e.harness import running_bot

YES = ("Yes", "是")


async def answer_all(api, user, typed: str = "30") -> str:
    """Answer a check to its end (Yes where offered, else the first option; `typed` for a
    typed question); the result's text."""
    for _ in range(15):
        msg = api.last_bot_message(user.id)
        options = [(label, data) for label, data in msg.buttons if data and
                   data.startswith("a:")]
        is_question = any(data and data.startswith("n:") for _, data in msg.buttons)
        if not is_question:
            return msg.text
        if options:
            label = next((lb for lb, _ in options if lb in YES), options[0][0])
            await user.click_and_wait(label, msg.message_id)
        else:
            await user.send_and_wait(typed)
    raise AssertionError("the check did not end")


async def onboard(user, lang: str) -> None:
    await user.send_and_wait("/start")
    await user.click_and_wait("English" if lang == "en" else "中文")
    await user.click_and_wait("🏭 Employer / HR" if lang == "en" else "🏭 用人单位 / 人事")
    await user.click_and_wait("No thanks" if lang == "en" else "不用了")


@pytest.mark.parametrize(("lang", "program", "icon", "words", "never"), [
    ("zh", "jiangmen.self_evaluation", "⛔", "现在不能申请", "联系当地人力资源和社会保障部门申请"),
    ("en", "jiangmen.self_evaluation", "⛔", "can be applied for", "to apply"),
    ("zh", "quzhou.competition_hosting", "📝", "征求意见稿", "联系当地人力资源和社会保障部门申请"),
    ("en", "quzhou.competition_hosting", "📝", "draft", "to apply"),
    ("zh", "jiangsu.special_technician.pilot_enterprise", "🟢", "", None),
    ("en", "jiangsu.special_technician.pilot_enterprise", "🟢", "", None),
])
async def test_the_status_comes_first(fake_api, sqlite_url, lang, program, icon, words,
                                      never) -> None:
    user = fake_api.user(9100 + hash((lang, program)) % 800, language_code=lang)
    async with running_bot(fake_api, sqlite_url):
        await onboard(user, lang)
        await user.send_and_wait(f"/check {program}")
        result = await answer_all(fake_api, user)
    head = "\n".join(result.splitlines()[:2])
    assert icon in head and words in head, result
    if never:
        assert never not in result, result
