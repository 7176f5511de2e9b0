"""When something breaks on our side, the user gets a polite note in their language and
never a traceback; the bot keeps running."""

from __future__ import annotations

from sqlalchemy import text

from storage.db import make_engine
from tests.e2e.harness import running_bot


async def test_database_failure_is_answered_politely(fake_api, sqlite_url) -> None:
    zh = fake_api.user(7001, language_code="zh-hans")
    en = fake_api.user(7002, language_code="en")
    async with running_bot(fake_api, sqlite_url):
        await zh.send_and_wait("/menu")
        engine = make_engine(sqlite_url)
        async with engine.begin() as conn:  # a real failure: the table disappears
            await conn.execute(text("ALTER TABLE dialog_states RENAME TO dialog_states_gone"))
        await engine.dispose()
        zh_reply = "\n".join(c.params.get("text", "") for c in await zh.send_and_wait("/menu"))
        en_reply = "\n".join(c.params.get("text", "") for c in await en.send_and_wait("/menu"))
        engine = make_engine(sqlite_url)
        async with engine.begin() as conn:
            await conn.execute(text("ALTER TABLE dialog_states_gone RENAME TO dialog_states"))
        await engine.dispose()
        after = "\n".join(c.params.get("text", "") for c in await en.send_and_wait("/menu"))
    assert "出错" in zh_reply or "抱歉" in zh_reply, zh_reply
    assert "went wrong" in en_reply, en_reply
    for reply in (zh_reply, en_reply):
        assert "Traceback" not in reply and "sqlalchemy" not in reply.lower()
    assert "went wrong" not in after and after  # recovered
