"""Texts and buttons of a campaign for its officer: name, link message, results."""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

from bot.dialogs.engine.types import N_, Button, Env, Reply
from bot.dialogs.home import menu
from bot.dialogs.surveys.effects import links
from bot.dialogs.surveys.effects.stats import LEVELS, ItemRow, OccupationTotal, percent
from bot.dialogs.surveys.forms import COUNT_FIELDS, KIND_NAMES, RATINGS, city_name
from bot.i18n import Translator
from storage.models import SurveyCampaign

STATUS = {"open": N_("open"), "not_open": N_("not open yet"), "closed": N_("closed")}
COLOURS = N_("Colours: dark green excellent, light green good, yellow fair, red poor.")
CAPTION_LIMIT = 1000


def campaign_view(camp: SurveyCampaign) -> dict[str, Any]:
    """The campaign as the dialogs see it (JSON-friendly)."""
    return {"id": camp.id, "kind": camp.kind, "city": camp.city, "unit": camp.unit,
            "category": camp.category, "title": camp.title,
            "courses": [dict(c) for c in camp.courses or []],
            "opens": camp.opens_on.isoformat(), "closes": camp.last_day().isoformat()}


def campaign_name(camp: SurveyCampaign, t: Translator) -> str:
    if camp.kind == "trainee":
        return f"{camp.unit} · {camp.category}"
    return camp.title or t._(KIND_NAMES[camp.kind])


def period(camp: SurveyCampaign, t: Translator) -> str:
    return f"{t.date(camp.opens_on)} – {t.date(camp.last_day())}"


def link_replies(camp: SurveyCampaign, services: Any, env: Env, *, created: bool) -> list[Reply]:
    """The link to share and its QR code."""
    t = env.t
    url = links.deep_link(services, links.campaign_payload(camp.token))
    who = t._("trainees") if camp.kind == "trainee" else t._("employers")
    head = (t._("✅ Survey created: {name}.", name=campaign_name(camp, t)) if created
            else t._("🔗 {name}", name=campaign_name(camp, t)))
    body = t._("Share this link or the QR code with the {who}; it is open {period}. Each "
               "person can answer once and change the answers until it closes.",
               who=who, period=period(camp, t))
    text = f"<b>{html.escape(head)}</b>\n{html.escape(body)}\n\n{html.escape(url)}"
    buttons = [[Button(t._("📊 Results"), f"svy:c:{camp.id}:results")], [menu.menu_button(env)]]
    caption = t._("QR code of the survey {name}", name=campaign_name(camp, t))
    return [Reply(text, buttons),
            Reply(html.escape(caption), kind="photo", content=links.qr_png(url),
                  filename=f"survey-{camp.id}-qr.png")]


def _levels(row: ItemRow, t: Translator) -> str:
    names = dict(RATINGS)
    return " · ".join(f"{t._(names[level])} {row.counts[level]}" for level in LEVELS)


def trainee_lines(rows: list[ItemRow], t: Translator) -> list[str]:
    title = t._("Satisfaction rate (excellent + good) per item")
    lines = [f"<b>{html.escape(title)}</b>"]
    for row in rows:
        lines.append(f"{row.code} {html.escape(row.name(t))}: {_levels(row, t)} → "
                     f"<b>{percent(row.rate, t)}</b>")
    return lines


def employer_lines(totals: list[OccupationTotal], t: Translator) -> list[str]:
    title = t._("Largest occupations over all employers")
    lines = [f"<b>{html.escape(title)}</b>"]
    for occ in totals[:8]:
        counts = ", ".join(f"{t._(label)} {occ.counts[key]}" for key, label in COUNT_FIELDS)
        lines.append(f"• {html.escape(occ.name)}: {html.escape(counts)}")
    return lines


def results_reply(camp: SurveyCampaign, count: int, unfinished: int, detail: list[str],
                  today: dt.date, env: Env) -> Reply:
    t = env.t
    status = t._(STATUS[camp.status(today)])
    lines = [f"<b>📊 {html.escape(campaign_name(camp, t))}</b>",
             html.escape(f"{city_name(camp.city, t)} · {period(camp, t)} · {status}"),
             html.escape(t._("Responses: {n}. Started but not finished: {m}.", n=count,
                             m=unfinished)), ""]
    lines += detail if count else [html.escape(t._("No responses yet."))]
    return Reply("\n".join(lines), _result_buttons(camp, unfinished, today, env))


def _result_buttons(camp: SurveyCampaign, unfinished: int, today: dt.date, env: Env
                    ) -> list[list[Button]]:
    t, cid = env.t, camp.id
    exports = [Button(t._("📄 Excel"), f"svy:c:{cid}:xlsx"),
               Button(t._("🧾 CSV"), f"svy:c:{cid}:csv")]
    if camp.kind == "trainee":
        exports.insert(0, Button(t._("📈 Chart"), f"svy:c:{cid}:chart"))
    rows = [exports]
    open_now = camp.status(today) != "closed"
    if open_now and unfinished:
        rows.append([Button(t._("🔔 Remind {n} who did not finish", n=unfinished),
                            f"svy:c:{cid}:remind")])
    more = [Button(t._("🔗 Link and QR code"), f"svy:c:{cid}:link")]
    if open_now:
        more.append(Button(t._("🔒 Close now"), f"svy:c:{cid}:close"))
    rows.append(more)
    rows.append([Button(t._("⬅️ All surveys"), "svy:list"), menu.menu_button(env)])
    return rows


def chart_caption(camp: SurveyCampaign, rows: list[ItemRow], count: int, t: Translator
                  ) -> tuple[str, str | None]:
    """(caption, legend sent as its own message when the caption would be too long)."""
    head = t._("📈 {name}: satisfaction per item ({n} responses).",
               name=campaign_name(camp, t), n=count)
    legend = "\n".join(f"{row.code} {row.name(t)}" for row in rows)
    caption = f"{head}\n{t._(COLOURS)}\n{legend}"
    if len(caption) <= CAPTION_LIMIT:
        return html.escape(caption), None
    return html.escape(f"{head}\n{t._(COLOURS)}"), html.escape(legend)
