"""JSON error bodies: the rules contract's shape, for the API and the chat endpoints."""

from __future__ import annotations

from typing import Any

from aiohttp import web


def error_body(code: str, message: str, field: str | None = None,
               allowed: Any = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "field": field, "allowed": allowed}}


def json_error(status: int, code: str, message: str, field: str | None = None,
               allowed: Any = None, headers: dict[str, str] | None = None) -> web.Response:
    return web.json_response(error_body(code, message, field, allowed), status=status,
                             headers=headers, dumps=dumps)


def dumps(obj: Any) -> str:
    import json

    return json.dumps(obj, ensure_ascii=False)
