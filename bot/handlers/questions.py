"""Free text the dialog engine left unanswered (`TurnResult.handled` is False).

The engine itself answers free-text questions outside any step (bot/dialogs/ask.py), so
every channel gets the same answer; this is only the Telegram fallback for anything it
hands back unhandled: a question is answered the same way, anything else gets a hint.
"""

from __future__ import annotations

import datetime as dt

from telegram import Update

from bot.context import BotContext
from bot.conversation import TurnResult
from bot.dialogs import ask
from bot.dialogs.types import Env


async def answer_free_text(update: Update, context: BotContext, result: TurnResult) -> None:
    from bot.handlers.dialog import keyboard

    t = result.t
    message = update.effective_message
    text = (message.text or "").strip() if message is not None else ""
    if text and not text.startswith("/"):
        env = Env(t=t, now=dt.datetime.now(context.services.settings.tz))
        reply = ask.answer(text, env)
        await context.bot.send_message(update.effective_chat.id, reply.text,
                                       reply_markup=keyboard(reply))
        return
    await context.bot.send_message(
        update.effective_chat.id,
        t._("I did not understand that. Send /menu to see what I can do, or /help."))
