"""A fake Telegram Bot API server for end-to-end tests with the real python-telegram-bot.

    async with FakeBotAPI() as api:                      # 127.0.0.1, free port
        app = Application.builder().token(TOKEN).base_url(api.base_url)
                 .base_file_url(api.base_file_url).build()
        user = api.user(1001, "Li")
        calls = await user.send_and_wait("/start")        # new output calls of the bot
        api.chat(1001)[-1].text, api.last_bot_message(1001).buttons
        await user.click_and_wait("Yes")                  # press a button by label
        api.fail("sendMessage", status=429, retry_after=2)

Pytest fixture: `fake_api` from tests.fakebot.plugin.
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
