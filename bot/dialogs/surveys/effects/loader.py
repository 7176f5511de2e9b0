"""What the pure survey dialogs need to know, loaded before the engine runs.

Every turn: the user's survey rights and the main-menu entries they grant. While a survey
is being answered: whether its campaign is still open (so the dialog can end at once when
the officer closed it or its last day passed, not after the remaining questions). On
`/start sv_…` / `/start of_…`: what the link points to: the campaign and whether it is
open, and whether this person already answered (found by the keyed hash in the
"already answered" list, which holds no answers).
"""

from __future__ import annotations

from typing import Any

from bot.conversation import EffectContext
from bot.dialogs.engine.types import Event
from bot.dialogs.surveys.effects.access import as_extras, load_access
from bot.dialogs.surveys.effects.links import parse_payload, respondent_key
from bot.dialogs.surveys.effects.results import campaign_view
from bot.dialogs.surveys.menu import is_survey_payload, menu_entries
from bot.dialogs.surveys.officer import NEW_EMPLOYER, NEW_TRAINEE
from storage.surveys import CampaignRepo, OfficerRepo, ResponseRepo

ANSWERING = ("survey_trainee", "survey_employer")


def link_payload(event: Event | None, payload: str | None) -> str | None:
    """The survey payload this event carries, if any."""
    if event is None:
        return None
    if event.kind != "command" or event.name != "start":
        return None
    found = event.args or payload
    return found if is_survey_payload(found) else None


async def resolve_campaign(ctx: EffectContext, payload: str, token: str) -> dict[str, Any]:
    camp = await CampaignRepo(ctx.session).by_token(token)
    if camp is None:
        return {"status": "invalid", "payload": payload}
    view = campaign_view(camp)
    status = camp.status(ctx.env.today)
    if status != "open":
        return {"status": status, "campaign": view, "payload": payload}
    key = respondent_key(ctx.services.settings.survey_secret.get_secret_value(), camp.id,
                         ctx.user.telegram_id)
    if await ResponseRepo(ctx.session).answered(camp.id, key):
        return {"status": "answered", "campaign": view, "payload": payload}
    return {"status": "open", "campaign": view, "payload": payload}


async def campaign_state(ctx: EffectContext, params: dict[str, Any]) -> dict[str, Any]:
    """{"id", "status": open | not_open | closed | gone, "closes": last day} of the
    campaign an open survey dialog answers."""
    wanted = (params.get("campaign") or {}).get("id")
    camp = await CampaignRepo(ctx.session).get(int(wanted)) if wanted else None
    if camp is None:
        return {"id": wanted, "status": "gone"}
    return {"id": camp.id, "status": camp.status(ctx.env.today),
            "closes": camp.last_day().isoformat()}


async def resolve_invite(ctx: EffectContext, token: str) -> dict[str, Any]:
    invite = await OfficerRepo(ctx.session).invite(token)
    if invite is None or invite.used_by is not None:
        return {"status": "invalid"}
    if invite.expires_at <= ctx.env.now:
        return {"status": "expired"}
    return {"status": "open", "token": token, "role": invite.role, "city": invite.city}


def _may_ask_city(ctx: EffectContext, event: Event | None) -> bool:
    """Only a turn that opens or goes on with a new campaign can show its city question."""
    if ctx.state is not None and ctx.state.flow in (NEW_TRAINEE, NEW_EMPLOYER):
        return True
    return event is not None and event.data.startswith("svy:new:")


async def survey_extras(ctx: EffectContext, event: Event | None, payload: str | None
                        ) -> dict[str, Any]:
    acc = as_extras(await load_access(ctx.session, ctx.services, ctx.user.telegram_id))
    if _may_ask_city(ctx, event) and acc["officer"] and (
            acc["cities"] is None or len(acc["cities"]) > 1):
        # an officer of several cities gets the city of their last campaign offered first
        acc["last_city"] = await CampaignRepo(ctx.session).last_city_of(ctx.user.telegram_id)
    extras: dict[str, Any] = {"survey_access": acc, "menu_entries": menu_entries(acc)}
    if ctx.state is not None and ctx.state.flow in ANSWERING:
        extras["survey_campaign"] = await campaign_state(ctx, ctx.state.params)
    found = link_payload(event, payload)
    if found is None:
        return extras
    parsed = parse_payload(found)
    if parsed is None:
        key = "survey_invite" if found.startswith("of_") else "survey_link"
        extras[key] = {"status": "invalid", "payload": found}
    elif parsed[0] == "campaign":
        extras["survey_link"] = await resolve_campaign(ctx, found, parsed[1])
    else:
        extras["survey_invite"] = await resolve_invite(ctx, parsed[1])
    return extras
