"""POST /telegram/webhook: Telegram's updates, handed to the python-telegram-bot
Application exactly as polling hands them (its update queue), so handlers, per-user
ordering and error handling are the same in both modes.

Checks, in order: the secret header (constant-time; 403 when absent or wrong), the size
(413), the body being an update (400). Then 200 once the update's turn has committed
(its replies are in the outbox and go out after; bot/handlers/updates.py UpdateGate), at
most WEBHOOK_HOLD_SECONDS later: a crash before that leaves Telegram to send the update
again, instead of losing it. An update whose turn had committed before the crash is then
skipped, as in polling.
"""

from __future__ import annotations

import hmac
import json
import logging
from typing import Any

from aiohttp import web
from telegram import Bot, Update
from telegram.ext import Application

from bot.handlers.web.security import BodyTooLarge, read_body

log = logging.getLogger(__name__)
PATH = "/telegram/webhook"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
ALLOWED_UPDATES = ["message", "callback_query"]
KEY = web.AppKey("webhook", dict)
WEBHOOK_HOLD_SECONDS = 20.0  # well below the time after which Telegram sends again


def webhook_url(public_url: str) -> str:
    return public_url.rstrip("/") + PATH


def parse_update(raw: bytes, bot: Bot) -> Update | None:
    """An Update, or None when the body is not one (not JSON, not an object, no integer
    update_id, fields of the wrong shape)."""
    try:
        data: Any = json.loads(raw)
    except (ValueError, RecursionError):
        return None
    if not isinstance(data, dict):
        return None
    update_id = data.get("update_id")
    if isinstance(update_id, bool) or not isinstance(update_id, int):
        return None
    try:
        return Update.de_json(data, bot)
    except Exception:  # PTB raises whatever the malformed field provokes
        return None


async def receive(request: web.Request) -> web.Response:
    cfg = request.app[KEY]
    given = request.headers.get(SECRET_HEADER, "")
    if not hmac.compare_digest(given.encode("utf-8", "replace"), cfg["secret"].encode()):
        return web.Response(status=403, text="forbidden")
    try:
        raw = await read_body(request, cfg["max_body"])
    except BodyTooLarge:
        return web.Response(status=413, text="too large")
    application: Application = cfg["application"]
    update = parse_update(raw, application.bot)
    if update is None:
        return web.Response(status=400, text="not an update")
    gate = application.bot_data.get("gate")
    if gate is not None:
        gate.fetched([update.update_id])
    await application.update_queue.put(update)
    if gate is not None:
        uid = update.update_id
        await gate.wait(lambda: [uid] if uid in gate.pending else [], WEBHOOK_HOLD_SECONDS,
                        "the webhook answer")
    return web.Response(status=200)


def setup(app: web.Application, application: Application, secret: str, max_body: int
          ) -> None:
    app[KEY] = {"application": application, "secret": secret, "max_body": max_body}
    app.router.add_post(PATH, receive)


async def set_webhook(bot: Bot, public_url: str, secret: str, max_connections: int) -> bool:
    return await bot.set_webhook(url=webhook_url(public_url), secret_token=secret,
                                 allowed_updates=ALLOWED_UPDATES,
                                 max_connections=max_connections, drop_pending_updates=False)
