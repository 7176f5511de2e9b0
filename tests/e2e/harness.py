"""Run the real bot against the fake Bot API: in this process, or as a `craftbot run`
subprocess (for restart and two-process tests)."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import bot.app as bot_app
from bot.app import build_application
from bot.config import Settings, load_settings
from tests.fakebot.signals import SignallingUpdateProcessor

TOKEN = "123456:TEST"
REPO = Path(__file__).resolve().parents[2]


def bot_settings(api: Any, db_url: str, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "telegram_bot_token": TOKEN,
        "telegram_api_base_url": api.base_url,
        "database_url": db_url,
        "default_locale": "zh_CN",
        # Per-chat pacing (about one send a second, 20 a minute in a group) would stretch
        # every turn of several messages: it has tests of its own (tests/delivery), here
        # it is out of the way.
        "send_chat_rate_per_second": 1000.0,
        "send_group_per_minute": 1000,
        "_env_file": None,
    }
    values.update(overrides)
    return load_settings(**values)


@asynccontextmanager
async def running_bot(api: Any, db_url: str, **overrides: Any) -> AsyncIterator[Any]:
    """The real python-telegram-bot Application, polling the fake server. Its update
    processor tells the server when each update has been handled, so `send_and_wait` and
    friends wait for that instead of a quiet period."""
    app = build_application(bot_settings(api, db_url, **overrides),
                            update_processor=SignallingUpdateProcessor(api))
    await app.initialize()
    if app.post_init:
        await app.post_init(app)
    # The search warm-up runs beside the updates; a test's bounded waits should not
    # share the worker's first seconds with it.
    await asyncio.to_thread(bot_app.warmed.wait, 60)
    await app.updater.start_polling(poll_interval=0.0, timeout=1,
                                    allowed_updates=["message", "callback_query"])
    await app.start()
    try:
        yield app
    finally:
        await app.updater.stop()
        await app.stop()
        if app.post_shutdown:
            await app.post_shutdown(app)
        await app.shutdown()


def bot_env(api: Any, db_url: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("TELEGRAM_", "DATABASE_URL", "ADMIN_IDS"))}
    env.update({"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": api.base_url,
                "DATABASE_URL": db_url, "PYTHONUNBUFFERED": "1",
                "SEND_CHAT_RATE_PER_SECOND": "1000"})
    env.update(extra)
    return env


class BotProcess:
    """`craftbot run` in a child process; `kill()` is SIGKILL (a crash), `stop()` SIGTERM.

    The process cannot signal handled updates, so waits on its server fall back to the
    server's quiet period (see Recorder.settle)."""

    def __init__(self, api: Any, db_url: str, cwd: Path, **extra: str) -> None:
        self.api = api
        self.polls_before = api.polls_arrived
        self.log_path = cwd / f"bot-{id(self)}.log"
        self.log = open(self.log_path, "wb")  # noqa: SIM115 (closed in output())
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "run"], cwd=cwd, env=bot_env(api, db_url, **extra),
            stdin=subprocess.DEVNULL, stdout=self.log, stderr=subprocess.STDOUT)

    async def polling(self, timeout: float = 30.0) -> None:
        """Waits until a getUpdates request arrives after this process was started (its
        first long poll is only recorded when it returns, up to 10 s later). Start no other
        process on the same server meanwhile."""
        await self.api.wait_for(lambda: self.api.polls_arrived > self.polls_before, timeout,
                                "the `craftbot run` process to poll the fake Bot API")

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)

    async def stop(self) -> str:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        await asyncio.to_thread(self.proc.wait, 20)
        return self.output()

    def output(self) -> str:
        self.log.close()
        return self.log_path.read_text(errors="replace")
