"""Free text outside any dialog step."""

from __future__ import annotations

from telegram import Update

from bot.context import BotContext
from bot.conversation import TurnResult


async def answer_free_text(update: Update, context: BotContext, result: TurnResult) -> None:
    t = result.t
    await context.bot.send_message(
        update.effective_chat.id,
        t._("I did not understand that. Send /menu to see what I can do, or /help."))
