"""Issue 2 end to end: the real python-telegram-bot against the fake Bot API server."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.e2e.harness import BotProcess, running_bot


def texts(calls) -> str:
    return "\n".join(str(c.params.get("text", "")) for c in calls)


async def test_start_speaks_chinese_to_zh_hans_and_english_to_en(fake_api, sqlite_url) -> None:
    async with running_bot(fake_api, sqlite_url):
        zh = fake_api.user(101, language_code="zh-hans")
        en = fake_api.user(102, language_code="en")
        zh_reply = texts(await zh.send_and_wait("/start"))
        en_reply = texts(await en.send_and_wait("/start"))
    assert "欢迎" in zh_reply or "语言" in zh_reply, zh_reply
    assert any(w in en_reply for w in ("Welcome", "language")), en_reply
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in en_reply.replace("中文", "")), en_reply


async def test_commands_are_set_for_chinese_and_english(fake_api, sqlite_url) -> None:
    async with running_bot(fake_api, sqlite_url):
        await fake_api.wait_for_calls("setMyCommands", count=3)
    zh = {c["command"]: c["description"] for c in fake_api.commands(language_code="zh")}
    en = {c["command"]: c["description"] for c in fake_api.commands(language_code="en")}
    assert set(zh) == set(en) >= {"start", "help", "lang", "cancel", "menu"}
    assert zh["help"] != en["help"] and en["help"] == "Help"


async def test_lang_switch_survives_restart(fake_api, db_url) -> None:
    user = fake_api.user(201, language_code="zh-hans")
    async with running_bot(fake_api, db_url):
        await user.send_and_wait("/lang")
        msg = fake_api.last_bot_message(201)
        assert ("English", "lang:en") in fake_api.buttons(201, msg.message_id)
        await user.press_and_wait(msg.message_id, "lang:en")
        assert "Language set: English" in fake_api.last_bot_message(201).text
    # a brand-new Application on the same database: the choice is remembered
    async with running_bot(fake_api, db_url):
        reply = texts(await user.send_and_wait("/help"))
    assert "/help – Help" in reply and "/forget – Delete my data" in reply, reply


async def test_help_and_unknown_command_and_garbage_button(fake_api, sqlite_url) -> None:
    user = fake_api.user(301, language_code="en")
    async with running_bot(fake_api, sqlite_url):
        assert "/mydata" in texts(await user.send_and_wait("/help"))
        assert "do not know the command /frobnicate" in texts(
            await user.send_and_wait("/frobnicate now"))
        await user.send_and_wait("/lang")
        msg = fake_api.last_bot_message(301)
        forged = await user.press_and_wait(msg.message_id, "lang:xx", check=False)
    assert any("could not read" in c.params.get("text", "") for c in forged), forged


@pytest.mark.slow  # a `craftbot run` subprocess
async def test_craftbot_run_polls_the_configured_server(fake_api, tmp_path: Path) -> None:
    """The real `craftbot run` process polls TELEGRAM_API_BASE_URL and answers /start."""
    cache = tmp_path / "cache"
    proc = BotProcess(fake_api, f"sqlite+aiosqlite:///{tmp_path}/p.db", tmp_path,
                      SEARCH_CACHE_DIR=str(cache))
    try:
        await proc.polling()
        # the warm-up keeps the search index for the next start
        await fake_api.wait_for(lambda: list(cache.glob("search-index-*.json")), 30,
                                "the search index written to SEARCH_CACHE_DIR")
        user = fake_api.user(401, language_code="en")
        sent = time.monotonic()
        await user.send("/start")
        await fake_api.wait_for(lambda: fake_api.calls_of("sendMessage", chat_id=401),
                                timeout=10, what="an answer to /start")
        latency = fake_api.calls_of("sendMessage", chat_id=401)[0].at - sent
        print(f"\n/start answered by the craftbot process in {latency * 1000:.0f} ms")
    finally:
        out = await proc.stop()
    assert "Traceback" not in out, out
