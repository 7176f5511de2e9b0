"""The administrators' XLSX of the questions to officers: sheet 1 the statistics per
region and topic, sheet 2 the topics most in need of a rule or an FAQ entry, sheet 3 one
row per question (number, region, topic, status, dates, hours to answer, on time). No
question text, no answer text, no person: the export may leave the system."""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from bot.dialogs.engine.types import Env
from bot.dialogs.handoff.regions import region_name, topic_name
from bot.dialogs.handoff.stats import neediest, summarise
from bot.dialogs.handoff.view import STATUS_NAMES


def _header(sheet: Any, labels: list[str]) -> None:
    sheet.append(labels)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)


def workbook(tickets: list[dict[str, Any]], faq_topics: Counter[str], env: Env) -> bytes:
    t = env.t
    tz = env.now.tzinfo or dt.UTC
    book = Workbook()
    summary = book.active
    summary.title = t._("Statistics")[:31]
    _header(summary, [t._("Region"), t._("Topic"), t._("Questions"), t._("Answered"),
                      t._("Median hours to answer"), t._("90th percentile hours"),
                      t._("Share answered by the promised day")])
    for g in summarise(tickets, tz):
        everything = g.region == "*"
        summary.append([t._("All regions") if everything else region_name(g.region, t),
                        t._("All topics") if everything else topic_name(g.topic, t),
                        g.questions, g.answered,
                        None if g.median_hours is None else round(g.median_hours, 2),
                        None if g.p90_hours is None else round(g.p90_hours, 2), g.on_time])
    need = book.create_sheet(t._("Most needed")[:31])
    _header(need, [t._("Topic"), t._("Questions without an answer"), t._("FAQ entries")])
    for topic, n, faq in neediest(tickets, faq_topics, limit=50):
        need.append([topic_name(topic, t), n, faq])
    rows = book.create_sheet(t._("Questions")[:31])
    _header(rows, [t._("Number"), t._("Region"), t._("Topic"), t._("Status"),
                   t._("Asked on"), t._("Promised by"), t._("Answered on"),
                   t._("Hours to answer"), t._("By the promised day")])
    for tk in tickets:
        answered = tk.get("answered_at")
        hours = round((answered - tk["created"]).total_seconds() / 3600, 2) if answered \
            else None
        on_time = None
        if answered and tk.get("due_on"):
            on_time = answered.astimezone(tz).date() <= tk["due_on"]
        rows.append([tk["id"], region_name(tk["region"], t), topic_name(tk["topic"], t),
                     t._(STATUS_NAMES.get(tk["status"], tk["status"])),
                     tk["created"].astimezone(tz).replace(tzinfo=None),
                     tk.get("due_on"),
                     answered.astimezone(tz).replace(tzinfo=None) if answered else None,
                     hours, on_time])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
