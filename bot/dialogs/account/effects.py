"""The storage side of the account: language, role, consent, saved facts, /mydata and
/forget, applied to the user's row in the turn's transaction."""

from __future__ import annotations

import html
from dataclasses import replace

from bot.conversation import EffectContext
from bot.dialogs.account.onboarding import ROLES
from bot.dialogs.account.privacy import ShowMyData
from bot.dialogs.engine.types import (
    Effect,
    ForgetData,
    RecordConsent,
    Reply,
    SaveProfile,
    SetLocale,
    SetRole,
)
from bot.i18n import Translator, get_translator
from storage.models import User
from storage.repos import UserRepo

LANGUAGE_NAMES = {"zh_CN": "中文", "en": "English"}


def mydata_text(user: User, t: Translator) -> str:
    unset = t._("not chosen")
    role = next((t._(o.label) for o in ROLES if o.value == user.role), unset)
    language = LANGUAGE_NAMES.get(user.locale or "", unset)
    lines = [t._("<b>What I store about you</b>"),
             t._("Language: {value}", value=html.escape(language)),
             t._("Role: {value}", value=html.escape(role))]
    if user.consent_at is None:
        lines.append(t._("Consent to keep personal facts: not given. "
                         "I keep no birth date, skill level or employer."))
    else:
        lines.append(t._("Consent given on {date}.", date=t.date(user.consent_at.date())))
        if user.profile:
            for key, value in sorted(user.profile.items()):
                lines.append(f"• {html.escape(str(key))}: {html.escape(str(value))}")
        else:
            lines.append(t._("No personal facts saved yet."))
    lines.append(t._("Use /forget to delete it."))
    return "\n".join(lines)


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
    """The user's row, then what other features keep about them (their loaders put it in
    Env.extras["mydata_more"] for /mydata, e.g. questions sent to officers)."""
    text = mydata_text(ctx.user, ctx.env.t)
    more = list(ctx.env.extras.get("mydata_more") or [])
    if more:
        head, _, tail = text.rpartition("\n")
        text = "\n\n".join([head, *more, tail])
    return [Reply(text)]


HANDLERS = {SetLocale: set_locale, SetRole: set_role, RecordConsent: record_consent,
            SaveProfile: save_profile, ForgetData: forget, ShowMyData: show_mydata}
