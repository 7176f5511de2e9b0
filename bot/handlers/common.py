"""What every handler needs: the user's row and language, resolved once per update."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update

from bot.context import BotContext
from bot.i18n import Translator, get_translator, resolve_locale
from storage.models import User
from storage.repos import UserRepo


@dataclass
class Turn:
    """One update's unit of work: session (one transaction), user, translator."""

    session: AsyncSession
    user: User
    t: Translator
    users: UserRepo


def locale_for(user: User | None, update: Update, default: str) -> str:
    tg = update.effective_user
    return resolve_locale(user.locale if user else None, tg.language_code if tg else None,
                          default)


@asynccontextmanager
async def turn(update: Update, context: BotContext) -> AsyncIterator[Turn]:
    services = context.services
    tg_user = update.effective_user
    assert tg_user is not None
    async with services.user_lock(tg_user.id), services.transaction() as session:
        users = UserRepo(session)
        user = await users.get_or_create(tg_user.id)
        if not user.is_active:
            user.is_active = True  # they wrote to us again: not blocked any more
        t = get_translator(locale_for(user, update, services.settings.default_locale))
        yield Turn(session=session, user=user, t=t, users=users)
