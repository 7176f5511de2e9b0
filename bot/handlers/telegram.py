"""The Telegram channel: update -> event for the conversation service, replies -> Bot API.

Thin on purpose: every command, button and message takes the same path
(`Conversation.handle`); what a command does is in the command table of the features
(bot/dialogs/), never here. Rendering: HTML text, inline keyboards, edits of the message
that shows the open question, a toast on the pressed button.
"""

from __future__ import annotations

import html
import logging

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatType
from telegram.error import BadRequest, TelegramError
from telegram.ext import Application, CallbackQueryHandler, MessageHandler, filters

from bot.context import BotContext
from bot.conversation import Conversation, TurnResult
from bot.dialogs.engine.types import N_, Event, Reply
from bot.i18n import get_translator, resolve_locale

log = logging.getLogger(__name__)


def conversation(context: BotContext) -> Conversation:
    conv = context.bot_data.get("conversation")
    if conv is None:
        conv = context.bot_data["conversation"] = Conversation(context.services)
    return conv


def to_event(update: Update) -> tuple[Event, str | None]:
    """What the user did, as an event (and the /start payload)."""
    query = update.callback_query
    if query is not None:
        return Event.press(query.data or "", query.message.message_id if query.message
                           else None), None
    message = update.effective_message
    text = (message.text or "") if message is not None else ""
    if text.startswith("/"):
        name, _, args = text.partition(" ")
        name = name.lstrip("/").split("@")[0].lower()
        return Event.cmd(name, args), (args.strip() or None) if name == "start" else None
    return Event.message(text), None  # "" for stickers, photos, voice ...


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
                 pressed_id: int | None = None) -> None:
    """Send or edit each reply; remember which message now holds the open question.

    An edit goes to the dialog's question message: the current one, else the one open
    when the turn began (a dialog that just ended or was replaced), else the pressed one.
    A screen shown in place (a menu) replaces the pressed message."""
    state = result.state
    replaced = False
    for reply in result.replies:
        target = (state.message_id if state and state.message_id else None) \
            or result.question_id or pressed_id
        if reply.in_place and pressed_id is not None and reply.kind == "text":
            msg = await _edit(context, chat_id, pressed_id, reply)
            message_id = msg.message_id if msg else pressed_id
            replaced = replaced or message_id == pressed_id
        elif reply.edit and target is not None and reply.kind == "text":
            msg = await _edit(context, chat_id, target, reply)
            message_id = msg.message_id if msg else target
        else:
            message_id = (await _send(context, chat_id, reply)).message_id
        if reply.question and state is not None and state.message_id != message_id:
            await conversation(context).remember_question(result.user_id, state, message_id)
    if result.clear_buttons and pressed_id is not None and not replaced:
        try:
            await context.bot.edit_message_reply_markup(chat_id, pressed_id, reply_markup=None)
        except BadRequest as exc:  # pressed twice: the buttons are gone already
            if "not modified" not in str(exc).lower():
                raise


async def on_update(update: Update, context: BotContext) -> None:
    """Every message and button press of a user, whatever it holds."""
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None:  # channel posts and the like: nobody to answer
        return
    if chat.type != ChatType.PRIVATE:
        await _not_here(update, context)
        return
    event, payload = to_event(update)
    async with context.services.chat_lock(chat.id):  # this chat's replies stay in order
        result = await conversation(context).handle(user.id, chat.id, user.language_code,
                                                    event, payload=payload)
        query = update.callback_query
        if query is not None:
            await answer_press(query, result.toast)
        elif result.toast:  # not pressed on Telegram (cannot happen today): say it plainly
            result.replies.insert(0, Reply(result.toast))
        await render(context, chat.id, result,
                     pressed_id=query.message.message_id if query and query.message else None)


async def answer_press(query: CallbackQuery, toast: str | None) -> None:
    """Stop the button's spinner. A press too old to answer (Telegram's window is short)
    still gets its reply as a message, so a failure here only goes to the log."""
    try:
        await query.answer(toast or None)
    except TelegramError as exc:
        log.info("could not answer button press %s: %s", query.id, exc)


GROUP_NOTE = N_("I answer only in a private chat, so that nothing about you is shown to "
                "others. Open a chat with me: {link}")


async def _not_here(update: Update, context: BotContext) -> None:
    """In a group or channel: no dialog, no stored data, no reminders; one line that
    points to a private chat, and only when someone spoke to the bot (a command or a
    button), never for the group's own talk."""
    user = update.effective_user
    t = get_translator(resolve_locale(None, user.language_code if user else None,
                                      context.services.settings.default_locale))
    note = t._(GROUP_NOTE, link=f"https://t.me/{context.bot.username}")
    if update.callback_query is not None:
        await update.callback_query.answer(note[:200], show_alert=True)
        return
    message = update.effective_message
    if message is not None and (message.text or "").startswith("/"):
        await context.bot.send_message(message.chat_id, html.escape(note))


def register(app: Application) -> None:
    app.add_handler(MessageHandler(~filters.StatusUpdate.ALL, on_update))
    app.add_handler(CallbackQueryHandler(on_update))
