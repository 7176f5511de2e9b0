"""The Telegram channel: update -> event for the conversation service, replies -> Bot API.

Thin on purpose: every command, button and message takes the same path
(`Conversation.handle`); what a command does is in the command table of the features
(bot/dialogs/), never here. Rendering: HTML text, inline keyboards, edits of the message
that shows the open question, a toast on the pressed button. The replies of a turn are
in the outbox (bot/delivery/outbox.py) from its commit until they reached the Bot API;
`redeliver` sends a row of it again.
"""

from __future__ import annotations

import asyncio
import dataclasses
import html
import logging
import warnings
from collections.abc import Awaitable, Callable
from typing import Any

from telegram import (
    Bot,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Update,
)
from telegram.constants import ChatType
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError
from telegram.ext import Application, CallbackQueryHandler, MessageHandler, filters
from telegram.warnings import PTBUserWarning

from bot.context import BotContext
from bot.conversation import Conversation, TurnResult
from bot.delivery.outbox import Outbox, decode
from bot.dialogs.engine.limits import split_message
from bot.dialogs.engine.types import N_, Event, Reply
from bot.i18n import get_translator, resolve_locale
from storage.db import is_busy

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


# A text reply or an edit is sent as a plain Bot API call (`Bot.do_api_request`, the same
# request path, Defaults' parse mode, limiter and errors as `send_message`), and only the
# id of the message is read from the answer: PTB's `send_message` builds a whole
# `Message` of it (Message.de_json: sender, chat, entities, keyboard), about 0.4 ms of CPU
# per reply that nothing here reads. PTB warns that the method exists; that is the point,
# so that warning is silenced (again at each `register`: a caller's warning filters, a
# test's for one, may have been reset since this module was imported).
def _quiet_raw_calls() -> None:
    warnings.filterwarnings(
        "ignore", message=r"Please use 'Bot\.(sendMessage|editMessageText)' instead",
        category=PTBUserWarning)


_quiet_raw_calls()


def _text_call(bot: Bot, reply: Reply, **where: Any) -> dict[str, Any]:
    call: dict[str, Any] = {**where, "text": reply.text, "reply_markup": keyboard(reply)}
    defaults = getattr(bot, "defaults", None)
    if defaults is not None and defaults.parse_mode is not None:
        call["parse_mode"] = defaults.parse_mode
    return call


def _message_id(result: Any) -> int | None:
    """The id of the message a sendMessage or editMessageText answered with (None for
    `True`, the answer of an edit of an inline message)."""
    if isinstance(result, dict) and isinstance(result.get("message_id"), int):
        return result["message_id"]
    return None


async def _send(bot: Bot, chat_id: int, reply: Reply) -> int:
    """Send the reply; the id of the new message."""
    if reply.kind == "photo":
        return (await bot.send_photo(chat_id, reply.content, caption=reply.text or None,
                                     reply_markup=keyboard(reply))).message_id
    if reply.kind == "document":
        return (await bot.send_document(chat_id, reply.content, filename=reply.filename,
                                        caption=reply.text or None,
                                        reply_markup=keyboard(reply))).message_id
    result = await bot.do_api_request("sendMessage", _text_call(bot, reply, chat_id=chat_id))
    message_id = _message_id(result)
    if message_id is None:
        raise TelegramError(f"sendMessage answered without a message: {result!r:.200}")
    return message_id


async def _edit(bot: Bot, chat_id: int, message_id: int, reply: Reply) -> int | None:
    """Edit the message into the reply (or send it anew when that message cannot be
    edited); the id of the message that shows it, None when unchanged or not said."""
    try:
        return _message_id(await bot.do_api_request("editMessageText", _text_call(
            bot, reply, chat_id=chat_id, message_id=message_id)))
    except BadRequest as exc:
        if "not modified" in str(exc).lower():
            return None
        log.info("edit of %s failed (%s); sending instead", message_id, exc)
        return await _send(bot, chat_id, reply)


async def _put(bot: Bot, chat_id: int, reply: Reply, target: int | None,
               pressed_id: int | None = None) -> tuple[int, bool]:
    """Send the reply, edit `target` (the dialog's question) with it, or, for a screen
    shown in place, replace the pressed message; the id of the message that shows it and
    whether that is the pressed message (its buttons are then the new ones).

    A text longer than Telegram takes in one message (a long /mydata, say) goes out as
    several new messages cut between lines, the buttons under the last one."""
    parts = split_message(reply.text) if reply.kind == "text" else []
    if len(parts) > 1:
        *first, last = parts
        for part in first:
            await _send(bot, chat_id, dataclasses.replace(reply, text=part, buttons=[]))
        return await _send(bot, chat_id, dataclasses.replace(reply, text=last)), False
    if reply.in_place and pressed_id is not None and reply.kind == "text":
        message_id = await _edit(bot, chat_id, pressed_id, reply) or pressed_id
        return message_id, message_id == pressed_id
    if reply.edit and target is not None and reply.kind == "text":
        return (await _edit(bot, chat_id, target, reply) or target), False
    return await _send(bot, chat_id, reply), False


