"""build_application's update processor: production keeps concurrent_updates(True); tests
pass the signalling one. Either runs inside the gate's processor (a batch is confirmed to
Telegram only once handled, bot/handlers/updates.py)."""

from __future__ import annotations

from telegram.ext import SimpleUpdateProcessor

from bot.app import build_application
from bot.handlers.updates import GatedUpdateProcessor
from tests.e2e.harness import bot_settings
from tests.fakebot.signals import SignallingUpdateProcessor


async def test_default_processor_is_concurrent_updates_true(fake_api, tmp_path) -> None:
    app = build_application(bot_settings(fake_api, f"sqlite+aiosqlite:///{tmp_path}/a.db"))
    try:
        assert type(app.update_processor) is GatedUpdateProcessor
        assert type(app.update_processor.inner) is SimpleUpdateProcessor
        assert app.update_processor.inner.max_concurrent_updates == 256
        assert app.update_processor.max_concurrent_updates == 256 == app.concurrent_updates
    finally:
        await app.bot_data["services"].close()


async def test_a_given_processor_is_used(fake_api, tmp_path) -> None:
    processor = SignallingUpdateProcessor(fake_api)
    app = build_application(bot_settings(fake_api, f"sqlite+aiosqlite:///{tmp_path}/b.db"),
                            update_processor=processor)
    try:
        assert type(app.update_processor) is GatedUpdateProcessor
        assert app.update_processor.inner is processor
        assert app.concurrent_updates == 256
    finally:
        await app.bot_data["services"].close()
