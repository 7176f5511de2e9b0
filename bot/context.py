"""A typed python-telegram-bot context that exposes the Services built at start-up."""

from __future__ import annotations

from telegram.ext import Application, CallbackContext, ExtBot

from bot.services import Services


class BotContext(CallbackContext[ExtBot, dict, dict, dict]):
    @property
    def services(self) -> Services:
        return self.application.bot_data["services"]


CraftApp = Application[ExtBot, BotContext, dict, dict, dict, object]
