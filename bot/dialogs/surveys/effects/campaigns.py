"""Officer side of campaigns: create, list, results, chart, exports, link, reminders,
closing. Every handler checks again that the user is an officer for the campaign's city.
"""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

from bot.conversation import EffectContext
from bot.dialogs.engine.types import N_, Button, Effect, Reply
from bot.dialogs.home import menu
from bot.dialogs.surveys.effects import chart, links, results
from bot.dialogs.surveys.effects.access import covers
from bot.dialogs.surveys.effects.stats import occupation_totals, suggestions, trainee_rows
from bot.dialogs.surveys.flow import access
from bot.dialogs.surveys.forms import KIND_NAMES, city_name
from bot.dialogs.surveys.menu import NOT_OFFICER, officer_home
from storage.models import SurveyCampaign
from storage.reminders import BroadcastRepo, ReminderRepo
from storage.surveys import CampaignRepo, ResponseRepo, StartRepo

NUDGE = N_("📝 Reminder: you started the survey “{name}” but have not submitted it yet. It "
           "is open until {date}, and your answers stay anonymous. Continue here: {link}")
NOT_FOUND = N_("I could not find that survey among yours.")
BAD_CITY = N_("You cannot create surveys for that city.")


def _refusal(ctx: EffectContext, key: str) -> list[Reply]:
    return [Reply("⛔ " + html.escape(ctx.env.t._(key)), [[menu.menu_button(ctx.env)]])]


async def create(ctx: EffectContext, effect: Effect) -> list[Reply]:
    acc, d = access(ctx.env), effect.data
    if not acc.officer:
        return _refusal(ctx, NOT_OFFICER)
    if d.get("kind") not in KIND_NAMES or not d.get("city") or not covers(acc, d["city"]):
        return _refusal(ctx, BAD_CITY)
    camp = await CampaignRepo(ctx.session).create(
        kind=d["kind"], token=links.new_token(), city=d["city"], unit=d.get("unit", ""),
        category=d.get("category", ""), title=d.get("title", ""),
        courses=list(d.get("courses") or []), opens_on=dt.date.fromisoformat(d["opens"]),
        closes_on=dt.date.fromisoformat(d["closes"]), created_by=ctx.user.telegram_id,
        created_at=ctx.env.now)
    return results.link_replies(camp, ctx.services, ctx.env, created=True)


async def list_campaigns(ctx: EffectContext, effect: Effect) -> list[Reply]:
    acc, t = access(ctx.env), ctx.env.t
    if not acc.officer:
        return _refusal(ctx, NOT_OFFICER)
    found = await CampaignRepo(ctx.session).list_for(acc.cities, limit=15)
    if not found:
        return [officer_home(ctx.env, note=html.escape(t._("You have no surveys yet.")))]
    rows = []
    for camp in found:
        status = t._(results.STATUS[camp.status(ctx.env.today)])
        label = f"{results.campaign_name(camp, t)} · {city_name(camp.city, t)} · {status}"
        rows.append([Button(label[:60], f"svy:c:{camp.id}:results")])
    rows.append([Button(t._("⬅️ Back"), "svy:home"), menu.menu_button(ctx.env)])
    return [Reply(html.escape(t._("Your surveys (newest first):")), rows)]


async def _campaign(ctx: EffectContext, campaign_id: int) -> SurveyCampaign | None:
    camp = await CampaignRepo(ctx.session).get(campaign_id)
    if camp is None or not covers(access(ctx.env), camp.city):
        return None
    return camp


async def view(ctx: EffectContext, effect: Effect) -> list[Reply]:
    if not access(ctx.env).officer:
        return _refusal(ctx, NOT_OFFICER)
    camp = await _campaign(ctx, int(effect.data.get("campaign") or 0))
    if camp is None:
        return _refusal(ctx, NOT_FOUND)
    what = effect.data.get("view")
    if what == "link":
        return results.link_replies(camp, ctx.services, ctx.env, created=False)
    if what == "remind":
        return await _remind(ctx, camp)
    if what == "closeok":
        await CampaignRepo(ctx.session).close(camp, ctx.env.now)
        note = Reply(html.escape(ctx.env.t._("🔒 The survey is closed.")))
        return [note, await _results(ctx, camp)]
    answers = await ResponseRepo(ctx.session).answers(camp.id)
    if what in ("xlsx", "csv", "chart") and len(answers) < minimum(ctx):
        return [await _results(ctx, camp, answers)]  # says why there is nothing to show
    if what in ("xlsx", "csv"):
        return [_export(ctx, camp, answers, what)]
    if what == "chart" and camp.kind == "trainee":
        return _chart(ctx, camp, answers)
    return [await _results(ctx, camp, answers)]


