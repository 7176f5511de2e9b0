"""The profile and resumption in the terminal channel (buttons typed as #1, #2 ...):
/mydata in plain words and a change through it (English); an idle check continued where
it stopped (Chinese)."""

from __future__ import annotations

import io

from bot.config import load_settings
from bot.handlers.terminal import TerminalChat
from bot.services import Services
from tests.e2e.test_profile import age_the_dialog

ET = "/check jiangsu.excellent_technician"


async def chat_session(url: str, lines: list[str], language_code: str) -> str:
    out = io.StringIO()
    services = Services.create(load_settings(database_url=url, _env_file=None))
    try:
        await TerminalChat(services, out=out, language_code=language_code).run(
            io.StringIO("".join(f"{ln}\n" for ln in lines)))
    finally:
        await services.close()
    return out.getvalue()


async def test_en_mydata_in_plain_words_and_a_change_in_the_terminal(sqlite_url) -> None:
    # English, worker, consent; a check; /mydata; #4 is "✏️ date of birth"
    text = await chat_session(sqlite_url, [
        "#2", "#1", "#1", ET, "senior technician", "1975-06-15", "Man", "yes",
        "I have never taken part", "/mydata", "#4", "1980-03", "/check "
        "jiangsu.excellent_technician"], "en")
    mine = text.split("What I store about you", 1)[1]
    assert "date of birth: June 15, 1975" in mine and "sex: Man" in mine, mine
    assert "birth_date" not in mine and "#4 ✏️ date of birth" in mine
    assert "Saved: date of birth: March 1, 1980." in text
    again = text.rsplit("Check: ", 1)[1]
    assert "Reused from your profile" in again and "March 1, 1980" in again
    assert "✏️ Change what you told me before" in again and "man or a woman" not in again
    assert "Traceback" not in text


async def test_zh_an_idle_check_is_continued_in_the_terminal(sqlite_url) -> None:
    await chat_session(sqlite_url, ["#1", "#1", "#2", ET, "高级技师", "1975-06-15"], "zh-hans")
    await age_the_dialog(sqlite_url, 2)
    text = await chat_session(sqlite_url, ["你好", "#1", "男"], "zh-hans")
    assert "暂停" in text and "#1 ↩️ 继续上次" in text and "#2 🔄 重新开始" in text, text
    after = text.split("继续上次", 2)[2]
    assert "您的性别是" in after  # back at the question where it stopped
    assert "高技能领军人才" in after  # and it goes on from there
    assert "Traceback" not in text
