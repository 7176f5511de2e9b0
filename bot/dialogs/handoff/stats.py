"""Statistics of the questions for administrators: per region and topic, time to answer
(median and 90th percentile, in hours), the share answered by the promised day, and the
topics with most questions left without an answer (those most in need of a rule or an
FAQ entry). Pure: computed from ticket snapshots that hold no text and no person.

Snapshot: {"id", "region", "topic", "status", "created": datetime, "due_on": date | None,
"answered_at": datetime | None}
"""

from __future__ import annotations

import datetime as dt
import html
import math
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from bot.dialogs.engine.types import Button, Env, Reply
from bot.dialogs.handoff import codec
from bot.dialogs.handoff.regions import region_name, topic_name
from bot.dialogs.home.menu import menu_button

UNANSWERED = ("open", "waiting", "closed")


def percentile(values: list[float], share: float) -> float | None:
    """Nearest-rank percentile (the smallest value with at least `share` at or below)."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def median(values: list[float]) -> float | None:
    if not values:
        return None
    ordered, mid = sorted(values), len(values) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


@dataclass(frozen=True)
class Group:
    region: str
    topic: str
    questions: int
    answered: int
    median_hours: float | None
    p90_hours: float | None
    on_time: float | None  # share of answered questions with a known promise


def _hours(tk: dict[str, Any]) -> float:
    return (tk["answered_at"] - tk["created"]).total_seconds() / 3600


def _on_time(tk: dict[str, Any], tz: dt.tzinfo) -> bool:
    return tk["answered_at"].astimezone(tz).date() <= tk["due_on"]


def summarise(tickets: list[dict[str, Any]], tz: dt.tzinfo) -> list[Group]:
    groups: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for tk in tickets:
        groups[(tk["region"], tk["topic"])].append(tk)
    groups[("*", "*")] = list(tickets)
    out = []
    for (region, topic), items in sorted(groups.items(), key=lambda kv: (
            kv[0] == ("*", "*"), -len(kv[1]), kv[0])):
        done = [tk for tk in items if tk["answered_at"] is not None]
        hours = [_hours(tk) for tk in done]
        promised = [tk for tk in done if tk["due_on"] is not None]
        share = (sum(_on_time(tk, tz) for tk in promised) / len(promised)) if promised \
            else None
        out.append(Group(region, topic, len(items), len(done), median(hours),
                         percentile(hours, 0.9), share))
    return out


def neediest(tickets: list[dict[str, Any]], faq_topics: Counter[str], limit: int = 5
             ) -> list[tuple[str, int, int]]:
    """(topic, questions without an answer, FAQ entries on it), most unanswered first."""
    counts = Counter(tk["topic"] for tk in tickets if tk["status"] in UNANSWERED)
    return [(topic, n, faq_topics.get(topic, 0)) for topic, n in counts.most_common(limit)]


def _fmt_hours(value: float | None, env: Env) -> str:
    return "–" if value is None else env.t.number(round(value, 1))


def _fmt_share(value: float | None, env: Env) -> str:
    return "–" if value is None else env.t.percent(value)


def stats_reply(tickets: list[dict[str, Any]], faq_topics: Counter[str], env: Env) -> Reply:
    t = env.t
    tz = env.now.tzinfo or dt.UTC
    lines = [t._("<b>Questions to officers</b>: {n} in all.", n=len(tickets))]
    for g in summarise(tickets, tz):
        where = t._("All regions and topics") if g.region == "*" else \
            f"{region_name(g.region, t)} · {topic_name(g.topic, t)}"
        lines.append(t._("{where}: {n} questions, {k} answered; median {median} h, 90% within "
                         "{p90} h; answered by the promised day: {share}",
                         where=html.escape(where), n=g.questions, k=g.answered,
                         median=_fmt_hours(g.median_hours, env),
                         p90=_fmt_hours(g.p90_hours, env), share=_fmt_share(g.on_time, env)))
    need = neediest(tickets, faq_topics)
    if need:
        lines.append("")
        lines.append(t._("<b>Most in need of a rule or an FAQ entry</b> (questions without an "
                         "answer):"))
        for topic, n, faq in need:
            lines.append(t._("{topic}: {n} without an answer, {k} FAQ entries",
                             topic=html.escape(topic_name(topic, t)), n=n, k=faq))
    rows = [[Button(t._("📄 Excel table"), codec.plain("xl"))],
            [Button(t._("⬅️ Back to the queue"), codec.plain("in")), menu_button(env)]]
    return Reply("\n".join(lines), rows)
