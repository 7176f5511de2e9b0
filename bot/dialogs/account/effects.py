"""The storage side of the account: language, role, consent, saved facts, /mydata and
/forget, applied to the user's row in the turn's transaction."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from bot.conversation import EffectContext
from bot.dialogs.account.edit import DropFact
from bot.dialogs.account.privacy import ShowMyData
from bot.dialogs.account.view import Snapshot, mydata_reply
from bot.dialogs.engine.kernel import PARKED
from bot.dialogs.engine.types import (
    Effect,
    ForgetData,
    RecordConsent,
    Reply,
    SaveProfile,
    SetLocale,
    SetRole,
)
from bot.i18n import get_translator
from storage.repos import UserRepo


async def set_locale(ctx: EffectContext, effect: Effect) -> None:
    locale = str(effect.data["locale"])
    await UserRepo(ctx.session).set_locale(ctx.user, locale)
    ctx.env = replace(ctx.env, t=get_translator(locale))  # later replies speak it


async def set_role(ctx: EffectContext, effect: Effect) -> None:
    await UserRepo(ctx.session).set_role(ctx.user, str(effect.data["role"]))


async def record_consent(ctx: EffectContext, effect: Effect) -> None:
    when = ctx.env.now if effect.data.get("consent") else None
    await UserRepo(ctx.session).set_consent(ctx.user, when)


async def save_profile(ctx: EffectContext, effect: Effect) -> None:
    await UserRepo(ctx.session).update_profile(ctx.user, dict(effect.data.get("facts") or {}))


async def forget(ctx: EffectContext, effect: Effect) -> None:
    await UserRepo(ctx.session).forget(ctx.user)
    ctx.forgotten = True  # the dialog row went with the rest


async def show_mydata(ctx: EffectContext, effect: Effect) -> list[Reply]:
    """The user's row and reminders in plain words, then what other features keep about
    them (their loaders put it in Env.extras["mydata_more"] for /mydata, e.g. questions
    sent to officers)."""
    from bot.dialogs.reminders.effects import describe
    from storage.reminders import ReminderRepo

    tz = ctx.services.settings.tz
    reminders = [(r.id, describe(r, ctx.env.t, tz))
                 for r in await ReminderRepo(ctx.session).list_for(ctx.user.id, limit=20)]
    user = ctx.user
    snap = Snapshot(user.locale, user.role, user.consent_at,
                    dict(user.profile or {}) if user.consent_at else {}, reminders,
                    list(ctx.env.extras.get("mydata_more") or []))
    paused = ctx.state if ctx.state is not None and ctx.state.flow == PARKED else None
    if paused is not None and paused.data.get("until") and not effect.data.get("unpaused"):
        snap = replace(snap, paused_until=dt.datetime.fromisoformat(paused.data["until"]))
    note = effect.data.get("note")
    return [mydata_reply(snap, ctx.env, note=str(note) if note else None)]


async def drop_fact(ctx: EffectContext, effect: Effect) -> None:
    await UserRepo(ctx.session).drop_facts(ctx.user, [str(effect.data.get("fact") or "")])


HANDLERS = {SetLocale: set_locale, SetRole: set_role, RecordConsent: record_consent,
            SaveProfile: save_profile, ForgetData: forget, ShowMyData: show_mydata,
            DropFact: drop_fact}
