"""The web chat's endpoints: POST /chat/event (one turn), GET /chat/inbox (messages that
arrived while away: reminders, broadcasts), GET /chat/files/{token}/{name} (a file a turn
produced, for its visitor only).

Thin like the Telegram channel: a turn is `Conversation.handle` with the visitor's key;
what a command or a button does is in the features' tables, never here.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from typing import Any
from urllib.parse import quote

from aiohttp import web

from bot.conversation import Conversation, TurnResult
from bot.dialogs.engine.types import MAX_BUTTON_DATA, MAX_INPUT, Event, Reply
from bot.handlers.web.errors import dumps, json_error
from bot.handlers.web.render import buttons_json, sanitize
from bot.handlers.web.security import RateLimits, client_ip, read_body, too_many
from bot.handlers.web.visitors import CSRF_HEADER, Signer, origin_ok, visitor_of
from bot.i18n import SUPPORTED
from bot.services import Services
from storage.web import Visitor, WebRepo

log = logging.getLogger(__name__)
KEY = web.AppKey("web_chat", object)
COMMAND_RE = re.compile(r"^[a-z_]{1,32}$")
MAX_ARGS = 256
CONTENT_TYPES = {"png": "image/png", "csv": "text/csv; charset=utf-8",
                 "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


class BadEvent(ValueError):
    def __init__(self, field: str, message: str, allowed: Any = None) -> None:
        super().__init__(message)
        self.field, self.message, self.allowed = field, message, allowed


def parse_event(body: Any) -> tuple[Event, str | None, str | None]:
    """The page's JSON -> (event, deep-link payload, page language)."""
    if not isinstance(body, dict):
        raise BadEvent("", "the body must be a JSON object")
    lang = body.get("lang")
    if lang is not None and lang not in SUPPORTED:
        raise BadEvent("lang", "unsupported language", list(SUPPORTED))
    kind = body.get("type")
    if kind == "text":
        text = body.get("text")
        if not isinstance(text, str):
            raise BadEvent("text", "text must be a string")
        return Event.message(text[: MAX_INPUT + 1]), None, lang
    if kind == "button":
        data = body.get("data")
        if not isinstance(data, str) or not 0 < len(data.encode()) <= MAX_BUTTON_DATA:
            raise BadEvent("data", f"data must be a string of 1-{MAX_BUTTON_DATA} bytes")
        return Event.press(data), None, lang
    if kind == "command":
        name, args = body.get("name"), body.get("args", "")
        if not isinstance(name, str) or not COMMAND_RE.match(name.lstrip("/").lower()):
            raise BadEvent("name", "name must be a command such as start")
        if not isinstance(args, str) or len(args) > MAX_ARGS:
            raise BadEvent("args", f"args must be a string of at most {MAX_ARGS} characters")
        event = Event.cmd(name, args)
        payload = event.args or None if event.name == "start" else None
        return event, payload, lang
    raise BadEvent("type", "unknown event type", ["text", "button", "command"])


