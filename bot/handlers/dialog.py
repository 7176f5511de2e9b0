"""Dialog handlers: /start, /menu, /cancel, /back, free text and dialog buttons.

Thin: turn a Telegram update into a dialog event, hand it to the conversation service,
render the replies (HTML, inline keyboards, edits of the question message).
"""

from __future__ import annotations

import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot.context import BotContext
from bot.conversation import Conversation, TurnResult
from bot.dialogs import menu
from bot.dialogs.types import Event, Reply

log = logging.getLogger(__name__)
# Commands the dialog engine answers (match: bot/dialogs/match_flow.py).
DIALOG_COMMANDS = ("start", "menu", "cancel", "back", "help", "lang", "forget", "match")


def conversation(context: BotContext) -> Conversation:
    conv = context.bot_data.get("conversation")
    if conv is None:
        conv = context.bot_data["conversation"] = Conversation(context.services)
    return conv


def keyboard(reply: Reply) -> InlineKeyboardMarkup | None:
    if not reply.buttons:
        return None
    return InlineKeyboardMarkup([[InlineKeyboardButton(b.label, callback_data=b.data)
                                  for b in row] for row in reply.buttons])


async def _send(context: BotContext, chat_id: int, reply: Reply) -> Message:
    bot = context.bot
    if reply.kind == "photo":
        return await bot.send_photo(chat_id, reply.content, caption=reply.text or None,
                                    reply_markup=keyboard(reply))
    if reply.kind == "document":
        return await bot.send_document(chat_id, reply.content, filename=reply.filename,
                                       caption=reply.text or None, reply_markup=keyboard(reply))
    return await bot.send_message(chat_id, reply.text, reply_markup=keyboard(reply))


async def _edit(context: BotContext, chat_id: int, message_id: int, reply: Reply
                ) -> Message | None:
    try:
        msg = await context.bot.edit_message_text(reply.text, chat_id=chat_id,
                                                  message_id=message_id,
                                                  reply_markup=keyboard(reply))
        return msg if isinstance(msg, Message) else None
    except BadRequest as exc:
        if "not modified" in str(exc).lower():
            return None
        log.info("edit of %s failed (%s); sending instead", message_id, exc)
        return await _send(context, chat_id, reply)


async def render(context: BotContext, chat_id: int, result: TurnResult,
                 fallback_edit_id: int | None = None) -> None:
    """Send or edit each reply; remember which message now holds the open question."""
    state = result.state
    for reply in result.replies:
        target = (state.message_id if state and state.message_id else fallback_edit_id)
        if reply.edit and target is not None and reply.kind == "text":
            msg = await _edit(context, chat_id, target, reply)
            message_id = msg.message_id if msg else target
        else:
            message_id = (await _send(context, chat_id, reply)).message_id
        if reply.question and state is not None and state.message_id != message_id:
            await conversation(context).remember_question(result.user_id, state, message_id)


async def dispatch(update: Update, context: BotContext, event: Event,
                   payload: str | None = None) -> TurnResult:
    user, chat = update.effective_user, update.effective_chat
    result = await conversation(context).handle(user.id, chat.id, user.language_code, event,
                                                payload=payload)
    query = update.callback_query
    if query is not None:
        await query.answer()
    await render(context, chat.id, result,
                 fallback_edit_id=query.message.message_id if query and query.message else None)
    if not result.handled:  # free text is answered by the engine; this is the rest
        await context.bot.send_message(chat.id, result.t._(menu.NOT_UNDERSTOOD))
    return result


async def on_command(update: Update, context: BotContext) -> None:
    text = update.effective_message.text or ""
    name, _, args = text.partition(" ")
    name = name.lstrip("/").split("@")[0].lower()
    await dispatch(update, context, Event.cmd(name, args),
                   payload=args.strip() or None if name == "start" else None)


async def on_text(update: Update, context: BotContext) -> None:
    await dispatch(update, context, Event.message(update.effective_message.text or ""))


async def on_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    await dispatch(update, context, Event.press(query.data or "",
                                                query.message.message_id if query.message
                                                else None))


async def on_other_message(update: Update, context: BotContext) -> None:
    """Stickers, photos, voice ...: say what we understand, lose nothing."""
    await dispatch(update, context, Event.message(""))


def register(app: Application) -> None:
    app.add_handler(CommandHandler(list(DIALOG_COMMANDS), on_command))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, on_text))
    app.add_handler(CallbackQueryHandler(on_button))


def register_fallbacks(app: Application) -> None:
    app.add_handler(MessageHandler(~filters.COMMAND & ~filters.TEXT & ~filters.StatusUpdate.ALL,
                                   on_other_message))
