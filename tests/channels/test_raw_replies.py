"""Text replies and edits go out as plain Bot API calls that read only the id of the
message from the answer (no `Message` is built of it): the ids still reach the dialog, so
a typed answer edits the question it answers, the replies keep their HTML parse
mode, and python-telegram-bot's "use the method instead" warning is not raised for them."""

from __future__ import annotations

import warnings

from tests.e2e.harness import running_bot
from tests.fakebot import FakeBotAPI


async def test_a_typed_answer_edits_the_question_whose_id_the_raw_send_returned(fake_api: FakeBotAPI,
                                                                      sqlite_url: str) -> None:
    user = fake_api.user(82_001, language_code="en")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")  # whatever the caller's filters: none from our sends
        async with running_bot(fake_api, sqlite_url):
            await user.send_and_wait("/start")
            await user.click_and_wait("English")
            await user.click_and_wait("👷 Skilled worker")
            await user.click_and_wait("No thanks")
            await user.send_and_wait("/check jiangsu.excellent_technician")
            question = fake_api.last_bot_message(user.id)
            assert question is not None and "skill level" in (question.text or "").lower()
            assert question.parse_mode == "HTML"
            await user.click_and_wait("Level 1 – senior technician (高级技师)",
                                      question.message_id)
            birth = fake_api.last_bot_message(user.id)
            assert birth is not None and "birth" in (birth.text or "").lower(), birth
            # A typed answer presses nothing: the question's message is found by the id
            # that came back from the raw sendMessage and was stored with the dialog, and
            # edited into the answered question.
            calls = await user.send_and_wait("1975-06-15")
            assert any(c.method == "editMessageText" for c in calls), [c.method for c in calls]
            shown = fake_api.state.chats[user.id].messages[birth.message_id]
            assert "1975" in (shown.text or ""), shown.text
            assert shown.parse_mode == "HTML"
    ours = [w for w in caught if "do_api_request" in str(w.message)]
    assert ours == [], [str(w.message) for w in ours]
