"""Issue 14: a turn's replies survive a crash between the turn's commit and the send (the
reply outbox), a send that fails for longer than the sender retries is made later, and a
clean stop confirms what was delivered and waits for the work in the background."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import load_settings
from bot.services import Services
from storage.outbox import OutboxRepo
from tests.e2e.harness import BotProcess, running_bot
from tests.fakebot import FakeBotAPI

ET = "🏅 Check: Excellent Technician plan"


async def outbox_rows(db_url: str, to_send_only: bool = False) -> int:
    services = Services.create(load_settings(database_url=db_url, _env_file=None))
    try:
        async with services.transaction() as session:
            return await OutboxRepo(session).pending(to_send_only)
    finally:
        await services.close()


def menus(api: FakeBotAPI, chat_id: int) -> list[str]:
    """Texts of the bot's messages in the chat that carry the main menu."""
    return [m.text for m in api.chat(chat_id) if m.from_bot
            and any(ET in label for label, _ in m.buttons)]


@pytest.mark.slow  # `craftbot run` subprocesses
async def test_a_reply_committed_when_the_bot_is_killed_is_sent_after_the_restart(
        fake_api: FakeBotAPI, db_url: str, tmp_path: Path) -> None:
    uid = 6101
    user = fake_api.user(uid, language_code="en")
    # A long read timeout: the held request below is not retried by the first process.
    first = BotProcess(fake_api, db_url, tmp_path, TELEGRAM_READ_TIMEOUT_SECONDS="600")
    try:
        await first.polling()
        await user.send_and_wait("/help", timeout=15)
        assert not menus(fake_api, uid)
        # The next reply in this chat is held open by the Bot API ...
        fake_api.delay("sendMessage", 3600, chat_id=uid)
        await user.send("/menu")
        # ... and the bot is killed while it waits for the answer: the turn has committed
        # (the send comes after the commit), the reply has not reached Telegram.
        await fake_api.wait_for(lambda: fake_api.in_flight(uid) > 0, 15,
                                "the reply to /menu to be held by the Bot API")
    finally:
        first.kill()
    assert not menus(fake_api, uid)
    # The reply to /menu is still to send (the delivered /help row may be kept, marked
    # delivered, until Telegram has confirmed its update).
    assert await outbox_rows(db_url, to_send_only=True) == 1
    second = BotProcess(fake_api, db_url, tmp_path)
    try:
        await second.polling()
        await fake_api.wait_for(lambda: menus(fake_api, uid), 30,
                                "the reply to /menu after the restart")
        await user.send_and_wait("/help", timeout=15)  # and the bot serves the chat again
    finally:
        out = await second.stop()
    assert len(menus(fake_api, uid)) == 1
    assert "sent again" in out, out  # counted as a possible duplicate
    assert "Traceback" not in out, out
    assert await outbox_rows(db_url) == 0


async def test_a_reply_the_sender_gave_up_on_is_sent_by_the_sweep(fake_api: FakeBotAPI,
                                                                 db_url: str) -> None:
    """The Bot API fails longer than the sender retries (here: not at all): the reply
    stays in the outbox, no "sorry" is sent, and the next sweep delivers it."""
    uid = 6102
    user = fake_api.user(uid, language_code="en")
    async with running_bot(fake_api, db_url, send_retry_seconds=0,
                           outbox_redeliver_seconds=0, outbox_sweep_seconds=0.2) as app:
        await user.send_and_wait("/help")
        fake_api.fail("sendMessage", times=1, status=502, chat_id=uid)
        await user.send("/menu")
        await fake_api.wait_for(lambda: menus(fake_api, uid), 15,
                                "the reply to /menu, sent by the outbox's sweep")
        outbox = app.bot_data["outbox"]
        await fake_api.wait_for(lambda: outbox.stats["redelivered"] == 1, 5, "the count")
    texts = [m.text for m in fake_api.chat(uid) if m.from_bot]
    assert not any("went wrong" in t for t in texts), texts
    assert len(menus(fake_api, uid)) == 1
    assert await outbox_rows(db_url) == 0


async def test_a_clean_stop_confirms_every_delivered_reply(fake_api: FakeBotAPI,
                                                           db_url: str) -> None:
    """Delivered rows are deleted in batches in the background (here: an hour apart):
    stopping deletes the last batch, so a restart sends nothing twice."""
    user = fake_api.user(6103, language_code="en")
    async with running_bot(fake_api, db_url, outbox_ack_seconds=3600):
        await user.send_and_wait("/help")
        await user.send_and_wait("/menu")
        assert await outbox_rows(db_url) == 2  # delivered, waiting for their batch
    assert await outbox_rows(db_url) == 0
    async with running_bot(fake_api, db_url) as app:
        await user.send_and_wait("/help")
        assert app.bot_data["outbox"].stats["possible_duplicates"] == 0
    assert len(menus(fake_api, 6103)) == 1
