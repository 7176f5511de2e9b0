"""The JSON API of the rules module under /api/v1/ (contracts/rules-api.md).

Requests and answers are those of `craftbot rules`: the bodies go through the very
handlers of knowledge/cli.py, so the API and the command line cannot drift apart.
Invalid input is 422 with {"error": {"code", "message", "field", "allowed"}}.
"""

from __future__ import annotations

import asyncio
import io
from typing import Any

from aiohttp import web

from bot.handlers.web.errors import dumps, json_error
from bot.handlers.web.openapi import document
from bot.handlers.web.security import RateLimits, client_ip, read_body, too_many
from knowledge.core import RulesInputError

PREFIX = "/api/v1"
KEY = web.AppKey("api_config", dict)


def _invalid(exc: RulesInputError, status: int = 422) -> web.Response:
    return json_error(status, exc.code, exc.message, exc.field, _plain(exc.allowed))


def _plain(allowed: Any) -> Any:
    return list(allowed) if isinstance(allowed, tuple) else allowed


def _ok(result: Any) -> web.Response:
    return web.json_response(result, dumps=dumps)


async def _limited(request: web.Request) -> web.Response | None:
    cfg = request.app[KEY]
    limits: RateLimits = cfg["limits"]
    wait = await limits.hit("api_ip", client_ip(request, cfg["trust_proxy"]))
    return too_many(wait) if wait is not None else None


async def _cli(request: web.Request, command: str) -> web.Response:
    """POST body -> the CLI handler of `command` -> the same JSON it prints."""
    if (refused := await _limited(request)) is not None:
        return refused
    from knowledge.cli import HANDLERS

    raw = await read_body(request, request.app[KEY]["max_body"])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return json_error(422, "invalid_json", "the body is not UTF-8 text")
    try:
        result = await asyncio.to_thread(HANDLERS[command], io.StringIO(text))
    except RulesInputError as exc:
        return _invalid(exc)
    except RecursionError:  # absurdly nested JSON
        return json_error(422, "invalid_json", "JSON nested too deeply")
    return _ok(result)


async def programs(request: web.Request) -> web.Response:
    if (refused := await _limited(request)) is not None:
        return refused
    from knowledge.api import list_programs

    return _ok(list_programs())


async def evaluate(request: web.Request) -> web.Response:
    return await _cli(request, "evaluate")


async def match(request: web.Request) -> web.Response:
    return await _cli(request, "match")


async def search(request: web.Request) -> web.Response:
    return await _cli(request, "search")


async def policy_status(request: web.Request) -> web.Response:
    if (refused := await _limited(request)) is not None:
        return refused
    from knowledge.api import policy_status as status_of
    from knowledge.api import today
    from knowledge.core import parse_date

    policy_id = request.match_info["policy_id"]
    on = request.query.get("on")
    try:
        day = parse_date(on, "on") if on is not None else today()
    except RulesInputError as exc:
        exc.allowed = ["YYYY-MM-DD"]
        return _invalid(exc)
    try:
        status = status_of(policy_id, day)
    except RulesInputError as exc:
        return _invalid(exc, 404)
    return _ok({"policy": policy_id, "on": day.isoformat(), "status": status})


async def openapi(request: web.Request) -> web.Response:
    return _ok(document(request.app[KEY].get("server_url")))


def setup(app: web.Application, limits: RateLimits, max_body: int, trust_proxy: bool,
          server_url: str | None) -> None:
    app[KEY] = {"limits": limits, "max_body": max_body, "trust_proxy": trust_proxy,
                "server_url": server_url}
    app.router.add_get(f"{PREFIX}/programs", programs)
    app.router.add_post(f"{PREFIX}/evaluate", evaluate)
    app.router.add_post(f"{PREFIX}/match", match)
    app.router.add_post(f"{PREFIX}/search", search)
    app.router.add_get(f"{PREFIX}/policies/{{policy_id}}/status", policy_status)
    app.router.add_get("/api/openapi.json", openapi)
