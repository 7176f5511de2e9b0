"""Telegram glue for reminders: /remind (the dialog), /reminders (list with cancel and
snooze), `rmd:*` buttons (also under delivered reminders), /broadcast for officers.

`register(app)` adds the handlers in group -1 and stops further handling of the updates
they take, so it works whatever order the other handlers were added in.
"""

from __future__ import annotations

import datetime as dt
import html

from telegram import Update
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
)

import bot.reminders.chat as chat  # noqa: F401 - registers the effect handlers
from bot.context import BotContext
from bot.dialogs.broadcast_flow import PREFIX as BROADCAST_PREFIX
from bot.dialogs.reminders_flow import FLOW_ID
from bot.dialogs.types import Event
from bot.handlers import dialog
from bot.handlers.common import turn
from bot.reminders.service import Segment, broadcast

GROUP = -1
BROADCAST_OPEN = BROADCAST_PREFIX + "new"


async def cmd_remind(update: Update, context: BotContext) -> None:
    """Start the "remind me" dialog (it then runs through the ordinary dialog handlers)."""
    user, tg_chat = update.effective_user, update.effective_chat
    result = await dialog.conversation(context).start(user.id, tg_chat.id, user.language_code,
                                                      FLOW_ID)
    await dialog.render(context, tg_chat.id, result)
    raise ApplicationHandlerStop


async def cmd_list(update: Update, context: BotContext) -> None:
    settings = context.services.settings
    async with turn(update, context) as tn:
        reply = await chat.list_reply(tn.session, tn.user.id, tn.t, settings.tz)
    await update.effective_message.reply_html(reply.text, reply_markup=dialog.keyboard(reply))
    raise ApplicationHandlerStop


async def on_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    settings = context.services.settings
    async with turn(update, context) as tn:
        pressed = await chat.press(tn.session, tn.user.id, query.data or "", tn.t,
                                   settings.tz, dt.datetime.now(settings.tz))
    await query.answer(pressed.toast or None)
    reply = pressed.reply
    if reply is not None and reply.edit and query.message is not None:
        await query.edit_message_text(reply.text, reply_markup=dialog.keyboard(reply))
    elif reply is not None:
        await update.effective_chat.send_message(reply.text, reply_markup=dialog.keyboard(reply))
    if pressed.clear_buttons and query.message is not None:
        await query.edit_message_reply_markup(None)
    raise ApplicationHandlerStop


async def cmd_broadcast(update: Update, context: BotContext) -> None:
    """/broadcast opens the broadcast dialog (officers; others are refused there);
    /broadcast <text> is the administrators' shortcut: every active user, now."""
    services = context.services
    text = (update.effective_message.text or "").partition(" ")[2].strip()
    if not text:
        user, tg_chat = update.effective_user, update.effective_chat
        result = await dialog.conversation(context).handle(
            user.id, tg_chat.id, user.language_code, Event.press(BROADCAST_OPEN))
        await dialog.render(context, tg_chat.id, result)
        raise ApplicationHandlerStop
    async with turn(update, context) as tn:
        if not services.is_admin(update.effective_user.id):
            answer = tn.t._("Only officers named by the administrator may broadcast.")
        elif not text:
            answer = tn.t._("Type the message after the command: /broadcast <text>")
        else:
            count = await broadcast(tn.session, broadcast_id=f"u{update.update_id}", text=text,
                                    segment=Segment(),
                                    when=dt.datetime.now(services.settings.tz))
            answer = tn.t._("Queued for {n} recipients; those who opted out are skipped.",
                            n=count)
    await update.effective_message.reply_html(html.escape(answer))
    raise ApplicationHandlerStop


def register(app: Application) -> None:
    app.add_handler(CommandHandler("remind", cmd_remind), group=GROUP)
    app.add_handler(CommandHandler("reminders", cmd_list), group=GROUP)
    app.add_handler(CommandHandler("broadcast", cmd_broadcast), group=GROUP)
    app.add_handler(CallbackQueryHandler(on_button, pattern=r"^rmd:"), group=GROUP)
