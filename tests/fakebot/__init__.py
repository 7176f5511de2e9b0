"""A fake Telegram Bot API server for end-to-end tests with the real python-telegram-bot.

    async with FakeBotAPI(tokens={TOKEN}) as api:   # or the `fake_api` pytest fixture
        app = (Application.builder().token(TOKEN).base_url(api.base_url)
               .base_file_url(api.base_file_url)
               .concurrent_updates(SignallingUpdateProcessor(api)).build())
        ...start polling...
        user = api.user(1001, "Li", language_code="zh-hans")
        calls = await user.send_and_wait("/start")  # the bot's new visible calls in this chat
        api.last_bot_message(1001).text, api.buttons(1001)
        await user.click_and_wait("是")             # press an inline button by its label

Server: base_url, base_file_url, port, start(), stop(), long_polls, pending_updates.
Reading: calls, calls_of(method, chat_id=None), chat(chat_id) -> [ChatMessage],
  message(chat_id, message_id), last_bot_message(chat_id), buttons(chat_id, message_id=None),
  callback_answer(query_id), commands(scope=None, language_code=""), report().
Waiting: wait_for(predicate, timeout=5, what=...) (AssertionError listing the last calls),
  wait_until(predicate, timeout) (None on timeout), wait_for_calls(method, count, chat_id),
  settle(chat_id, start_index, timeout), wait_handled(timeout).
  With a bot in this process built with tests.fakebot.signals.SignallingUpdateProcessor,
  settle (behind every *_and_wait) waits until the bot reported every update the chat
  queued as handled and no request for the chat is in flight; without one (a `craftbot
  run` subprocess) it waits for an answer and then `quiet_period` (0.3 s) of silence.
  Signals: signalled, unhandled_updates(chat_id), in_flight(chat_id), polls_arrived.
Faults: fail(method|"*", times=1|None, status=429, retry_after=, description=, delay=,
  chat_id=), delay(method, seconds), block(user_id), clear_faults(),
  enforce_limits(global_per_sec=30, per_chat_per_sec=1), disable_limits().
Statistics: per_second(method="sendMessage", chat_id=None), peak_per_second(...).
Users: FakeUser.send(text) -> message_id, press(message_id, data) -> query id,
  click(label), send_and_wait / press_and_wait / click_and_wait -> [Call], block(),
  messages, last_message.
"""

from tests.fakebot.server import FakeBotAPI
from tests.fakebot.state import Call, ChatMessage, StoredFile, UploadedFile
from tests.fakebot.users import FakeUser

TOKEN = "123456:TEST"

__all__ = [
    "TOKEN",
    "Call",
    "ChatMessage",
    "FakeBotAPI",
    "FakeUser",
    "StoredFile",
    "UploadedFile",
]
