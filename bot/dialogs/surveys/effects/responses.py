"""Storing survey answers: who started (for reminders) and the anonymous response.

On submission the campaign must still be open; the respondent's keyed hash goes to the
"already answered" list and the answers, apart, under a random key with the day only
(storage/surveys.py). A second submission of the same person is refused and stores
nothing. Since nothing links a response to its respondent, a submitted response cannot
be changed. The "started" mark is deleted once the response is stored.
"""

from __future__ import annotations

import html
from typing import Any

from bot.conversation import EffectContext
from bot.dialogs.engine.types import N_, Effect, Reply
from bot.dialogs.home import menu
from bot.dialogs.surveys.effects.links import respondent_key
from bot.dialogs.surveys.forms import (
    COUNT_FIELDS,
    EMPLOYER_TEXTS,
    FIXED_KEYS,
    MAX_COMMENT,
    OCCUPATIONS,
    RATING_NAMES,
)
from storage.models import SurveyCampaign
from storage.surveys import CampaignRepo, ResponseRepo, StartRepo

THANKS = N_("Thank you! Your answers are stored without your name or account, and "
            "nothing links them to you, so they can no longer be changed.")
TWICE = N_("You have already answered this survey; only one response per person counts, "
           "so these answers were not stored.")
CLOSED = N_("This survey closed on {date}, so these answers were not stored.")
GONE = N_("This survey no longer exists, so these answers were not stored.")
BROKEN = N_("Some answers were missing, so nothing was stored. Please open the link and "
            "answer again.")


def clean_trainee(camp: SurveyCampaign, answers: dict[str, Any]) -> dict[str, Any] | None:
    courses = list(answers.get("courses") or [])
    items = dict(answers.get("items") or {})
    if len(courses) != len(camp.courses or []) or any(v not in RATING_NAMES for v in courses):
        return None
    if any(items.get(k) not in RATING_NAMES for k in FIXED_KEYS):
        return None
    text = str(answers.get("suggestions") or "")[:MAX_COMMENT]
    return {"courses": courses, "items": {k: items[k] for k in FIXED_KEYS},
            "suggestions": text}


def clean_employer(answers: dict[str, Any]) -> dict[str, Any] | None:
    company = str(answers.get("company") or "").strip()
    occupations = []
    for occ in list(answers.get("occupations") or [])[:OCCUPATIONS]:
        counts = {k: occ.get(k) for k, _ in COUNT_FIELDS}
        if not occ.get("name") or not all(isinstance(v, int) and v >= 0
                                          for v in counts.values()):
            return None
        occupations.append({"name": str(occ["name"])[:100], **counts})
    if not company or not occupations:
        return None
    data: dict[str, Any] = {"company": company[:100], "occupations": occupations}
    for key, _ in EMPLOYER_TEXTS:
        data[key] = str(answers.get(key) or "")[:MAX_COMMENT]
    return data


async def started(ctx: EffectContext, effect: Effect) -> None:
    await StartRepo(ctx.session).mark(int(effect.data["campaign"]), ctx.user.telegram_id,
                                      ctx.env.now)


def _reply(ctx: EffectContext, key: str, **args: Any) -> list[Reply]:
    return [menu.menu_reply(ctx.env, note=html.escape(ctx.env.t._(key, **args)))]


async def submit(ctx: EffectContext, effect: Effect) -> list[Reply]:
    t = ctx.env.t
    camp = await CampaignRepo(ctx.session).get(int(effect.data.get("campaign") or 0))
    if camp is None:
        return _reply(ctx, GONE)
    if camp.status(ctx.env.today) != "open":
        return _reply(ctx, CLOSED, date=t.date(camp.last_day()))
    raw = dict(effect.data.get("answers") or {})
    answers = clean_trainee(camp, raw) if camp.kind == "trainee" else clean_employer(raw)
    if answers is None:
        return _reply(ctx, BROKEN)
    key = respondent_key(ctx.services.settings.survey_secret.get_secret_value(), camp.id,
                         ctx.user.telegram_id)
    if not await ResponseRepo(ctx.session).submit(camp.id, key, answers, ctx.env.today):
        return _reply(ctx, TWICE)
    await StartRepo(ctx.session).clear(camp.id, ctx.user.telegram_id)
    return _reply(ctx, THANKS)
