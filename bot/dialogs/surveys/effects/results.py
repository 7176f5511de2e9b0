"""Texts and buttons of a campaign for its officer: name, link message, results."""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

from bot.dialogs.engine.types import N_, Button, Env, Reply
from bot.dialogs.home import menu
from bot.dialogs.surveys.effects import links
from bot.dialogs.surveys.effects.stats import LEVELS, ItemRow, OccupationTotal, percent
from bot.dialogs.surveys.forms import COUNT_FIELDS, KIND_NAMES, RATINGS, city_name, shorten
from bot.i18n import Translator
from storage.models import SurveyCampaign

STATUS = {"open": N_("open"), "not_open": N_("not open yet"), "closed": N_("closed")}
CAPTION_LIMIT = 1000
MESSAGE_LIMIT = 3800  # a Telegram message holds 4,096 characters; room for the header
SUGGESTION_SHOWN = 300  # characters of one suggestion in the chat; exports hold them all
TOO_FEW = N_("Results are shown from {min} responses on, so that no one's answers can be "
             "recognised; there are {n} so far.")
MORE_SUGGESTIONS = N_("… and {n} more in the Excel export.")


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
    web = links.web_link(services, links.campaign_payload(camp.token))
    text = f"<b>{html.escape(head)}</b>\n{html.escape(body)}\n\n{html.escape(url)}"
    if web:
        text += "\n\n" + html.escape(t._("Without Telegram, in a browser: {url}", url=web))
    buttons = [[Button(t._("📊 Results"), f"svy:c:{camp.id}:results")], [menu.menu_button(env)]]
    caption = t._("QR code of the survey {name}", name=campaign_name(camp, t))
    replies = [Reply(text, buttons),
               Reply(html.escape(caption), kind="photo", content=links.qr_png(url),
                     filename=f"survey-{camp.id}-qr.png")]
    if web:
        caption = t._("QR code of the survey {name} in a browser (no Telegram needed)",
                      name=campaign_name(camp, t))
        replies.append(Reply(html.escape(caption), kind="photo", content=links.qr_png(web),
                             filename=f"survey-{camp.id}-web-qr.png"))
    return replies


def _levels(row: ItemRow, t: Translator) -> str:
    names = dict(RATINGS)
    return " · ".join(f"{t._(names[level])} {row.counts[level]}" for level in LEVELS)


def trainee_lines(rows: list[ItemRow], t: Translator) -> list[str]:
    title = t._("Satisfaction rate (excellent + good) per item")
    lines = [f"<b>{html.escape(title)}</b>"]
    for row in rows:
        lines.append(f"{html.escape(row.name(t))}: {_levels(row, t)} → "
                     f"<b>{percent(row.rate, t)}</b>")
    return lines


def suggestion_lines(texts: list[str], t: Translator, room: int) -> list[str]:
    """意见与建议: the trainees' suggestions, numbered, each shortened, as many as fit in
    `room` characters (the rest are counted; the Excel export holds them all)."""
    lines = ["", f"<b>{html.escape(t._('Suggestions'))}</b>"]
    if not texts:
        return lines + [html.escape(t._("none"))]
    used = 0
    for n, text in enumerate(texts, start=1):
        line = f"{n}. {html.escape(shorten(text, SUGGESTION_SHOWN, t))}"
        if used + len(line) > room:
            return lines + [html.escape(t._(MORE_SUGGESTIONS, n=len(texts) - n + 1))]
        lines.append(line)
        used += len(line) + 1
    return lines


def employer_lines(totals: list[OccupationTotal], t: Translator) -> list[str]:
    title = t._("Largest occupations over all employers")
    lines = [f"<b>{html.escape(title)}</b>"]
    for occ in totals[:8]:
        counts = ", ".join(f"{t._(label)} {occ.counts[key]}" for key, label in COUNT_FIELDS)
        lines.append(f"• {html.escape(occ.name)}: {html.escape(counts)}")
    return lines


def too_few(count: int, minimum: int, t: Translator) -> str:
    return t._(TOO_FEW, min=minimum, n=count)


def results_reply(camp: SurveyCampaign, count: int, unfinished: int, detail: list[str],
                  today: dt.date, env: Env, minimum: int = 1) -> Reply:
    t = env.t
    status = t._(STATUS[camp.status(today)])
    lines = [f"<b>📊 {html.escape(campaign_name(camp, t))}</b>",
             html.escape(f"{city_name(camp.city, t)} · {period(camp, t)} · {status}"),
             html.escape(t._("Responses: {n}. Started but not finished: {m}.", n=count,
                             m=unfinished)), ""]
    if not count:
        lines.append(html.escape(t._("No responses yet.")))
    elif count < minimum:
        lines.append(html.escape(too_few(count, minimum, t)))
    else:
        lines += detail
    shown = count >= minimum and count > 0
    return Reply("\n".join(lines), _result_buttons(camp, unfinished, today, env, shown))


def _result_buttons(camp: SurveyCampaign, unfinished: int, today: dt.date, env: Env,
                    shown: bool = True) -> list[list[Button]]:
    t, cid = env.t, camp.id
    exports = [Button(t._("📄 Excel"), f"svy:c:{cid}:xlsx"),
               Button(t._("🧾 CSV"), f"svy:c:{cid}:csv")]
    if camp.kind == "trainee":
        exports.insert(0, Button(t._("📈 Chart"), f"svy:c:{cid}:chart"))
    rows = [exports] if shown else []
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


def chart_caption(camp: SurveyCampaign, count: int, t: Translator, note: str | None,
                  rows: list[ItemRow]) -> str:
    """The photo's caption; when the chart could not use the reader's language (no CJK
    font), the reason and the names of the numbered courses."""
    head = t._("📈 {name}: satisfaction per item ({n} responses).",
               name=campaign_name(camp, t), n=count)
    if not note:
        return html.escape(head)
    courses = [row.name(t) for row in rows if not row.label]
    legend = "\n".join(f"Course {n}: {name}" for n, name in enumerate(courses, start=1))
    return html.escape(f"{head}\n{note}\n{legend}".strip()[:CAPTION_LIMIT])
