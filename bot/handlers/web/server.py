"""`craftbot serve`: one aiohttp application with the Telegram webhook, the web chat, the
JSON API and the health checks; graceful shutdown that finishes turns in flight.

    /                       the web chat page (?start=PAYLOAD for deep links, ?lang=en)
    /static/...             its script and style
    /chat/event|inbox|files the web chat's JSON endpoints
    /telegram/webhook       Telegram updates (BOT_MODE=webhook)
    /api/v1/..., /api/openapi.json   the rules API
    /healthz, /readyz       health
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from bot.config import DEFAULT_COOKIE_SECRET, Settings
from bot.dialogs.surveys.effects import links
from bot.handlers.web import api, chat, health, page, webhook
from bot.handlers.web.security import (
    AccessLogger,
    QuietBadRequests,
    RateLimits,
    add_security_headers,
    cors_middleware,
    error_net,
)
from bot.handlers.web.visitors import Signer
from bot.services import Services

log = logging.getLogger("craftbot.web")


def rate_limits(settings: Settings) -> RateLimits:
    return RateLimits.create(settings.redis_url, {
        "visitor": settings.web_rate_per_visitor, "ip": settings.web_rate_per_ip,
        "api_ip": settings.api_rate_per_ip})


def build_web_app(settings: Settings, services: Services, telegram: Any = None,
                  limits: RateLimits | None = None) -> web.Application:
    """The aiohttp application. `telegram`: a started PTB Application (webhook mode)."""
    limits = limits or rate_limits(settings)
    max_body = max(settings.web_max_body_bytes, settings.webhook_max_body_bytes)
    app = web.Application(client_max_size=max_body,
                          middlewares=[error_net, cors_middleware(settings.web_cors_origins)])
    app.on_response_prepare.append(add_security_headers)
    signer = Signer(settings.web_cookie_secret.get_secret_value())
    secure = bool(settings.public_url and settings.public_url.startswith("https://"))

    async def index(request: web.Request) -> web.Response:
        return await page.index(request, signer, secure, settings.default_locale)

    async def no_icon(request: web.Request) -> web.Response:
        return web.Response(status=204)

    app.router.add_get("/", index)
    app.router.add_get("/favicon.ico", no_icon)
    app.router.add_static("/static", page.STATIC, append_version=False)
    chat.setup(app, chat.WebChat(services, signer, limits))
    api.setup(app, limits, settings.web_max_body_bytes, settings.web_trust_proxy,
              settings.public_url)
    health.setup(app, services)
    if telegram is not None and settings.webhook_secret:
        webhook.setup(app, telegram, settings.webhook_secret, settings.webhook_max_body_bytes)
    return app


@dataclass
class Server:
    """The running pieces, in start order; `stop()` takes them down in reverse."""

    settings: Settings
    services: Services
    runner: web.AppRunner | None = None
    telegram: Any = None
    dispatcher: Any = None
    port: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    async def start(self, host: str, port: int) -> None:
        from bot.app import warm_up_soon

        settings, services = self.settings, self.services
        if settings.bot_mode == "webhook":
            await self._start_telegram()  # its post_init warms the search up
        else:
            warm_up_soon(settings)
        if settings.bot_mode != "webhook" and settings.reminders_in_bot:
            from bot.delivery.worker import start_dispatcher

            self.dispatcher = await start_dispatcher(settings, services.sessions)
        app = build_web_app(settings, services, self.telegram)
        self.runner = web.AppRunner(app, access_log_class=AccessLogger,
                                    access_log=logging.getLogger("craftbot.access"),
                                    shutdown_timeout=settings.web_shutdown_seconds,
                                    handler_cancellation=False)
        await self.runner.setup()
        site = web.TCPSite(self.runner, host, port, reuse_address=True)
        await site.start()
        server = getattr(site, "_server", None)
        sockets = getattr(server, "sockets", None) or []
        self.port = sockets[0].getsockname()[1] if sockets else port
        links.set_web_base(services, settings.public_url or f"http://{host}:{self.port}")
        log.info("serving on http://%s:%d (%s)", host, self.port,
                 "Telegram webhook" if self.telegram else "web chat and API")

    async def _start_telegram(self) -> None:
        from bot.app import build_application

        settings = self.settings
        application = build_application(settings, self.services)
        await application.initialize()
        if application.post_init:
            await application.post_init(application)
        await application.start()
        self.telegram = application
        assert settings.public_url and settings.webhook_secret
        await webhook.set_webhook(application.bot, settings.public_url,
                                  settings.webhook_secret, settings.webhook_max_connections)
        log.info("webhook set to %s", webhook.webhook_url(settings.public_url))

    async def stop(self) -> None:
        """Stop taking requests, let the ones in flight finish (WEB_SHUTDOWN_SECONDS),
        then the updates already queued, then the dispatcher and the database."""
        if self.runner is not None:
            app = self.runner.app
            app[health.STOPPING]["stopping"] = True
            await self.runner.cleanup()
            self.runner = None
        if self.telegram is not None:
            application, self.telegram = self.telegram, None
            limiter = application.bot_data.get("reply_limiter")
            if limiter is not None:  # replies failing now are not retried for minutes
                limiter.stop_retrying()
            await application.stop()
            if application.post_shutdown:
                await application.post_shutdown(application)  # dispatcher, database
            await application.shutdown()
            return
        if self.dispatcher is not None:
            await self.dispatcher.stop()
        await self.services.close()


async def serve(settings: Settings, host: str, port: int,
                ready: asyncio.Event | None = None, stop: asyncio.Event | None = None) -> int:
    """Run until SIGTERM/SIGINT (or `stop` is set)."""
    logging.getLogger("aiohttp.server").addFilter(QuietBadRequests())
    if settings.web_cookie_secret.get_secret_value() == DEFAULT_COOKIE_SECRET:
        log.warning("WEB_COOKIE_SECRET is the development default; set your own in production")
    server = Server(settings, Services.create(settings))
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
    try:
        await server.start(host, port)
        if ready is not None:
            ready.set()
        await stop.wait()
        log.info("stopping: finishing requests in flight")
    finally:
        await server.stop()
    log.info("stopped")
    return 0
