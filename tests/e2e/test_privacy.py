"""Onboarding with consent: facts are saved only after consent, reused, shown by /mydata
and deleted by /forget."""

from __future__ import annotations

from sqlalchemy import select

from storage.db import make_engine, make_sessionmaker
from storage.models import User
from tests.e2e.harness import running_bot
from tests.e2e.scripted import Tap, walk

ET = "🏅 Check: Excellent Technician plan"
SCRIPT = {
    "highest vocational skill level": Tap("Level 1 – senior technician (高级技师)"),
    "date of birth": "1975-06-15",
    "man or a woman": Tap("Man"),
    "leading talents": Tap("Yes"),
    "taken part in the Excellent Technician plan before": Tap("I have never taken part"),
}


async def stored_user(db_url: str, telegram_id: int) -> User | None:
    engine = make_engine(db_url)
    try:
        async with make_sessionmaker(engine)() as s:
            return (await s.execute(select(User).where(User.telegram_id == telegram_id))
                    ).scalar_one_or_none()
    finally:
        await engine.dispose()


async def onboard(user, consent: str) -> None:
    await user.send_and_wait("/start")
    await user.click_and_wait("English")
    await user.click_and_wait("👷 Skilled worker")
    await user.click_and_wait(consent)


async def test_consent_saves_and_reuses_then_forget_deletes(fake_api, db_url) -> None:
    user = fake_api.user(6001, language_code="en")
    async with running_bot(fake_api, db_url):
        await onboard(user, "✅ I agree")
        await user.click_and_wait(ET)
        await walk(fake_api, user, SCRIPT)
        saved = (await stored_user(db_url, 6001)).profile
        assert saved.get("birth_date") == "1975-06-15"
        assert saved.get("skill_level") == "senior_technician"
        # a second check does not ask again what the profile holds, and says so
        await user.send_and_wait("/menu")
        await user.click_and_wait(ET)
        text = "\n".join(m.text for m in fake_api.chat(6001)[-3:])
        assert "profile" in text.lower(), text
        _, asked = await walk(fake_api, user, SCRIPT)
        assert "date of birth" not in asked and "highest vocational skill level" not in asked
        mydata = "\n".join(c.params["text"] for c in await user.send_and_wait("/mydata"))
        assert "date of birth: June 15, 1975" in mydata and "birth_date" not in mydata
        await user.send_and_wait("/forget")
        await user.click_and_wait("🗑 Yes, delete")
    assert await stored_user(db_url, 6001) is None  # the whole row, Telegram id and all


async def test_without_consent_nothing_personal_is_kept(fake_api, sqlite_url) -> None:
    user = fake_api.user(6002, language_code="en")
    async with running_bot(fake_api, sqlite_url):
        await onboard(user, "No thanks")
        await user.click_and_wait(ET)
        await walk(fake_api, user, SCRIPT)
        mydata = "\n".join(c.params["text"] for c in await user.send_and_wait("/mydata"))
    row = await stored_user(sqlite_url, 6002)
    assert row.profile == {} and row.consent_at is None
    assert "1975" not in mydata and "not given" in mydata


async def test_returning_user_is_greeted_back_and_can_set_up_again(fake_api, sqlite_url) -> None:
    user = fake_api.user(6003, language_code="zh-hans")
    async with running_bot(fake_api, sqlite_url):
        await onboard(user, "No thanks")  # chose English and worker
        back = "\n".join(c.params.get("text", "") for c in await user.send_and_wait("/start"))
        assert "Welcome back" in back and "choose a language" not in back.lower()
        await user.click_and_wait("🔁 Language, role and privacy again")
        assert "language" in fake_api.last_bot_message(6003).text.lower()