async def _clear_buttons(bot: Bot, chat_id: int, pressed_id: int) -> None:
    try:
        await bot.edit_message_reply_markup(chat_id, pressed_id, reply_markup=None)
    except BadRequest as exc:  # pressed twice: the buttons are gone already
        if "not modified" not in str(exc).lower():
            raise


async def _put_all(bot: Bot, chat_id: int, replies: list[Reply], target: int | None,
                   pressed_id: int | None, clear_buttons: bool,
                   on_sent: Callable[[], None] | None = None,
                   on_question: Callable[[int], Awaitable[None]] | None = None) -> None:
    """Send or edit each reply in order (`on_sent` after each): an edit goes to `target`
    (the dialog's question message), which becomes the message of each new question
    (`on_question` is told); a screen shown in place replaces the pressed message."""
    replaced = False
    for reply in replies:
        message_id, was_pressed = await _put(bot, chat_id, reply, target, pressed_id)
        replaced = replaced or was_pressed
        if on_sent is not None:
            on_sent()
        if reply.question:
            if on_question is not None:
                await on_question(message_id)
            target = message_id
    if clear_buttons and pressed_id is not None and not replaced:
        await _clear_buttons(bot, chat_id, pressed_id)


async def render(context: BotContext, chat_id: int, result: TurnResult,
                 pressed_id: int | None = None, start: int = 0,
                 on_sent: Callable[[], None] | None = None) -> None:
    """Send or edit each reply (from the `start`-th; `on_sent` after each); remember
    which message now holds the open question.

    An edit goes to the dialog's question message: the current one, else the one open
    when the turn began (a dialog that just ended or was replaced), else the pressed one.
    A screen shown in place (a menu) replaces the pressed message."""
    state = result.state

    async def remember(message_id: int) -> None:
        if state is not None and state.message_id != message_id:
            await conversation(context).remember_question(result.user_id, state, message_id)

    target = (state.message_id if state and state.message_id else None) \
        or result.question_id or pressed_id
    await _put_all(context.bot, chat_id, result.replies[start:], target, pressed_id,
                   result.clear_buttons, on_sent, remember)


def redeliver(bot: Callable[[], Bot]) -> Callable[[int, dict[str, Any], int, Callable[[], None]],
                                                  Awaitable[None]]:
    """Send an outbox row again (after a crash or a send that failed for now): the same
    messages and edits, from its first reply not yet sent; the dialog's stored question
    message is not updated (the next edit falls back to a new message if it must)."""
    async def send(chat_id: int, body: dict[str, Any], start: int,
                   on_sent: Callable[[], None]) -> None:
        pressed = body.get("pressed_id")
        target = body.get("message_id") or body.get("question_id") or pressed
        await _put_all(bot(), chat_id, decode(body)[start:], target, pressed,
                       bool(body.get("clear_buttons")), on_sent)
    return send


def retryable(exc: BaseException) -> bool:
    """Could sending an outbox row again help? Telegram or the network failing for now,
    the database busy, the process stopping: yes. Our request refused, the bot blocked,
    a bug: no."""
    if isinstance(exc, BadRequest | Forbidden):
        return False
    return isinstance(exc, NetworkError | RetryAfter | asyncio.CancelledError) or is_busy(exc)


async def on_update(update: Update, context: BotContext) -> None:
    """Every message and button press of a user, whatever it holds."""
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None:  # channel posts and the like: nobody to answer
        return
    if chat.type != ChatType.PRIVATE:
        await _not_here(update, context)
        return
    event, payload = to_event(update)
    query = update.callback_query
    pressed_id = query.message.message_id if query and query.message else None
    outbox: Outbox | None = context.bot_data.get("outbox")
    async with context.services.chat_lock(chat.id):  # this chat's replies stay in order
        result = await conversation(context).handle(
            user.id, chat.id, user.language_code, event, payload=payload, outbox=outbox,
            outbox_extra={"pressed_id": pressed_id}, update_id=update.update_id)
        row = result.outbox_id if outbox is not None else None
        if row is not None:
            outbox.begin(row, update.update_id)
        if query is not None:
            await answer_press(query, result.toast)
        elif result.toast:  # not pressed on Telegram (cannot happen today): say it plainly
            result.replies.insert(0, Reply(result.toast))
            if row is not None:  # the row no longer lists what is sent: confirmed now
                outbox.delivered(row)
                row = None
        try:
            await render(context, chat.id, result, pressed_id=pressed_id,
                         on_sent=outbox.on_sent(row) if row is not None else None)
        except BaseException as exc:
            if row is None:
                raise
            outbox.failed(row, exc)
            if isinstance(exc, Exception) and retryable(exc):
                # Kept in the outbox: the sweep sends the rest later, so no "sorry" now.
                log.warning("reply %s to update %s not delivered yet (%s); kept for later",
                            row, update.update_id, type(exc).__name__)
                return
            raise
        if row is not None:
            outbox.delivered(row)


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
    _quiet_raw_calls()
    app.add_handler(MessageHandler(~filters.StatusUpdate.ALL, on_update))
    app.add_handler(CallbackQueryHandler(on_update))
