"""Running the dispatcher: inside `craftbot run` (start_dispatcher) or alone (run_worker).

    handle = await start_dispatcher(settings, sessions)   # in Application.post_init
    ...
    await handle.stop()                                     # in Application.post_shutdown

`python -m bot.delivery.worker` runs the worker with the configuration from the
environment (what `craftbot worker` does); SIGTERM or Ctrl-C stops it gracefully.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys

from telegram import Bot
from telegram.ext import AIORateLimiter, ExtBot
from telegram.request import BaseRequest, HTTPXRequest

from bot.config import ConfigError, Settings, load_settings
from bot.delivery.dispatcher import DispatchConfig, Dispatcher
from bot.delivery.limiter import NoLimiter, SendLimiter
from storage.db import Engine, SessionMaker, make_engine, make_sessionmaker

log = logging.getLogger(__name__)


DISPATCHER_POOL = 32  # connections of the dispatcher's own Bot


def build_bot(settings: Settings, request: BaseRequest | None = None,
              updates_request: BaseRequest | None = None) -> Bot:
    """A Bot for the dispatcher alone, pointed at the configured Bot API server; `request`
    (the bot process passes one of its TELEGRAM_HTTP_CLIENT) or PTB's own on httpx. The
    dispatcher never calls getUpdates; `updates_request` only spares PTB building an
    unused httpx client for it."""
    timeout = settings.reminder_send_timeout_seconds
    if request is None:
        request = HTTPXRequest(connection_pool_size=DISPATCHER_POOL, read_timeout=timeout,
                               write_timeout=timeout, connect_timeout=timeout,
                               pool_timeout=timeout)
    common = dict(token=settings.token or "", base_url=settings.telegram_api_base_url,
                  base_file_url=settings.base_file_url, request=request,
                  get_updates_request=updates_request)
    if settings.reminder_limiter == "ptb":
        return ExtBot(**common, rate_limiter=AIORateLimiter(  # type: ignore[arg-type]
            overall_max_rate=settings.reminder_rate_per_second, max_retries=3))
    return Bot(**common)  # type: ignore[arg-type]


def build_limiter(settings: Settings) -> SendLimiter:
    """The global send budget: in Redis when REDIS_URL is set (shared by every process),
    else in this process."""
    if settings.reminder_limiter == "ptb":
        return NoLimiter()
    rates = (settings.reminder_rate_per_second, settings.reminder_rate_per_chat_per_second,
             settings.reminder_rate_margin)
    if settings.redis_url:
        from bot.delivery.shared_budget import RedisSendLimiter

        return RedisSendLimiter(settings.redis_url, *rates)
    return SendLimiter(*rates)


class DispatcherHandle:
    """A running dispatcher; `await stop()` finishes messages on the wire, gives unsent
    claims back and closes what start_dispatcher opened."""

    def __init__(self, dispatcher: Dispatcher, task: asyncio.Task[None], bot: Bot | None,
                 engine: Engine | None) -> None:
        self.dispatcher, self.task, self._bot, self._engine = dispatcher, task, bot, engine

    async def stop(self, timeout: float = 30.0) -> None:
        self.dispatcher.stop()
        try:
            await asyncio.wait_for(asyncio.shield(self.task), timeout)
        except TimeoutError:
            log.warning("reminder dispatcher did not stop within %.0f s", timeout)
            self.task.cancel()
        finally:
            if self._bot is not None:
                with contextlib.suppress(Exception):
                    await self._bot.shutdown()
            if self._engine is not None:
                await self._engine.dispose()


async def start_dispatcher(settings: Settings,
                           sessions: SessionMaker | None = None,
                           bot: Bot | None = None,
                           limiter: SendLimiter | None = None,
                           request: BaseRequest | None = None,
                           updates_request: BaseRequest | None = None) -> DispatcherHandle:
    """Start dispatching in the background of the running event loop; `limiter` is the
    send budget to share (the bot's, whose replies count in it), `request` the request
    object of the dispatcher's own Bot (see build_bot).

    Without a Telegram token (a web-only `craftbot serve`) there is no bot: only the web
    visitors' reminders are dispatched, to their inboxes."""
    engine = None
    if sessions is None:
        engine = make_engine(settings.database_url,
                             statement_timeout_ms=settings.db_statement_timeout_ms)
        sessions = make_sessionmaker(engine)
    if bot is None and settings.token:
        bot = build_bot(settings, request, updates_request)
    if bot is not None:
        await bot.initialize()
    dispatcher = Dispatcher(bot, sessions, DispatchConfig.from_settings(settings),
                            limiter or build_limiter(settings))
    task = asyncio.create_task(dispatcher.run(), name="reminder-dispatcher")
    task.add_done_callback(_log_crash)
    return DispatcherHandle(dispatcher, task, bot, engine)


def _log_crash(task: asyncio.Task[None]) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.error("reminder dispatcher stopped", exc_info=task.exception())


async def _serve(settings: Settings) -> int:
    from bot.services import prepare_database

    await prepare_database(settings)
    handle = await start_dispatcher(settings)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    log.info("reminder worker running against %s", settings.telegram_api_base_url)
    await asyncio.wait([asyncio.ensure_future(stop.wait()), handle.task],
                       return_when=asyncio.FIRST_COMPLETED)
    await handle.stop()
    log.info("reminder worker stopped: %s", dict(handle.dispatcher.stats))
    return 0 if stop.is_set() else 1


def run_worker(settings: Settings) -> int:
    """`craftbot worker`: dispatch reminders until SIGTERM/SIGINT. Returns the exit code."""
    if not settings.token:
        print("craftbot: TELEGRAM_BOT_TOKEN is not set; the reminder worker needs it to send",
              file=sys.stderr)
        return 2
    return asyncio.run(_serve(settings))


def main() -> int:
    try:
        settings = load_settings()
    except ConfigError as exc:
        print(f"craftbot: {exc}", file=sys.stderr)
        return 2
    from bot.logs import setup

    setup(settings.log_level,
          secrets=[settings.token or "", settings.survey_secret.get_secret_value()])
    try:
        return run_worker(settings)
    except ConfigError as exc:
        print(f"craftbot: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
