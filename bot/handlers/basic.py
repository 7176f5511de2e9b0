"""Commands that are not dialogs: /mydata and unknown commands.

/help, /lang, /forget and the language buttons go through the dialog engine like every
other conversation step (bot/handlers/dialog.py), so they work the same in the terminal.
"""

from __future__ import annotations

import html

from telegram import Update

from bot.context import BotContext
from bot.handlers.common import turn
from bot.mydata import mydata_text


async def cmd_mydata(update: Update, context: BotContext) -> None:
    async with turn(update, context) as tn:
        await update.effective_message.reply_html(mydata_text(tn.user, tn.t))


async def unknown_command(update: Update, context: BotContext) -> None:
    async with turn(update, context) as tn:
        cmd = (update.effective_message.text or "").split()[0][:40]
        await update.effective_message.reply_html(
            tn.t._("I do not know the command {cmd}. Try /help or /menu.", cmd=html.escape(cmd)))
