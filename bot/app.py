"""Build the python-telegram-bot Application from configuration."""

from __future__ import annotations

import datetime as dt
import html
import logging
import os
import threading
from typing import Any

from telegram import BotCommand, BotCommandScopeDefault, Update
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    BaseUpdateProcessor,
    ContextTypes,
    Defaults,
    SimpleUpdateProcessor,
)
from telegram.request import BaseRequest, HTTPXRequest

import bot.dialogs
from bot.config import Settings
from bot.context import BotContext, CraftApp
from bot.delivery.outbox import Background, Outbox
from bot.delivery.sending import ReplyConfig, ReplyLimiter
from bot.delivery.worker import build_limiter
from bot.dialogs.surveys.effects.links import set_bot_username
from bot.handlers import telegram as telegram_channel
from bot.handlers.aiohttp_request import AiohttpRequest
from bot.handlers.updates import GatedUpdateProcessor, SafeUpdatesRequest, Skipped, UpdateGate
from bot.i18n import get_translator, resolve_locale
from bot.services import Services
from storage.db import is_busy
from storage.repos import DeadUpdateRepo

log = logging.getLogger(__name__)
DRAIN_SECONDS = 5.0  # at a clean stop, how long background work may take to finish
CONCURRENT_UPDATES = 256  # what `concurrent_updates(True)` allows


def command_list(locale: str) -> list[BotCommand]:
    """Telegram's command menu, from the features' command table."""
    t = get_translator(locale)
    return [BotCommand(c.name, t._(c.description))
            for c in bot.dialogs.registry().listed_commands()]


def search_cache_dir(settings: Settings) -> str | None:
    if settings.search_cache_dir is not None:
        return settings.search_cache_dir or None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "craftbot")


def warm_up() -> None:
    """Build the search index and load the word splitter before the first question, so
    the first person to type one does not wait for it (a second or more)."""
    from knowledge.search import search

    search("技能人才补贴", limit=1)


warmed = threading.Event()  # set once this process's search is built (or failed to be)


def warm_up_soon(settings: Settings) -> None:
    """Start `warm_up` in a daemon thread and go on: updates are served meanwhile, and a
    first question that comes before the index is built waits for it (knowledge.search
    builds it once, whichever thread asks first). A stop does not wait for it."""
    from knowledge.search import use_index_cache

    use_index_cache(search_cache_dir(settings))

    def run() -> None:
        try:
            warm_up()
        except Exception as exc:  # the first question builds it again and says why
            log.error("search warm-up failed: %s", type(exc).__name__)
        finally:
            warmed.set()

    threading.Thread(target=run, name="search-warm-up", daemon=True).start()


async def post_init(app: Application) -> None:
    warm_up_soon(app.bot_data["services"].settings)
    bot = app.bot
    await bot.set_my_commands(command_list("zh_CN"), scope=BotCommandScopeDefault())
    await bot.set_my_commands(command_list("zh_CN"), language_code="zh")
    await bot.set_my_commands(command_list("en"), language_code="en")
    set_bot_username(app.bot_data["services"], app.bot.username)  # for t.me survey links
    from bot.delivery.worker import DISPATCHER_POOL, start_dispatcher

    services: Services = app.bot_data["services"]
    # Replies an earlier process committed but did not deliver go out first, before any
    # update is fetched (polling starts after this function).
    await app.bot_data["outbox"].start()
    # Updates whose turn committed before a crash, maybe not confirmed to Telegram: when
    # they come again they are not handled twice (their replies were just sent again).
    app.bot_data["gate"].skip = dict(app.bot_data["outbox"].left_updates)
    if services.settings.reminders_in_bot:  # one send budget for replies and reminders
        app.bot_data["reminders"] = await start_dispatcher(
            services.settings, services.sessions, limiter=app.bot_data["send_budget"],
            request=bot_request(services.settings, DISPATCHER_POOL,
                                timeout=services.settings.reminder_send_timeout_seconds),
            updates_request=bot_request(services.settings, 1))


async def post_stop(app: Application) -> None:
    """Updates are no longer fetched: sends again in flight are given a few seconds (not
    the minutes of retries), the delivered replies are confirmed, and the background work
    (dead letters being stored) finishes. The bot's connection is still open here."""
    limiter = app.bot_data.get("reply_limiter")
    if limiter is not None:
        limiter.stop_retrying()
    await app.bot_data["outbox"].stop(DRAIN_SECONDS)


async def post_shutdown(app: Application) -> None:
    services: Services = app.bot_data["services"]
    await post_stop(app)  # the webhook server calls no post_stop; a second call is a no-op
    dispatcher = app.bot_data.pop("reminders", None)
    if dispatcher is not None:
        await dispatcher.stop()
    await services.close()


async def on_error(update: object, context: BotContext) -> None:
    """Log with context; tell the user politely, in their language; never a traceback."""
    upd = update if isinstance(update, Update) else None
    if is_busy(context.error):
        log.warning("database busy while handling update %s: %s",
                    upd.update_id if upd else None, type(context.error).__name__)
    else:
        log.error("error while handling update %s", upd.update_id if upd else None,
                  exc_info=context.error)
    if upd is None or upd.effective_chat is None:
        return
    code = upd.effective_user.language_code if upd.effective_user else None
    try:
        async with context.services.transaction() as session:
            from storage.repos import UserRepo

            user = await UserRepo(session).get(upd.effective_user.id) if upd.effective_user \
                else None
        locale = resolve_locale(user.locale if user else None, code,
                                context.services.settings.default_locale)
    except Exception:  # the database itself may be the problem
        locale = resolve_locale(None, code, "zh_CN")
    t = get_translator(locale)
    try:
        if upd.callback_query is not None:
            await upd.callback_query.answer()
        if is_busy(context.error):
            text = t._("I am busy right now and could not take that. Nothing was changed; "
                       "please send it again in a moment.")
        else:
            text = t._("Sorry, something went wrong on our side. Your answers so far are "
                       "kept; please try again in a moment, or send /menu.")
        await context.bot.send_message(upd.effective_chat.id, html.escape(text))
    except TelegramError:
        log.warning("could not tell the user about the error", exc_info=True)


