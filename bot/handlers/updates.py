"""Updates that cannot stop the bot.

python-telegram-bot parses a whole `getUpdates` batch at once: one update it cannot read
(an older self-hosted Bot API server, a field PTB requires and the server leaves out)
makes every call fail, the offset never moves past it and nobody is answered again.
`SafeUpdatesRequest` wraps the request object of `getUpdates`: it reads each update of the
answer on its own and replaces the ones that do not parse by a bare `{"update_id": N}`
(no handler takes it, and the offset moves on). The webhook uses `parse_update`, the same
check for one update. Each skipped update is logged once, by id and kind only (never its
content), and handed to `on_skipped` (the bot stores it for inspection).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

from telegram import Bot, Update
from telegram.request import BaseRequest, RequestData

log = logging.getLogger(__name__)

Skipped = Callable[[int | None, str, str, dict[str, Any]], None]


def update_kind(raw: dict[str, Any]) -> str:
    """The update's type: the first key that is not update_id (message, callback_query ...)."""
    return next((k for k in raw if k != "update_id"), "empty")[:40]


def parse_update(raw: Any, bot: Bot | None, on_skipped: Skipped | None = None
                 ) -> Update | None:
    """One update as PTB reads it, or None (logged and reported) when it cannot be read."""
    if not isinstance(raw, dict):
        _skip(None, "not-an-object", "the update is not a JSON object", {}, on_skipped)
        return None
    uid = raw.get("update_id")
    if not isinstance(uid, int) or isinstance(uid, bool):
        _skip(None, update_kind(raw), "update_id missing or not a number", raw, on_skipped)
        return None
    try:
        return Update.de_json(raw, bot)
    except Exception as exc:  # any parse error of PTB's: the update is unusable here
        _skip(uid, update_kind(raw), f"{type(exc).__name__}", raw, on_skipped)
        return None


def _skip(uid: int | None, kind: str, reason: str, raw: dict[str, Any],
          on_skipped: Skipped | None) -> None:
    log.warning("skipped update %s of type %s: %s", uid, kind, reason)
    if on_skipped is not None:
        try:
            on_skipped(uid, kind, reason, raw)
        except Exception:
            log.exception("could not record the skipped update %s", uid)


class SafeUpdatesRequest(BaseRequest):
    """A `getUpdates` request object that never lets one bad update through to PTB."""

    def __init__(self, inner: BaseRequest, on_skipped: Skipped | None = None) -> None:
        self.inner = inner
        self.on_skipped = on_skipped

    @property
    def read_timeout(self) -> float | None:
        return self.inner.read_timeout

    async def initialize(self) -> None:
        await self.inner.initialize()

    async def shutdown(self) -> None:
        await self.inner.shutdown()

    async def do_request(self, url: str, method: str, request_data: RequestData | None = None,
                         read_timeout: Any = BaseRequest.DEFAULT_NONE,
                         write_timeout: Any = BaseRequest.DEFAULT_NONE,
                         connect_timeout: Any = BaseRequest.DEFAULT_NONE,
                         pool_timeout: Any = BaseRequest.DEFAULT_NONE) -> tuple[int, bytes]:
        status, payload = await self.inner.do_request(
            url, method, request_data, read_timeout=read_timeout, write_timeout=write_timeout,
            connect_timeout=connect_timeout, pool_timeout=pool_timeout)
        if status != 200 or not url.endswith("/getUpdates"):
            return status, payload
        return status, self.clean(payload)

    def clean(self, payload: bytes) -> bytes:
        try:
            body = json.loads(payload)
        except ValueError:
            return payload  # PTB reports a broken answer itself
        result = body.get("result") if isinstance(body, dict) else None
        if not isinstance(result, list):
            return payload
        cleaned, changed = [], False
        for raw in result:
            if parse_update(raw, None, self.on_skipped) is not None:
                cleaned.append(raw)
                continue
            changed = True
            uid = raw.get("update_id") if isinstance(raw, dict) else None
            if isinstance(uid, int) and not isinstance(uid, bool):
                cleaned.append({"update_id": uid})  # keeps the offset moving
        if not changed:
            return payload
        body["result"] = cleaned
        return json.dumps(body).encode()
