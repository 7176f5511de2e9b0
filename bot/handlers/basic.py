"""Commands that are not dialogs: /mydata and unknown commands.

/help, /lang, /forget and the language buttons go through the dialog engine like every
other conversation step (bot/handlers/dialog.py), so they work the same in the terminal.
"""

from __future__ import annotations

import html

from telegram import Update

from bot.context import BotContext
from bot.handlers.common import turn


async def cmd_mydata(update: Update, context: BotContext) -> None:
    async with turn(update, context) as tn:
        t, user = tn.t, tn.user
        lines = [t._("<b>What I store about you</b>"),
                 t._("Language: {value}", value=html.escape(user.locale or t._("not chosen"))),
                 t._("Role: {value}", value=html.escape(user.role or t._("not chosen")))]
        if user.consent_at is None:
            lines.append(t._("Consent to keep personal facts: not given. "
                             "I keep no birth date, skill level or employer."))
        else:
            lines.append(t._("Consent given on {date}.", date=t.date(user.consent_at.date())))
            if user.profile:
                for key, value in sorted(user.profile.items()):
                    lines.append(f"• {html.escape(str(key))}: {html.escape(str(value))}")
            else:
                lines.append(t._("No personal facts saved yet."))
        lines.append(t._("Use /forget to delete it."))
        await update.effective_message.reply_html("\n".join(lines))


async def unknown_command(update: Update, context: BotContext) -> None:
    async with turn(update, context) as tn:
        cmd = (update.effective_message.text or "").split()[0][:40]
        await update.effective_message.reply_html(
            tn.t._("I do not know the command {cmd}. Try /help or /menu.", cmd=html.escape(cmd)))
