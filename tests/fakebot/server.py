"""A fake Telegram Bot API server (aiohttp, 127.0.0.1) for end-to-end tests."""

from __future__ import annotations

import asyncio
import json
import logging
import socket
import time
from collections.abc import Iterable
from typing import Any

from aiohttp import web

from tests.fakebot import botconfig, objects  # noqa: F401 - botconfig registers methods
from tests.fakebot.methods import METHODS, Ctx
from tests.fakebot.params import as_int, read_params
from tests.fakebot.recorder import Recorder
from tests.fakebot.state import ApiError, BotState, Call, UploadedFile
from tests.fakebot.traffic import Fault, Faults, FloodLimiter
from tests.fakebot.users import FakeUser

log = logging.getLogger(__name__)
CANONICAL = {name.lower(): name for name in [*METHODS, "getUpdates"]}
RESET = 0  # fail(..., status=RESET): the connection is dropped, no answer at all


class FakeBotAPI(Recorder):
    """Serves `POST|GET /bot{token}/{method}` and `GET /file/bot{token}/{file_path}`.

    Reading and waiting helpers (calls, calls_of, chat, wait_for, ...) come from Recorder.
    """

    def __init__(
        self,
        tokens: Iterable[str] = ("123456:TEST",),
        bot_username: str = "craftbot_test_bot",
        bot_first_name: str = "CraftBot Test",
        *,
        port: int = 0,
        strict_chats: bool = False,
        quiet_period: float = 0.3,
    ) -> None:
        super().__init__(quiet_period)
        self.tokens = set(tokens)
        self.bot_username = bot_username
        self.bots = {t: objects.bot_user(t, bot_username, bot_first_name) for t in self.tokens}
        self.state = BotState(strict_chats=strict_chats)
        self.faults = Faults()
        self.limiter: FloodLimiter | None = None
        self._requested_port = port
        self._port: int | None = None
        self._runner: web.AppRunner | None = None
        self._closing = asyncio.Event()
        self._users: dict[int, FakeUser] = {}
        self.long_polls = 0  # getUpdates requests currently waiting for an update
        self.polls_arrived = 0  # getUpdates requests received so far (recorded when answered)

    # -- lifecycle -------------------------------------------------------------------------

    async def start(self) -> FakeBotAPI:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_get("/file/bot{token}/{path:.+}", self._download)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", self._requested_port))
        self._port = sock.getsockname()[1]
        await web.SockSite(self._runner, sock).start()
        self._closing.clear()
        self.started_at = time.monotonic()
        return self

    async def stop(self) -> None:
        self._closing.set()
        await self.notify()  # ends long polls
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeBotAPI:
        return await self.start()

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    @property
    def port(self) -> int:
        if self._port is None:
            raise RuntimeError("FakeBotAPI is not started")
        return self._port

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/file/bot"

    # -- test-facing helpers ---------------------------------------------------------------

    def user(
        self,
        user_id: int,
        first_name: str = "Test",
        *,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "zh-hans",
    ) -> FakeUser:
        """A user with a private chat (chat id == user id); the same id gives the same chat."""
        profile = objects.human_user(user_id, first_name, last_name, username, language_code)
        self.state.add_user(profile)
        self._users[user_id] = FakeUser(self, profile)
        return self._users[user_id]

    def fail(
        self,
        method: str,
        times: int | None = 1,
        status: int = 429,
        *,
        retry_after: int | None = None,
        description: str | None = None,
        delay: float = 0.0,
        chat_id: int | None = None,
    ) -> Fault:
        """Answer the next `times` calls of `method` ("*" = any, getUpdates too; None = until
        clear_faults()) with an error, after waiting `delay` seconds. 429 defaults to
        retry_after=1; status=RESET (0) drops the connection instead of answering. Only
        calls for `chat_id` when given."""
        if status == 429 and retry_after is None:
            retry_after = 1
        return self.faults.add(
            Fault(method.lower(), status, times, retry_after, description, delay, chat_id)
        )

    def delay(
        self, method: str, seconds: float, times: int | None = 1, chat_id: int | None = None
    ) -> Fault:
        """Hold the next `times` calls for `seconds`, then handle them normally."""
        return self.fail(method, times, 200, delay=seconds, chat_id=chat_id)

    def block(self, user_id: int) -> Fault:
        """From now on every call for this chat answers 403 "bot was blocked by the user"."""
        return self.fail("*", None, 403, chat_id=user_id)

    def clear_faults(self) -> None:
        self.faults.clear()

    def enforce_limits(self, global_per_sec: int = 30, per_chat_per_sec: int = 1,
                       per_chat_burst: int | None = None) -> None:
        """Answer 429 with retry_after when sends exceed Telegram-like flood limits (with
        per_chat_burst: that many at once in a chat, then per_chat_per_sec sustained)."""
        self.limiter = FloodLimiter(global_per_sec, per_chat_per_sec,
                                    per_chat_burst=per_chat_burst)

    def disable_limits(self) -> None:
        self.limiter = None

    # -- HTTP ------------------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.Response:
        at = time.monotonic()
        token, name = request.match_info["token"], request.match_info["method"]
        method = CANONICAL.get(name.lower(), name)
        if method == "getUpdates":  # long polls are not "in flight" for settle()
            self.polls_arrived += 1
            await self.notify()
            return await self._respond(at, token, method, request)
        number = self.request_arrived()
        try:
            return await self._respond(at, token, method, request, number)
        finally:
            self.request_done(number)
            await self.notify()

    async def _respond(
        self, at: float, token: str, method: str, request: web.Request, number: int | None = None
    ) -> web.Response:
        params: dict[str, Any] = {}
        files: dict[str, UploadedFile] = {}
        try:
            params, files = await read_params(request)
            if number is not None:
                self.request_chat(number, self._chat_of(method, params))
            result = await self._dispatch(token, method, params, files)
            status, body = 200, objects.ok_body(result)
        except ApiError as exc:
            if exc.status == RESET:  # drop the connection without an answer
                await self.record(Call(method, params, files, at, RESET, None, "reset",
                                       self._chat_of(method, params)))
                if request.transport is not None:
                    request.transport.abort()
                raise ConnectionResetError("fake Bot API: connection reset") from None
            status, body = (
                exc.status,
                objects.error_body(exc.status, exc.description, exc.retry_after),
            )
        except Exception as exc:  # a bug in the fake: answer 500 and keep serving
            log.exception("fake Bot API failed on %s", method)
            status, body = 500, objects.error_body(500, f"Internal Server Error: {exc!r}")
        call = Call(method, params, files, at, status, body.get("result"), body.get("description"),
                    self._chat_of(method, params))  # fmt: skip
        if number is not None:
            self.request_done(number)  # recorded: no longer in flight
        await self.record(call)
        return web.Response(status=status, body=json.dumps(body), content_type="application/json")

    async def _dispatch(
        self, token: str, method: str, params: dict[str, Any], files: dict[str, UploadedFile]
    ) -> Any:
        if token not in self.tokens:
            raise ApiError(401, "Unauthorized")
        handler = METHODS.get(method)
        if handler is None and method != "getUpdates":
            raise ApiError(404, "Not Found")
        chat_id = self._chat_of(method, params)
        await self._apply_fault(method, chat_id)
        if handler is None:
            return await self._get_updates(params)
        if self.limiter is not None:
            retry_after = self.limiter.check(method, chat_id, time.monotonic())
            if retry_after is not None:
                raise ApiError(429, f"Too Many Requests: retry after {retry_after}", retry_after)
        return handler(Ctx(self.state, self.bots[token], params, files))

    async def _apply_fault(self, method: str, chat_id: int | None) -> None:
        fault = self.faults.take(method, chat_id)
        if fault is None:
            return
        if fault.delay > 0:
            try:
                await asyncio.wait_for(self._closing.wait(), fault.delay)
            except TimeoutError:
                pass
        if fault.status != 200:
            body = objects.error_body(fault.status, fault.description, fault.retry_after)
            raise ApiError(fault.status, body["description"], fault.retry_after)

    def _chat_of(self, method: str, params: dict[str, Any]) -> int | None:
        if method == "answerCallbackQuery":
            return self.state.callback_chats.get(str(params.get("callback_query_id")))
        return as_int(params.get("chat_id"))

    async def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        if self.state.webhook:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        pending = len(self.state.updates)
        self.state.confirm(as_int(params.get("offset")))
        if len(self.state.updates) != pending:
            await self.notify()  # waiters may be watching pending_updates
        limit = min(max(as_int(params.get("limit")) or 100, 1), 100)
        timeout = float(params.get("timeout") or 0)
        if not self.state.updates and timeout > 0 and not self._closing.is_set():
            self.long_polls += 1
            await self.notify()
            try:
                await self.wait_until(self._updates_or_closing, timeout)
            finally:
                self.long_polls -= 1
        return self.state.updates[:limit]

    def _updates_or_closing(self) -> bool:
        return bool(self.state.updates) or self._closing.is_set()

    async def _download(self, request: web.Request) -> web.Response:
        if request.match_info["token"] not in self.tokens:
            return web.json_response(objects.error_body(401), status=401)
        file = self.state.files_by_path.get(request.match_info["path"])
        if file is None:
            return web.json_response(objects.error_body(404), status=404)
        return web.Response(body=file.data, content_type=file.content_type)

    # -- updates from fake users -----------------------------------------------------------

    async def queue_update(self, payload_key: str, payload: dict[str, Any]) -> int:
        """Queue an update for getUpdates and wake long polls; returns the update_id."""
        update_id = self.state.queue(payload_key, payload)
        self.update_chats[update_id] = objects.chat_of_update(payload_key, payload)
        await self.notify()
        return update_id

    def fake_user(self, user_id: int) -> FakeUser | None:
        return self._users.get(user_id)
