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

import asyncio
import inspect
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from telegram import Bot, Update
from telegram.ext import BaseUpdateProcessor
from telegram.request import BaseRequest, RequestData

log = logging.getLogger(__name__)

Skipped = Callable[[int | None, str, str, dict[str, Any]], None]
# How long the confirmation of a batch may wait for its turns; past it, polling goes on
# (a stuck turn must not stop the bot for everybody else).
GATE_SECONDS = 60.0


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


class UpdateGate:
    """The fetched updates not yet handled, and the confirmation that waits for them."""

    def __init__(self, wait_seconds: float = GATE_SECONDS) -> None:
        self.wait_seconds = wait_seconds
        self.pending: set[int] = set()
        # Updates whose turn committed in an earlier process (update id -> sender): not
        # handled again. Filled at start-up, forgotten once confirmed.
        self.skip: dict[int, int] = {}
        self.on_confirm: Callable[[int], None] | None = None  # offset Telegram now has
        self.stats: dict[str, int] = {"held": 0, "late": 0, "skipped": 0}
        self._waiters: set[asyncio.Event] = set()

    def fetched(self, ids: list[int]) -> None:
        self.pending.update(ids)

    def done(self, update_id: int) -> None:
        """Update `update_id` is handled (committed, or its processing ended)."""
        if update_id in self.pending:
            self.pending.discard(update_id)
            for waiter in self._waiters:
                waiter.set()

    def handled_before(self, update: Update) -> bool:
        """Did an earlier process commit this update's turn? (Same id, same sender: the
        ids of another Bot API server, as in the tests' two processes, are not enough.)"""
        if update.update_id not in self.skip:
            return False
        sender = update.effective_user.id if update.effective_user else None
        if self.skip.get(update.update_id) != sender:
            return False
        del self.skip[update.update_id]
        self.stats["skipped"] += 1
        return True

    async def before_confirming(self, offset: int) -> None:
        """Wait (bounded) until the pending updates below `offset` are handled; then the
        request that confirms them may go."""
        if offset > 0:
            await self.wait(lambda: [i for i in self.pending if i < offset],
                            self.wait_seconds, "polling")

    def confirmed(self, offset: int) -> None:
        """Telegram answered a `getUpdates` with this offset: the updates below it will
        not come again."""
        if self.skip and offset > 0:
            self.skip = {k: v for k, v in self.skip.items() if k >= offset}
        if self.on_confirm is not None:
            self.on_confirm(offset)

    async def wait(self, waiting: Callable[[], list[int]], timeout: float, what: str
                   ) -> None:
        """Until `waiting()` (the pending updates waited for) is empty, or `timeout`
        seconds: then those are given up on (logged once) and `what` goes on."""
        if not waiting():
            return
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        event = asyncio.Event()
        self._waiters.add(event)
        log.debug("holding the confirmation of %d update(s) until handled", len(waiting()))
        try:
            while True:
                event.clear()  # before looking: a done() from now on wakes us
                left_ids = waiting()
                if not left_ids:
                    self.stats["held"] += 1
                    return
                left = deadline - loop.time()
                if left <= 0:
                    log.warning("confirming %d update(s) not handled after %.0f s (first "
                                "%d); %s goes on", len(left_ids), timeout, min(left_ids),
                                what)
                    self.stats["late"] += len(left_ids)
                    self.pending.difference_update(left_ids)
                    return
                try:
                    await asyncio.wait_for(event.wait(), left)
                except TimeoutError:
                    pass
        finally:
            self._waiters.discard(event)


async def _nothing() -> None:
    return None


class GatedUpdateProcessor(BaseUpdateProcessor):
    """Runs each update through `inner` (the Application's own processor, or the tests'),
    then tells the gate it is handled; an update an earlier process committed goes through
    `inner` as handled, without its handlers."""

    def __init__(self, inner: BaseUpdateProcessor, gate: UpdateGate) -> None:
        super().__init__(inner.max_concurrent_updates)
        self.inner = inner
        self.gate = gate

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        uid = update.update_id if isinstance(update, Update) else None
        try:
            if isinstance(update, Update) and self.gate.skip \
                    and self.gate.handled_before(update):
                log.info("update %s was handled before the restart; its reply is in the "
                         "outbox", uid)
                if inspect.iscoroutine(coroutine):
                    coroutine.close()
                coroutine = _nothing()
            await self.inner.process_update(update, coroutine)
        finally:
            if uid is not None:
                self.gate.done(uid)

    async def initialize(self) -> None:
        await self.inner.initialize()

    async def shutdown(self) -> None:
        await self.inner.shutdown()


def _offset(request_data: RequestData | None) -> int | None:
    if request_data is None:
        return None
    value = request_data.parameters.get("offset")
    return value if isinstance(value, int) and not isinstance(value, bool) else None


class SafeUpdatesRequest(BaseRequest):
    """A `getUpdates` request object that never lets one bad update through to PTB, and
    (with a gate) confirms a batch only once it is handled."""

    def __init__(self, inner: BaseRequest, on_skipped: Skipped | None = None,
                 gate: UpdateGate | None = None) -> None:
        self.inner = inner
        self.on_skipped = on_skipped
        self.gate = gate

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
        updates = url.endswith("/getUpdates")
        offset = _offset(request_data) or 0
        if updates and self.gate is not None:
            await self.gate.before_confirming(offset)
        status, payload = await self.inner.do_request(
            url, method, request_data, read_timeout=read_timeout, write_timeout=write_timeout,
            connect_timeout=connect_timeout, pool_timeout=pool_timeout)
        if status != 200 or not updates:
            return status, payload
        if self.gate is not None:
            self.gate.confirmed(offset)
        return status, self.clean(payload)

    def clean(self, payload: bytes) -> bytes:
        try:
            body = json.loads(payload)
        except ValueError:
            return payload  # PTB reports a broken answer itself
        result = body.get("result") if isinstance(body, dict) else None
        if not isinstance(result, list):
            return payload
        if self.gate is not None:
            self.gate.fetched([raw["update_id"] for raw in result if isinstance(raw, dict)
                               and isinstance(raw.get("update_id"), int)
                               and not isinstance(raw.get("update_id"), bool)])
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