def reply_limiter(settings: Settings) -> ReplyLimiter:
    """Per-chat pacing and retries of every request, counted in the global send budget."""
    return ReplyLimiter(build_limiter(settings), ReplyConfig(
        chat_per_second=settings.send_chat_rate_per_second,
        chat_burst=settings.send_chat_burst, group_per_minute=settings.send_group_per_minute,
        margin=settings.reminder_rate_margin, retry_seconds=settings.send_retry_seconds,
        retry_base=settings.send_retry_base_seconds,
        retry_max=settings.send_retry_max_seconds))


def _sender(raw: dict[str, Any]) -> int | None:
    """The Telegram id of whoever sent an update, where the update says (best effort)."""
    for value in raw.values():
        if isinstance(value, dict) and isinstance(value.get("from"), dict):
            sender = value["from"].get("id")
            return sender if isinstance(sender, int) else None
    return None


def dead_letter(services: Services, background: Background) -> Skipped:
    """Keep an unreadable update for inspection (in the background: never in the way;
    a clean stop waits for it)."""

    async def store(uid: int | None, kind: str, reason: str, raw: dict[str, Any]) -> None:
        try:
            async with services.transaction() as session:
                await DeadUpdateRepo(session).add(
                    update_id=uid, kind=kind, reason=reason, telegram_id=_sender(raw),
                    body=raw, at=dt.datetime.now(dt.UTC))
        except Exception:
            log.exception("could not store the skipped update %s", uid)

    def keep(uid: int | None, kind: str, reason: str, raw: dict[str, Any]) -> None:
        background.spawn(store(uid, kind, reason, raw), name=f"dead-letter-{uid}")

    return keep


def bot_request(settings: Settings, pool_size: int, timeout: float | None = None
                ) -> BaseRequest:
    """The request object of the Bot API calls (TELEGRAM_HTTP_CLIENT), with PTB's default
    timeouts but TELEGRAM_READ_TIMEOUT_SECONDS for reading; or `timeout` for each of read,
    write, connect and pool (the reminder dispatcher's REMINDER_SEND_TIMEOUT_SECONDS)."""
    each: dict[str, float] = (
        {"read_timeout": settings.telegram_read_timeout_seconds} if timeout is None else
        {"read_timeout": timeout, "write_timeout": timeout, "connect_timeout": timeout,
         "pool_timeout": timeout})
    if settings.telegram_http_client == "httpx":
        return HTTPXRequest(connection_pool_size=pool_size, **each)
    return AiohttpRequest(pool_size, **each)


def build_application(settings: Settings, services: Services | None = None, *,
                      update_processor: BaseUpdateProcessor | None = None) -> CraftApp:
    """The Application. `update_processor` replaces the default one (up to 256 updates at
    once, as `concurrent_updates(True)`); tests pass one that reports each handled update.
    Either way it runs inside the gate's processor (bot/handlers/updates.py): a batch of
    updates is confirmed to Telegram only once its turns have committed."""
    services = services or Services.create(settings)
    limiter = reply_limiter(settings)
    background = Background()
    gate = UpdateGate()
    updates_request = SafeUpdatesRequest(bot_request(settings, pool_size=1),
                                         on_skipped=dead_letter(services, background),
                                         gate=gate)
    processor = GatedUpdateProcessor(
        update_processor or SimpleUpdateProcessor(CONCURRENT_UPDATES), gate)
    builder = (
        Application.builder()
        .token(settings.token or "")
        .base_url(settings.telegram_api_base_url)
        .base_file_url(settings.base_file_url)
        .defaults(Defaults(tzinfo=settings.tz, parse_mode=ParseMode.HTML))
        .rate_limiter(limiter)
        .request(bot_request(settings, pool_size=settings.telegram_connection_pool_size))
        .context_types(ContextTypes(context=BotContext))
        .concurrent_updates(processor)
        .get_updates_request(updates_request)
        .post_init(post_init)
        .post_stop(post_stop)
        .post_shutdown(post_shutdown)
    )
    app = builder.build()
    app.bot_data["services"] = services
    app.bot_data["send_budget"] = limiter.budget
    app.bot_data["reply_limiter"] = limiter
    app.bot_data["background"] = background
    app.bot_data["gate"] = gate
    outbox = app.bot_data["outbox"] = Outbox(
        services, telegram_channel.redeliver(lambda: app.bot), telegram_channel.retryable,
        redeliver_seconds=settings.outbox_redeliver_seconds,
        sweep_seconds=settings.outbox_sweep_seconds, ack_seconds=settings.outbox_ack_seconds,
        background=background, on_commit=gate.done)
    gate.on_confirm = outbox.confirmed_below
    register_handlers(app)
    return app


def register_handlers(app: Application) -> None:
    telegram_channel.register(app)
    app.add_error_handler(on_error)