async def _results(ctx: EffectContext, camp: SurveyCampaign,
                   answers: list[dict[str, Any]] | None = None) -> Reply:
    t = ctx.env.t
    if answers is None:
        answers = await ResponseRepo(ctx.session).answers(camp.id)
    unfinished = len(await StartRepo(ctx.session).unfinished(camp.id))
    if camp.kind == "trainee":
        detail = results.trainee_lines(trainee_rows(camp.courses, answers), t)
        room = results.MESSAGE_LIMIT - sum(len(line) + 1 for line in detail)
        detail += results.suggestion_lines(suggestions(answers), t, room)
    else:
        detail = results.employer_lines(occupation_totals(answers), t)
    return results.results_reply(camp, len(answers), unfinished, detail, ctx.env.today,
                                 ctx.env, minimum(ctx))


def minimum(ctx: EffectContext) -> int:
    """Responses needed before figures and rows are shown (SURVEY_MIN_RESPONSES)."""
    return max(1, int(getattr(ctx.services.settings, "survey_min_responses", 3)))


def _chart(ctx: EffectContext, camp: SurveyCampaign, answers: list[dict[str, Any]]
           ) -> list[Reply]:
    t = ctx.env.t
    rows = trainee_rows(camp.courses, answers)
    title = t._("{name}: satisfaction per item ({n} responses)",
                name=results.campaign_name(camp, t), n=len(answers))
    drawn = chart.draw_chart(rows, title, t)
    caption = results.chart_caption(camp, len(answers), t, drawn.note, rows)
    return [Reply(caption, kind="photo", content=drawn.png,
                  filename=f"survey-{camp.id}-chart.png")]


def _export(ctx: EffectContext, camp: SurveyCampaign, answers: list[dict[str, Any]],
            fmt: str) -> Reply:
    # openpyxl (and the numpy it loads) is imported on the first export, not at start-up.
    from bot.dialogs.surveys.effects import export, export_more

    t = ctx.env.t
    name = results.campaign_name(camp, t)
    if camp.kind == "trainee":
        rows = trainee_rows(camp.courses, answers)
        content = (export.trainee_xlsx(results.campaign_view(camp), rows, answers, results.period(camp, t), t)
                   if fmt == "xlsx" else export.trainee_csv(rows, t))
    else:
        content = (export_more.employer_xlsx(name, answers, t) if fmt == "xlsx"
                   else export_more.employer_csv(answers, t))
    caption = t._("{name}: {n} responses.", name=name, n=len(answers))
    return Reply(html.escape(caption), kind="document", content=content,
                 filename=f"survey-{camp.id}.{fmt}")


async def _remind(ctx: EffectContext, camp: SurveyCampaign) -> list[Reply]:
    """Queue a reminder (through the reminder dispatcher) for everyone who started and did
    not finish; at most one per person per day; opted-out users are skipped."""
    t = ctx.env.t
    if camp.status(ctx.env.today) == "closed":
        return [Reply(html.escape(t._("The survey is closed; there is nothing to remind.")))]
    ids = await StartRepo(ctx.session).unfinished(camp.id)
    recipients = await BroadcastRepo(ctx.session).recipients(telegram_ids=ids) if ids else []
    url = links.deep_link(ctx.services, links.campaign_payload(camp.token))
    name = results.campaign_name(camp, t)
    payload = {"key": NUDGE, "args": {"name": name, "link": url,
                                      "date": {"date": camp.last_day().isoformat()}}}
    repo, queued = ReminderRepo(ctx.session), 0
    for user_id, chat_id in recipients:
        _, created = await repo.create(
            user_id=user_id, chat_id=chat_id, kind="broadcast", due_at=ctx.env.now,
            payload=payload, dedupe_key=f"survey:{camp.id}:{ctx.env.today}:{user_id}")
        queued += created
    text = t._("🔔 Reminder queued for {n} of the {m} people who started but did not finish "
               "(at most one a day each; those who turned messages off are skipped).",
               n=queued, m=len(ids))
    return [Reply(html.escape(text), [[Button(t._("📊 Results"), f"svy:c:{camp.id}:results"),
                                       menu.menu_button(ctx.env)]])]
