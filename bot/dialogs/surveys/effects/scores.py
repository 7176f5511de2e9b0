"""Acceptance score sheets (annex 4): save, list, export.

Assessors and officers score; an assessor sees and exports their own sheets, an officer
every sheet of their cities.
"""

from __future__ import annotations

import html

from bot.conversation import EffectContext
from bot.dialogs.engine.types import Button, Effect, Reply
from bot.dialogs.home import menu
from bot.dialogs.surveys.effects.access import covers
from bot.dialogs.surveys.flow import access
from bot.dialogs.surveys.forms import ITEM_POINTS, SCORE_ITEMS, city_name, points, score_total
from bot.dialogs.surveys.menu import NOT_ASSESSOR
from bot.dialogs.surveys.score import totals_text
from storage.models import ScoreSheet
from storage.surveys import ScoreSheetRepo


def _refusal(ctx: EffectContext, text: str) -> list[Reply]:
    return [Reply("⛔ " + html.escape(text), [[menu.menu_button(ctx.env)]])]


def _valid_scores(values: list[object]) -> bool:
    return len(values) == len(SCORE_ITEMS) and all(
        isinstance(v, int | float) and 0 <= v <= ITEM_POINTS for v in values)


def _document(ctx: EffectContext, sheet: ScoreSheet) -> Reply:
    t = ctx.env.t
    data = {"unit": sheet.unit, "trainees": sheet.trainees, "year": sheet.year,
            "scores": sheet.scores}
    from bot.dialogs.surveys.effects.export_more import score_xlsx  # openpyxl, on use

    content = score_xlsx(data, sheet.created_at.astimezone(ctx.services.settings.tz).date(), t)
    caption = t._("Score sheet: {unit}, {year}, total {total} of 100.", unit=sheet.unit,
                  year=sheet.year, total=points(score_total(sheet.scores)))
    return Reply(html.escape(caption), kind="document", content=content,
                 filename=f"score-sheet-{sheet.id}.xlsx")


async def save(ctx: EffectContext, effect: Effect) -> list[Reply]:
    acc, t, d = access(ctx.env), ctx.env.t, effect.data
    if not acc.can_score:
        return _refusal(ctx, t._(NOT_ASSESSOR))
    city = d.get("city")
    if not city or not covers(acc, city) or not _valid_scores(list(d.get("scores") or [])):
        return _refusal(ctx, t._("This score sheet could not be saved; please fill it in "
                                 "again."))
    sheet = await ScoreSheetRepo(ctx.session).add(
        city=city, unit=str(d.get("unit") or "")[:120], trainees=int(d.get("trainees") or 0),
        year=str(d.get("year") or "")[:16], scores=[float(s) for s in d["scores"]],
        assessor_id=ctx.user.telegram_id, created_at=ctx.env.now)
    head = t._("✅ Score sheet saved: {unit} ({city}).", unit=sheet.unit,
               city=city_name(city, t))
    text = f"<b>{html.escape(head)}</b>\n{html.escape(totals_text(sheet.scores, ctx.env))}"
    return [Reply(text, [[menu.menu_button(ctx.env)]]), _document(ctx, sheet)]


async def list_sheets(ctx: EffectContext, effect: Effect) -> list[Reply]:
    acc, t = access(ctx.env), ctx.env.t
    if not acc.can_score:
        return _refusal(ctx, t._(NOT_ASSESSOR))
    own = None if acc.officer else ctx.user.telegram_id
    sheets = await ScoreSheetRepo(ctx.session).list_for(acc.cities, assessor=own, limit=15)
    rows = [[Button(f"{s.unit} · {s.year} · {points(score_total(s.scores))}"[:60],
                    f"svy:sheet:{s.id}")] for s in sheets]
    rows.append([Button(t._("📝 Score a training unit"), "svy:score"), menu.menu_button(ctx.env)])
    text = t._("Score sheets (newest first); press one to export it:") if sheets else \
        t._("No score sheets yet.")
    return [Reply(html.escape(text), rows)]


async def export_sheet(ctx: EffectContext, effect: Effect) -> list[Reply]:
    acc, t = access(ctx.env), ctx.env.t
    sheet = await ScoreSheetRepo(ctx.session).get(int(effect.data.get("sheet") or 0))
    mine = sheet is not None and sheet.assessor_id == ctx.user.telegram_id
    visible = sheet is not None and (mine or (acc.officer and covers(acc, sheet.city)))
    if not acc.can_score or not visible:
        return _refusal(ctx, t._("I could not find that score sheet among yours."))
    return [_document(ctx, sheet)]
