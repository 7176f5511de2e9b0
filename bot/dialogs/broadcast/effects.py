"""Storage side of the officer broadcast dialog (bot/dialogs/broadcast/flow.py).

Before the engine runs: the officer's campaigns that have unfinished respondents and, once
a segment is chosen, how many people would receive the message now. After the dialog:
SendBroadcast, with the rights checked again from storage (never from the dialog state),
queued through `bot.reminders.service.broadcast` at the chosen time.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Mapping
from typing import Any

from bot.conversation import EffectContext
from bot.dialogs.account.onboarding import ROLES
from bot.dialogs.broadcast.flow import (
    FLOW_ID,
    LANGS,
    MAX_TEXT,
    NOT_OFFICER,
    PREFIX,
    WHEN_PAST,
)
from bot.dialogs.engine.limits import text_length
from bot.dialogs.engine.types import N_, Effect, Event, Reply
from bot.dialogs.home import menu
from bot.dialogs.reminders.render import format_when
from bot.dialogs.reminders.service import Segment, broadcast
from bot.dialogs.surveys.effects.access import covers, load_access
from bot.dialogs.surveys.effects.results import campaign_name
from bot.dialogs.surveys.flow import Access
from bot.dialogs.surveys.forms import city_name
from storage.db import Session
from storage.reminders import BroadcastRepo
from storage.surveys import CampaignRepo, StartRepo

ROLE_VALUES = {str(o.value) for o in ROLES}
LANG_VALUES = {str(o.value) for o in LANGS}
CAMPAIGN_CHOICES = 10

COMMAND_LONG = N_("This message has {n} characters; a message to users may have at most "
                  "{limit}. Nothing was sent: shorten it and send /broadcast with it again, "
                  "or send /broadcast alone to write it step by step.")


async def resolve_segment(session: Session, acc: Access, chosen: Mapping[str, Any]
                          ) -> Segment | None:
    """The segment an officer chose, if they may target it: admins anything, appointed
    officers only the unfinished respondents of their own cities' campaigns."""
    kind = chosen.get("segment")
    if not acc.officer:
        return None
    if kind == "camp":
        cid = chosen.get("campaign")
        camp = await CampaignRepo(session).get(cid) if isinstance(cid, int) else None
        if camp is None or not covers(acc, camp.city):
            return None
        return Segment(telegram_ids=tuple(await StartRepo(session).unfinished(camp.id)))
    if not acc.admin:
        return None
    if kind == "all":
        return Segment()
    if kind == "role" and chosen.get("role") in ROLE_VALUES:
        return Segment(role=str(chosen["role"]))
    if kind == "lang" and chosen.get("lang") in LANG_VALUES:
        return Segment(locale=str(chosen["lang"]))
    return None


async def count_now(session: Session, segment: Segment) -> int:
    """Recipients if sent now: active users in the segment who did not opt out."""
    ids = list(segment.telegram_ids) if segment.telegram_ids is not None else None
    return len(await BroadcastRepo(session).recipients(segment.role, segment.locale, ids))


async def _campaign_choices(ctx: EffectContext, acc: Access) -> list[dict[str, Any]]:
    t, found = ctx.env.t, []
    for camp in await CampaignRepo(ctx.session).list_for(acc.cities, limit=CAMPAIGN_CHOICES):
        waiting = len(await StartRepo(ctx.session).unfinished(camp.id))
        if waiting:
            label = t._("{survey} ({city}): {n} did not finish",
                        survey=campaign_name(camp, t), city=city_name(camp.city, t), n=waiting)
            found.append({"id": camp.id, "label": label[:60]})
    return found


async def broadcast_extras(ctx: EffectContext, event: Event | None, payload: str | None
                           ) -> dict[str, Any]:
    opening = event is not None and event.kind == "button" and event.data.startswith(PREFIX)
    answers: Mapping[str, Any] = {}
    if not opening:
        if ctx.state is None or ctx.state.flow != FLOW_ID:
            return {}
        answers = ctx.state.answers
    acc = await load_access(ctx.session, ctx.services, ctx.user.telegram_id)
    if not acc.officer:
        return {}
    info: dict[str, Any] = {"campaigns": await _campaign_choices(ctx, acc), "count": None}
    segment = await resolve_segment(ctx.session, acc, answers) if answers else None
    if segment is not None:
        info["count"] = await count_now(ctx.session, segment)
    return {"broadcast": info}


def _done(ctx: EffectContext, text: str) -> list[Reply]:
    return [menu.menu_reply(ctx.env, note=html.escape(text))]


async def send(ctx: EffectContext, effect: Effect) -> list[Reply]:
    t, data = ctx.env.t, effect.data
    acc = await load_access(ctx.session, ctx.services, ctx.user.telegram_id)
    segment = await resolve_segment(ctx.session, acc, data.get("segment") or {})
    if segment is None:
        return _done(ctx, "⛔ " + t._(NOT_OFFICER))
    text = str(data.get("text") or "").strip()
    if not text or text_length(text) > MAX_TEXT:
        return _done(ctx, t._("The message is empty or too long. Nothing was sent."))
    when = dt.datetime.fromisoformat(data["when"]) if data.get("when") else ctx.env.now
    if data.get("when") and when <= ctx.env.now:
        return _done(ctx, t._(WHEN_PAST) + " " + t._("Nothing was sent."))
    started = "".join(ch for ch in str(data.get("started") or "") if ch.isdigit())[:14]
    count = await broadcast(ctx.session, broadcast_id=f"o{ctx.user.telegram_id}-{started}",
                            text=text, segment=segment, when=when)
    if data.get("when"):
        tz = ctx.services.settings.tz
        note = t._("📢 Scheduled for {when}: {n} recipients; those who opt out before then "
                   "are skipped.", when=format_when(t, when.astimezone(tz)), n=count)
    else:
        note = t._("📢 Queued for {n} recipients; it goes out in a moment.", n=count)
    return _done(ctx, note)



async def send_now(ctx: EffectContext, effect: Effect) -> list[Reply]:
    """`/broadcast <text>`: administrators only; every active user, now."""
    t = ctx.env.t
    text = str(effect.data.get("text") or "").strip()
    if not ctx.services.is_admin(ctx.user.telegram_id):
        return [Reply(html.escape(t._("Only officers named by the administrator may "
                                      "broadcast.")))]
    if text_length(text) > MAX_TEXT:
        return [Reply(html.escape(t._(COMMAND_LONG, n=text_length(text), limit=MAX_TEXT)))]
    stamp = ctx.env.now.strftime("%Y%m%d%H%M%S%f")
    count = await broadcast(ctx.session, broadcast_id=f"u{ctx.user.telegram_id}-{stamp}",
                            text=text, segment=Segment(), when=ctx.env.now)
    return [Reply(html.escape(t._("Queued for {n} recipients; those who opted out are "
                                  "skipped.", n=count)))]
