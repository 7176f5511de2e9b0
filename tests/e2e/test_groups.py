"""In a group the bot shows nothing personal: one line pointing to a private chat for a
command, nothing for the group's own talk, no dialog and no reminder there."""

from __future__ import annotations

import itertools

from tests.e2e.harness import running_bot

GROUP = -4242
_ids = itertools.count(900)


def group_message(user_id: int, text: str) -> dict:
    return {"message_id": next(_ids), "date": 1_700_000_000,
            "chat": {"id": GROUP, "type": "supergroup", "title": "Workshop"},
            "from": {"id": user_id, "is_bot": False, "first_name": "Lin",
                     "language_code": "en"}, "text": text}


async def test_group_commands_point_to_a_private_chat_and_show_no_data(fake_api,
                                                                     sqlite_url) -> None:
    user = fake_api.user(611, language_code="en")
    async with running_bot(fake_api, sqlite_url):
        await user.send_and_wait("/start")
        await user.click_and_wait("English")
        await user.click_and_wait("👷 Skilled worker")
        await user.click_and_wait("✅ I agree")
        before = len(fake_api.calls)
        for text in ("/mydata@CraftTestBot", "/remind", "hello everyone", "/start"):
            await fake_api.queue_update("message", group_message(611, text))
        await user.send_and_wait("/help")  # a private turn after them
        await fake_api.wait_handled()  # and every group update handled, its sends done
        group_sends = [c for c in fake_api.calls[before:]
                       if c.method == "sendMessage" and c.params.get("chat_id") == GROUP]
    texts = [c.params["text"] for c in group_sends]
    assert len(texts) == 3, texts  # the three commands; nothing for "hello everyone"
    assert all("only in a private chat" in t and "https://t.me/" in t for t in texts), texts
    assert not any("What I store" in t or "Role:" in t for t in texts)
