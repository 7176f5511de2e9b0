"""Dialog handlers: /start, /menu, /cancel, free text and dialog buttons.

Thin: turn a Telegram update into a dialog event, hand it to the conversation service,
render the replies.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CommandHandler

from bot.context import BotContext
from bot.handlers.common import turn


async def cmd_start(update: Update, context: BotContext) -> None:
    async with turn(update, context) as tn:
        await update.effective_message.reply_html(tn.t._(
            "Welcome to CraftBot! I explain skilled-worker policies of Jiangsu, Quzhou and "
            "Jiangmen: eligibility, subsidies, surveys and reminders. Send /help to see "
            "what I can do."))


async def cmd_cancel(update: Update, context: BotContext) -> None:
    async with turn(update, context) as tn:
        await update.effective_message.reply_html(tn.t._("Nothing to cancel."))


def register(app: Application) -> None:
    app.add_handler(CommandHandler("start", cmd_start))
    app.add_handler(CommandHandler("cancel", cmd_cancel))
