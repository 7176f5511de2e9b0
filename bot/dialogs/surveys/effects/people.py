"""Appointing officers and assessors with single-use links.

ADMIN_IDS are officers for every city and may appoint officers and assessors for any
city; an appointed officer may appoint assessors for their own cities. The link works
once, for seven days; opening it asks the person to accept.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import replace

from bot.conversation import EffectContext
from bot.dialogs.engine.types import Effect, Reply
from bot.dialogs.home import menu
from bot.dialogs.surveys.effects import links
from bot.dialogs.surveys.effects.access import as_extras, covers, load_access
from bot.dialogs.surveys.flow import access
from bot.dialogs.surveys.forms import ROLE_NAMES
from bot.dialogs.surveys.menu import BAD_INVITE, NOT_APPOINTER, menu_entries, role_text
from storage.surveys import OfficerRepo

VALID = dt.timedelta(days=7)


def _note(ctx: EffectContext, text: str) -> list[Reply]:
    return [Reply("⛔ " + html.escape(text), [[menu.menu_button(ctx.env)]])]


async def invite(ctx: EffectContext, effect: Effect) -> list[Reply]:
    acc, t = access(ctx.env), ctx.env.t
    role, city = effect.data.get("role"), effect.data.get("city")
    allowed = acc.officer and role in ROLE_NAMES and (acc.admin or role == "assessor")
    if not allowed or not city or not covers(acc, city):
        return _note(ctx, t._(NOT_APPOINTER))
    token = links.new_token()
    await OfficerRepo(ctx.session).create_invite(token, role, city, ctx.user.telegram_id,
                                                 ctx.env.now, VALID)
    url = links.deep_link(ctx.services, links.invite_payload(token))
    text = t._("Send this link to the person you appoint as {who}. It works once, until "
               "{date}:", who=role_text(role, city, ctx.env),
               date=t.date((ctx.env.now + VALID).date()))
    return [Reply(f"{html.escape(text)}\n\n{html.escape(url)}", [[menu.menu_button(ctx.env)]])]


async def claim(ctx: EffectContext, effect: Effect) -> list[Reply]:
    t, repo = ctx.env.t, OfficerRepo(ctx.session)
    token = str(effect.data.get("token") or "")
    found = await repo.invite(token)
    if found is None or not await repo.claim_invite(token, ctx.user.telegram_id, ctx.env.now):
        return _note(ctx, t._(BAD_INVITE))
    await repo.appoint(ctx.user.telegram_id, found.role, found.city, found.created_by,
                       ctx.env.now)
    acc = as_extras(await load_access(ctx.session, ctx.services, ctx.user.telegram_id))
    env = replace(ctx.env, extras={**ctx.env.extras, "survey_access": acc,
                                   "menu_entries": menu_entries(acc)})
    note = t._("Done: you are now {who}. Your tools are in the menu below.",
               who=role_text(found.role, found.city, env))
    return [menu.menu_reply(env, note=html.escape(note))]
