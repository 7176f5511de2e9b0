"""Issue 4 end to end: back, cancel, interruptions, expiry, stale and forged buttons,
garbage and huge input — each through the real bot and the fake Bot API."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from storage.db import make_engine, make_sessionmaker
from storage.models import DialogStateRow, User
from tests.e2e.harness import running_bot

ET = "🏅 Check: Excellent Technician plan"
SENIOR = "Level 1 – senior technician (高级技师)"


async def dialog_row(db_url: str, telegram_id: int) -> DialogStateRow | None:
    engine = make_engine(db_url)
    try:
        async with make_sessionmaker(engine)() as s:
            return (await s.execute(select(DialogStateRow).join(
                User, User.id == DialogStateRow.user_id).where(User.telegram_id == telegram_id))
                    ).scalar_one_or_none()
    finally:
        await engine.dispose()


async def begin(api, user) -> None:
    await user.send_and_wait("/menu")
    await user.click_and_wait(ET)


def last(api, user) -> str:
    return api.last_bot_message(user.id).text


async def test_back_reasks_previous_question(fake_api, sqlite_url) -> None:
    user = fake_api.user(2001, language_code="en")
    async with running_bot(fake_api, sqlite_url):
        await begin(fake_api, user)
        await user.click_and_wait(SENIOR)
        assert "date of birth" in last(fake_api, user)
        await user.click_and_wait("⬅️ Back")
        assert "skill level" in last(fake_api, user)
        row = await dialog_row(sqlite_url, 2001)
        assert "skill_level" not in str(row.state.get("data", {}).get("answers", {}))
        # typed /back works too, and the flow then continues normally
        await user.click_and_wait(SENIOR)
        await user.send_and_wait("/back")
        assert "skill level" in last(fake_api, user)


async def test_cancel_ends_the_dialog_and_offers_the_menu(fake_api, sqlite_url) -> None:
    user = fake_api.user(2002, language_code="zh-hans")
    async with running_bot(fake_api, sqlite_url):
        await user.send_and_wait("/menu")
        await user.click_and_wait("🏅 测算：卓越技师培育计划")
        assert await dialog_row(sqlite_url, 2002) is not None
        await user.click_and_wait("✖️ 取消")
        labels = [lb for lb, _ in fake_api.buttons(2002)]
        assert "🏅 测算：卓越技师培育计划" in labels  # back at the menu
        assert await dialog_row(sqlite_url, 2002) is None
        await user.send_and_wait("/cancel")  # nothing open: still a polite answer
        assert last(fake_api, user)


async def test_help_and_lang_interrupt_then_the_question_returns(fake_api, sqlite_url) -> None:
    user = fake_api.user(2003, language_code="en")
    async with running_bot(fake_api, sqlite_url):
        await begin(fake_api, user)
        await user.click_and_wait(SENIOR)
        calls = await user.send_and_wait("/help")
        sent = [c.params.get("text", "") for c in calls]
        assert any("/mydata" in t for t in sent)
        assert "date of birth" in last(fake_api, user)  # the open question again
        await user.send_and_wait("/lang")
        await user.click_and_wait("中文")
        assert "出生日期" in last(fake_api, user)  # same question, now in Chinese
        await user.send_and_wait("1975-06-15")
        assert "性别" in last(fake_api, user)  # and the dialog goes on


async def test_idle_dialog_expires_with_a_friendly_note(fake_api, sqlite_url) -> None:
    user = fake_api.user(2004, language_code="en")
    # DIALOG_RESUME_HOURS=0: not kept to be continued (tests/e2e/test_profile.py: kept)
    async with running_bot(fake_api, sqlite_url, dialog_idle_minutes=30,
                           dialog_resume_hours=0):
        await begin(fake_api, user)
        await user.click_and_wait(SENIOR)
        # two hours pass: move the stored dialog's clock back
        engine = make_engine(sqlite_url)
        async with make_sessionmaker(engine)() as s, s.begin():
            row = (await s.execute(select(DialogStateRow))).scalar_one()
            state = dict(row.state)
            old = dt.datetime.fromisoformat(state["updated_at"]) - dt.timedelta(hours=2)
            state["updated_at"] = old.isoformat()
            row.state = state
        await engine.dispose()
        await user.send_and_wait("1975-06-15")
    assert "idle for a long time" in "\n".join(m.text for m in fake_api.chat(2004))
    assert await dialog_row(sqlite_url, 2004) is None


async def test_stale_and_forged_buttons_change_nothing(fake_api, sqlite_url) -> None:
    user = fake_api.user(2005, language_code="en")
    async with running_bot(fake_api, sqlite_url):
        await begin(fake_api, user)
        question = fake_api.last_bot_message(2005)
        old_data = dict(fake_api.buttons(2005, question.message_id))[SENIOR]
        await user.click_and_wait(SENIOR)
        before = (await dialog_row(sqlite_url, 2005)).state
        # the old question's button, pressed again (its keyboard was removed by the edit)
        calls = await user.press_and_wait(question.message_id, old_data, check=False)
        assert any("old question" in c.params.get("text", "") for c in calls)
        assert (await dialog_row(sqlite_url, 2005)).state["data"] == before["data"]
        # forged data
        await user.press(question.message_id, "a:9999:zzzzzz:7", check=False)
        await user.press(question.message_id, "\u0000garbage", check=False)
        await fake_api.wait_for(lambda: len(fake_api.calls_of("answerCallbackQuery")) >= 4)
        await fake_api.wait_handled()  # the presses' replies are sent after their answers
        assert (await dialog_row(sqlite_url, 2005)).state["data"] == before["data"]
        assert "could not read that button" in last(fake_api, user)
        open_questions = [m for m in fake_api.chat(2005)
                          if any(d.startswith("n:") for _, d in m.buttons if d)]
        assert "date of birth" in open_questions[-1].text


async def test_garbage_and_huge_input_are_reasked_politely(fake_api, sqlite_url) -> None:
    user = fake_api.user(2006, language_code="en")
    async with running_bot(fake_api, sqlite_url):
        await begin(fake_api, user)
        sent = "\n".join(c.params.get("text", "") for c in await user.send_and_wait("banana"))
        assert "choose one of the buttons" in sent
        await user.click_and_wait(SENIOR)
        for bad in ("1975-13-40", "yesterday", "🙂"):
            sent = "\n".join(c.params.get("text", "") for c in await user.send_and_wait(bad))
            assert "1975-06-15" in sent, sent  # re-asked with an example
        sent = "\n".join(c.params.get("text", "") for c in await user.send_and_wait("9" * 5000))
        assert "too long" in sent
        await user.send_and_wait("/frobnicate")
        assert "date of birth" in last(fake_api, user) or "do not know" in last(fake_api, user)
        await user.send_and_wait("1975年6月15日")
        assert "man or a woman" in last(fake_api, user)
    assert all(c.status == 200 for c in fake_api.calls if c.method.startswith("send"))


async def test_one_users_rapid_updates_are_handled_in_order(fake_api, sqlite_url) -> None:
    """Updates are processed concurrently across users, but one user's in arrival order:
    a date followed at once by /back must end on the date question again."""
    user = fake_api.user(2007, language_code="en")
    other = fake_api.user(2008, language_code="en")
    async with running_bot(fake_api, sqlite_url):
        await begin(fake_api, user)
        await user.click_and_wait(SENIOR)
        await user.send("1975-06-15")
        await other.send("/help")
        await user.send("/back")
        await user.send_and_wait("/back")
        row = await dialog_row(sqlite_url, 2007)
    answers = row.state["data"]["answers"]
    assert "birth_date" not in answers and "skill_level" not in answers, answers
    texts = [m.text for m in fake_api.chat(2007)]
    assert not any("choose one of the buttons" in t for t in texts), texts
