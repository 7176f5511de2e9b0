"""An update python-telegram-bot cannot read stops nobody: it is skipped (the offset moves
past it), kept for inspection, and the others are answered."""

from __future__ import annotations

import json

from sqlalchemy import select
from telegram.request import HTTPXRequest

from bot.config import load_settings
from bot.handlers.updates import SafeUpdatesRequest, parse_update
from bot.services import Services
from storage.models import DeadUpdate
from tests.e2e.harness import running_bot

# A poll as an older self-hosted Bot API server sends it: no options[].persistent_id,
# which PTB 22 requires, so parsing the whole getUpdates answer fails.
POLL = {"message_id": 1, "date": 1_700_000_000, "chat": {"id": 301, "type": "private"},
        "from": {"id": 301, "is_bot": False, "first_name": "Pat"},
        "poll": {"id": "p1", "question": "Q?", "total_voter_count": 0, "is_closed": False,
                 "is_anonymous": True, "type": "regular", "allows_multiple_answers": False,
                 "options": [{"text": "a", "voter_count": 0}, {"text": "b", "voter_count": 0}]}}


def test_a_bad_update_in_a_batch_is_replaced_by_a_bare_one() -> None:
    skipped: list[tuple] = []
    req = SafeUpdatesRequest(HTTPXRequest(), on_skipped=lambda *a: skipped.append(a))
    text = {k: v for k, v in POLL.items() if k != "poll"} | {"text": "hi"}
    body = json.loads(req.clean(json.dumps({"ok": True, "result": [
        {"update_id": 7, "message": POLL}, {"update_id": 8, "message": text}]}).encode()))
    assert body["result"] == [{"update_id": 7}, {"update_id": 8, "message": text}]
    assert [(s[0], s[1]) for s in skipped] == [(7, "message")]
    assert parse_update("nonsense", None) is None and parse_update({"x": 1}, None) is None
    untouched = json.dumps({"ok": True, "result": [{"update_id": 9, "message": text}]}).encode()
    assert req.clean(untouched) is untouched


async def test_after_a_poison_update_others_are_answered_and_it_is_kept(fake_api,
                                                                      sqlite_url) -> None:
    other = fake_api.user(302, language_code="en")
    async with running_bot(fake_api, sqlite_url):
        poison_id = await fake_api.queue_update("message", POLL)
        replies = await other.send_and_wait("/start")
        assert replies, "nobody answered after the poison update"
        # Confirmed to the server by the next getUpdates, sent once the batch is handled.
        await fake_api.wait_for(
            lambda: all(u["update_id"] != poison_id for u in fake_api.pending_updates), 10,
            "the poison update to be confirmed")
        again = await other.send_and_wait("/help")
        assert again
    services = Services.create(load_settings(database_url=sqlite_url, _env_file=None))
    try:
        async with services.transaction() as s:
            rows = list((await s.execute(select(DeadUpdate))).scalars())
    finally:
        await services.close()
    assert [(r.update_id, r.kind, r.telegram_id) for r in rows] == [(poison_id, "message", 301)]
    assert "persistent_id" not in rows[0].reason  # the reason names the error type only


async def test_pressing_a_button_that_takes_the_buttons_away_twice(fake_api, sqlite_url,
                                                                   caplog) -> None:
    """Found by the fuzz: the second press asked Telegram to remove buttons already gone
    ("message is not modified"), which ended in the error handler."""
    user = fake_api.user(303, language_code="en")
    async with running_bot(fake_api, sqlite_url):
        await user.send_and_wait("/start")
        message = fake_api.last_bot_message(user.id).message_id
        for _ in range(2):
            await user.press_and_wait(message, "rmd:optout", check=False)
    assert [r.getMessage() for r in caplog.records if r.exc_info] == []
    assert "You will no longer receive these messages." in [
        c.params.get("text") for c in fake_api.calls_of("answerCallbackQuery")]
