"""An update processor that tells the fake Bot API when the bot has handled an update.

    processor = SignallingUpdateProcessor(api)
    app = Application.builder()...concurrent_updates(processor).build()

While the Application is initialised the fake server knows a bot in this process reports
handled updates, so `FakeUser.send_and_wait` & co. wait for "every update this chat queued
has been handled and no call for this chat is still in flight" instead of a quiet period.
"Handled" means the whole `Application.process_update` coroutine returned: the handlers
and, when one raised, the error handlers (both run blocking in this project).
"""

from __future__ import annotations

from collections.abc import Awaitable
from typing import TYPE_CHECKING, Any

from telegram import Update
from telegram.ext import SimpleUpdateProcessor

if TYPE_CHECKING:
    from tests.fakebot.server import FakeBotAPI

# What `ApplicationBuilder.concurrent_updates(True)` allows, as production does.
CONCURRENT_UPDATES = 256


class SignallingUpdateProcessor(SimpleUpdateProcessor):
    """SimpleUpdateProcessor (same concurrency limit, updates run at once) that announces
    "update N handled" to the fake Bot API after the update's coroutine has finished."""

    __slots__ = ("api",)

    def __init__(self, api: FakeBotAPI, max_concurrent_updates: int = CONCURRENT_UPDATES
                 ) -> None:
        super().__init__(max_concurrent_updates)
        self.api = api

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        failed = True
        try:
            await coroutine
            failed = False
        finally:
            if isinstance(update, Update):
                await self.api.update_handled(update.update_id, failed=failed)

    async def initialize(self) -> None:
        self.api.attach_processor(self)

    async def shutdown(self) -> None:
        self.api.detach_processor(self)
