"""Reading Bot API parameters from a request: query string, JSON body, form or multipart."""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web
from aiohttp.web_request import FileField

from tests.fakebot.state import UploadedFile, bad_request

# Form values are strings; these are kept as strings, everything else is JSON-decoded
# when it parses (PTB JSON-encodes every non-string value it posts).
STRING_FIELDS = frozenset(
    {
        "text", "caption", "parse_mode", "callback_query_id", "url", "secret_token",
        "ip_address", "file_id", "action", "language_code", "description",
        "short_description", "name", "title", "query", "emoji", "inline_message_id",
        "business_connection_id", "message_effect_id", "photo", "document",
    }
)  # fmt: skip
# Values that are JSON objects even inside a JSON body (clients may send them as strings).
JSON_FIELDS = frozenset(
    {
        "reply_markup", "entities", "caption_entities", "commands", "scope", "menu_button",
        "allowed_updates", "link_preview_options", "reply_parameters", "media",
    }
)  # fmt: skip


def decode_form(key: str, value: str) -> Any:
    if key in STRING_FIELDS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


def decode_json(key: str, value: Any) -> Any:
    if key in JSON_FIELDS and isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError as exc:
            raise bad_request(f"can't parse {key} JSON object") from exc
    return value


async def read_params(request: web.Request) -> tuple[dict[str, Any], dict[str, UploadedFile]]:
    """Parameters and uploaded files of a Bot API request; attach:// references resolved."""
    params: dict[str, Any] = {k: decode_form(k, v) for k, v in request.query.items()}
    files: dict[str, UploadedFile] = {}
    if request.can_read_body:
        if request.content_type == "application/json":
            params.update(await _json_body(request))
        else:
            for key, value in (await request.post()).items():
                if isinstance(value, FileField):
                    files[key] = _upload(value)
                else:
                    params[key] = decode_form(key, str(value))
    for key, value in params.items():
        if isinstance(value, str) and value.startswith("attach://"):
            attached = files.get(value.removeprefix("attach://"))
            if attached is not None:
                files[key] = attached
    return params, files


async def _json_body(request: web.Request) -> dict[str, Any]:
    try:
        body = await request.json()
    except ValueError as exc:
        raise bad_request("can't parse JSON body") from exc
    if not isinstance(body, dict):
        raise bad_request("JSON body must be an object")
    return {key: decode_json(key, value) for key, value in body.items()}


def _upload(field: FileField) -> UploadedFile:
    return UploadedFile(
        filename=field.filename or "file",
        content_type=field.content_type or "application/octet-stream",
        data=field.file.read(),
    )


def as_int(value: Any) -> int | None:
    """An integer parameter given as int or decimal string; None otherwise."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        try:
            return int(value)
        except ValueError:
            return None
    return None


def require_int(params: dict[str, Any], key: str, missing: str) -> int:
    value = as_int(params.get(key))
    if value is None:
        raise bad_request(missing)
    return value


def optional_int(params: dict[str, Any], key: str, default: int) -> int:
    value = as_int(params.get(key))
    return default if value is None else value