class WebChat:
    def __init__(self, services: Services, signer: Signer, limits: RateLimits) -> None:
        self.services = services
        self.settings = services.settings
        self.conv = Conversation(services)
        self.signer = signer
        self.limits = limits

    # -- identity and one turn -----------------------------------------------------------

    async def visitor(self, visitor_id: str) -> Visitor:
        async with self.services.transaction() as session:
            return await WebRepo(session).visitor_for(visitor_id, dt.datetime.now(dt.UTC))

    async def turn(self, visitor: Visitor, lang: str | None, event: Event,
                   payload: str | None) -> TurnResult:
        result = await self.conv.handle(visitor.key, visitor.key, lang, event, channel="web",
                                        payload=payload)
        if result.state is not None:
            result.state.message_id = None  # the page keeps track of its own bubbles
        return result

    async def to_json(self, visitor: Visitor, replies: list[Reply]) -> list[dict[str, Any]]:
        out = []
        files = [r for r in replies if r.content is not None]
        tokens: dict[int, str] = {}
        if files:
            async with self.services.transaction() as session:
                repo = WebRepo(session)
                for r in files:
                    tokens[id(r)] = await repo.store_file(
                        visitor.user_id, r.filename or _default_name(r), r.content or b"")
        for r in replies:
            item: dict[str, Any] = {"html": sanitize(r.text), "buttons": buttons_json(r.buttons),
                                    "edit": r.edit and r.kind == "text",
                                    "in_place": r.in_place and r.kind == "text",
                                    "question": r.question, "kind": r.kind, "file": None}
            if id(r) in tokens:
                name = r.filename or _default_name(r)
                item["file"] = {"url": f"/chat/files/{tokens[id(r)]}/{quote(name)}",
                                "name": name}
            out.append(item)
        return out

    async def inbox_json(self, visitor: Visitor) -> list[dict[str, Any]]:
        async with self.services.transaction() as session:
            items = await WebRepo(session).take_inbox(visitor.user_id, dt.datetime.now(dt.UTC))
        return [{"html": sanitize(i.text), "buttons": buttons_json(i.buttons), "edit": False,
                 "question": False, "kind": "text", "file": None, "inbox": True}
                for i in items]

    # -- HTTP ------------------------------------------------------------------------------

    async def _guard(self, request: web.Request, post: bool) -> str | web.Response:
        """The visitor id, or the refusal: no cookie, foreign origin, bad CSRF token,
        rate limits."""
        visitor_id = visitor_of(request, self.signer)
        if visitor_id is None:
            return json_error(401, "no_visitor", "no visitor cookie; reload the page")
        if post:
            if not origin_ok(request, self.settings.public_url):
                return json_error(403, "bad_origin", "requests must come from this site")
            if not self.signer.csrf_ok(visitor_id, request.headers.get(CSRF_HEADER)):
                return json_error(403, "bad_csrf", "missing or wrong CSRF token; reload")
        ip = client_ip(request, self.settings.web_trust_proxy)
        for rule, key in (("visitor", visitor_id), ("ip", ip)):
            wait = await self.limits.hit(rule, key)
            if wait is not None:
                return too_many(wait)
        return visitor_id

    async def post_event(self, request: web.Request) -> web.Response:
        guard = await self._guard(request, post=True)
        if isinstance(guard, web.Response):
            return guard
        raw = await read_body(request, self.settings.web_max_body_bytes)
        try:
            event, payload, lang = parse_event(json.loads(raw.decode("utf-8")))
        except (UnicodeDecodeError, ValueError, RecursionError) as exc:
            if isinstance(exc, BadEvent):
                return json_error(422, "invalid_value", exc.message, exc.field or None,
                                  exc.allowed)
            return json_error(422, "invalid_json", "the body is not JSON")
        visitor = await self.visitor(guard)
        result = await self.turn(visitor, lang, event, payload)
        replies = await self.to_json(visitor, result.replies)
        inbox = await self.inbox_json(visitor)
        return web.json_response({"replies": replies, "inbox": inbox,
                                  "toast": result.toast, "clear_buttons": result.clear_buttons,
                                  "locale": result.t.locale}, dumps=dumps)

    async def get_inbox(self, request: web.Request) -> web.Response:
        guard = await self._guard(request, post=False)
        if isinstance(guard, web.Response):
            return guard
        visitor = await self.visitor(guard)
        return web.json_response({"inbox": await self.inbox_json(visitor)}, dumps=dumps)

    async def get_file(self, request: web.Request) -> web.Response:
        visitor_id = visitor_of(request, self.signer)
        if visitor_id is None:
            return json_error(404, "not_found", "no such file")
        visitor = await self.visitor(visitor_id)
        async with self.services.transaction() as session:
            found = await WebRepo(session).file(visitor.user_id, request.match_info["token"])
        if found is None:
            return json_error(404, "not_found", "no such file")
        filename, content = found
        ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
        ctype = CONTENT_TYPES.get(ext, "application/octet-stream")
        inline = ext == "png"
        disposition = ("inline" if inline else "attachment") + \
            f"; filename*=UTF-8''{quote(filename)}"
        return web.Response(body=content, headers={"Content-Type": ctype,
                                                   "Content-Disposition": disposition,
                                                   "Cache-Control": "private, no-store"})


def _default_name(reply: Reply) -> str:
    return "image.png" if reply.kind == "photo" else "file.bin"


def setup(app: web.Application, chat: WebChat) -> None:
    app[KEY] = chat
    app.router.add_post("/chat/event", chat.post_event)
    app.router.add_get("/chat/inbox", chat.get_inbox)
    app.router.add_get("/chat/files/{token}/{name}", chat.get_file)
