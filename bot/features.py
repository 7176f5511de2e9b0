"""Features that plug into the conversation service (bot/conversation.py).

Importing this module registers their extras loaders and effect handlers; every channel
that runs the conversation (bot/app.py, bot/channels/terminal.py) imports it once.
`on_start(app)` gives them what only the running Telegram application knows.
"""

from __future__ import annotations

from typing import Any

import bot.reminders.broadcast_chat  # noqa: F401  (officer broadcast dialog)
import bot.reminders.calendar_chat  # noqa: F401  (policy-deadline reminders)
import bot.reminders.chat  # noqa: F401  (effect handlers of /remind and "remind me then")
from bot.surveys import campaigns, loader, people, responses, scores  # noqa: F401
from bot.surveys.links import set_bot_username


def on_start(app: Any) -> None:
    """After Application.initialize: remember the bot's @username for t.me deep links."""
    set_bot_username(app.bot_data["services"], app.bot.username)
