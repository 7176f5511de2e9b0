"""Safety of the web server: security headers, request size limits, the client address,
rate limits, CORS for the API, the error net and an access log without personal data."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web
from aiohttp.abc import AbstractAccessLogger
from limits import RateLimitItem, parse_many
from limits.aio.storage import MemoryStorage, Storage
from limits.aio.strategies import MovingWindowRateLimiter
from limits.storage import storage_from_string

from bot.handlers.web.errors import json_error

log = logging.getLogger(__name__)
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; font-src 'self'; manifest-src 'self'; base-uri 'none'; "
       "form-action 'self'; frame-ancestors 'none'")
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


async def add_security_headers(request: web.Request, response: web.StreamResponse) -> None:
    """on_response_prepare: every answer, errors included, carries the headers."""
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if request.path.startswith(("/chat/", "/api/")) and "Cache-Control" not in response.headers:
        response.headers["Cache-Control"] = "no-store"


class BodyTooLarge(Exception):
    pass


async def read_body(request: web.Request, limit: int) -> bytes:
    """The request body, refusing (BodyTooLarge) anything over `limit` bytes, whether it
    says so in Content-Length or not."""
    declared = request.content_length
    if declared is not None and declared > limit:
        raise BodyTooLarge
    chunks, size = [], 0
    while True:
        chunk = await request.content.read(64 * 1024)
        if not chunk:
            break
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge
        chunks.append(chunk)
    return b"".join(chunks)


def client_ip(request: web.Request, trust_proxy: bool) -> str:
    if trust_proxy:
        forwarded = request.headers.get("X-Forwarded-For", "")
        first = forwarded.split(",")[0].strip()
        if first:
            return first
    peer = request.remote
    return peer or "unknown"


class RateLimits:
    """Moving-window limits per key (a visitor, an address), in memory or in Redis (then
    shared by every `craftbot serve` process)."""

    def __init__(self, storage: Storage, rules: dict[str, str]) -> None:
        self.storage = storage
        self.limiter = MovingWindowRateLimiter(storage)
        self.rules: dict[str, list[RateLimitItem]] = {n: parse_many(r) for n, r in rules.items()}

    @classmethod
    def create(cls, redis_url: str | None, rules: dict[str, str]) -> RateLimits:
        if redis_url:
            storage = storage_from_string("async+" + redis_url, implementation="redispy")
        else:
            storage = MemoryStorage()
        return cls(storage, rules)

    async def hit(self, rule: str, key: str) -> float | None:
        """Count one request; None if allowed, else the seconds to wait."""
        for item in self.rules[rule]:
            if not await self.limiter.hit(item, rule, key):
                stats = await self.limiter.get_window_stats(item, rule, key)
                return max(1.0, stats.reset_time - time.time())
        return None


def too_many(retry_after: float) -> web.Response:
    seconds = str(int(retry_after + 0.999))
    return json_error(429, "rate_limited", "too many requests; try again later", None, None,
                      headers={"Retry-After": seconds})


def cors_middleware(origins: list[str]) -> Any:
    """CORS for /api/ only, for the configured origins; off when the list is empty."""
    allowed = set(origins)

    @web.middleware
    async def cors(request: web.Request, handler: Handler) -> web.StreamResponse:
        origin = request.headers.get("Origin")
        api = request.path.startswith("/api/")
        ok = api and origin is not None and ("*" in allowed or origin in allowed)
        if ok and request.method == "OPTIONS":
            response: web.StreamResponse = web.Response(status=204)
            response.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
            response.headers["Access-Control-Allow-Headers"] = "Content-Type"
            response.headers["Access-Control-Max-Age"] = "600"
        else:
            response = await handler(request)
        if ok:
            response.headers["Access-Control-Allow-Origin"] = "*" if "*" in allowed else origin
            response.headers["Vary"] = "Origin"
        return response

    return cors


@web.middleware
async def error_net(request: web.Request, handler: Handler) -> web.StreamResponse:
    """No traceback ever reaches a caller: HTTP errors become JSON (the API, the chat) or
    stay plain; anything unexpected is logged and answered with a short 500."""
    try:
        return await handler(request)
    except web.HTTPException as exc:
        if exc.status < 400 or not request.path.startswith(("/api/", "/chat/", "/telegram/")):
            raise
        code = {404: "not_found", 405: "method_not_allowed", 413: "too_large"}.get(
            exc.status, "http_error")
        return json_error(exc.status, code, exc.reason)
    except asyncio.CancelledError:
        raise
    except BodyTooLarge:
        return json_error(413, "too_large", "request body too large")
    except Exception:
        log.exception("unhandled error on %s %s", request.method, request.path)
        if request.path.startswith(("/api/", "/chat/")):
            return json_error(500, "internal_error", "internal error")
        return web.Response(status=500, text="internal error")


class AccessLogger(AbstractAccessLogger):
    """Method, path without the query string, status, size, duration: no address, no
    cookie, no user agent, no deep-link payload."""

    def log(self, request: web.BaseRequest, response: web.StreamResponse, time: float
            ) -> None:
        self.logger.info("%s %s %s %s %.1fms", request.method, _path(request.path),
                         response.status, response.body_length, time * 1000)

    @property
    def enabled(self) -> bool:
        return self.logger.isEnabledFor(logging.INFO)


def _path(path: str) -> str:
    """File download tokens are secrets of their owner: not in the log either."""
    if path.startswith("/chat/files/"):
        return "/chat/files/…"
    return path


class QuietBadRequests(logging.Filter):
    """aiohttp logs a malformed HTTP request (answered 400) with a traceback; one line is
    enough."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        if exc is not None and type(exc).__name__ in ("BadHttpMessage", "BadStatusLine",
                                                      "InvalidHeader", "LineTooLong",
                                                      "BadHttpMethod", "InvalidURLError"):
            record.msg = "malformed request answered 400: %s"
            record.args = (str(exc).splitlines()[0] if str(exc) else type(exc).__name__,)
            record.exc_info, record.exc_text = None, None
            record.levelno, record.levelname = logging.INFO, "INFO"
        return True
