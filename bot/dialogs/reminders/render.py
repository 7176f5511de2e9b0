"""Payload -> message text in the owner's language, at the time it is sent.

A payload is `{"key": <English msgid>, "args": {...}}`. Argument values are plain text
and numbers, or typed values resolved per locale:
    {"date": "2026-10-14"}                  a date, formatted for the locale
    {"datetime": "2026-10-14T01:00:00+00:00"} a moment, shown in the configured zone
    {"zh": "...", "en": "..."}              text stored in both languages
A "handoff" payload (bot/dialogs/handoff/delivery.py) also carries its buttons as
[[label msgid, data]] and the channel of the recipient.
Keys are marked with N_ where they are defined (bot/dialogs/reminders/service.py), so the
catalog extraction finds them.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass, field
from typing import Any

from babel.dates import format_time

from bot.i18n import Translator, get_translator
from knowledge.articles import article_label


def N_(msgid: str) -> str:  # noqa: N802 - gettext marker: extraction only
    return msgid


LATE_NOTE = N_("(Due {when}; sent late because the bot was offline.)")
SNOOZE_DAY = N_("💤 Tomorrow")
SNOOZE_WEEK = N_("💤 In a week")
STOP_BROADCASTS = N_("🔕 Stop these messages")
DONE = N_("✅ Done")
# Leads of a deadline reminder: days before the deadline (0: on the day).
LEAD_0 = N_("on the day")
LEAD_1 = N_("1 day before")
LEAD_7 = N_("1 week before")
LEAD_N = N_("{n} days before")


@dataclass
class Rendered:
    text: str  # HTML, escaped
    buttons: list[list[tuple[str, str]]] = field(default_factory=list)  # (label, data)


def format_when(t: Translator, moment: dt.datetime) -> str:
    """'2026年11月22日 09:00' / 'November 22, 2026 9:00 AM' (no seconds)."""
    clock = format_time(moment, format="short", locale=t.babel_locale)
    return f"{t.date(moment.date())} {clock}"


def lead_text(leads: list[int] | tuple[int, ...], t: Translator) -> str:
    """'3 days before and on the day' / '提前3天和当天'."""
    words = [t._({0: LEAD_0, 1: LEAD_1, 7: LEAD_7}.get(n, LEAD_N), n=n) for n in leads]
    if len(words) < 2:
        return words[0] if words else ""
    head = ("、" if t.is_zh else ", ").join(words[:-1])
    return t._("{first} and {second}", first=head, second=words[-1])


def resolve_arg(value: Any, t: Translator, tz: dt.tzinfo) -> Any:
    if not isinstance(value, dict):
        return value
    if "date" in value:
        return t.date(dt.date.fromisoformat(value["date"]))
    if "datetime" in value:
        return format_when(t, dt.datetime.fromisoformat(value["datetime"]).astimezone(tz))
    if "zh" in value or "en" in value:
        return value.get("en" if t.locale.startswith("en") else "zh") or next(
            iter(value.values()))
    return str(value)


def body(payload: dict[str, Any], t: Translator, tz: dt.tzinfo) -> str:
    """The translated, formatted main text (not yet escaped)."""
    key = str(payload.get("key") or "")
    args = {name: resolve_arg(v, t, tz) for name, v in (payload.get("args") or {}).items()}
    if isinstance(args.get("article"), str):  # stored as the document numbers it
        args["article"] = article_label(args["article"], t.locale)
    try:
        return t._(key, **args)
    except (KeyError, IndexError, ValueError):  # a catalog entry with a wrong placeholder
        try:
            return key.format_map(_Blank(args))
        except (IndexError, ValueError):
            return key


class _Blank(dict[str, Any]):
    def __missing__(self, name: str) -> str:
        return ""


def render(reminder_id: int, kind: str, payload: dict[str, Any], due_at: dt.datetime,
           locale: str | None, now: dt.datetime, tz: dt.tzinfo,
           late_after: dt.timedelta) -> Rendered:
    t = get_translator(locale or "zh_CN")
    lines = [html.escape(body(payload, t, tz))]
    if isinstance(payload.get("caveat"), dict):  # a working-day rule could move the date
        lines.append(html.escape(str(resolve_arg(payload["caveat"], t, tz))))
    if now - due_at > late_after:
        lines.append(html.escape(t._(LATE_NOTE, when=format_when(t, due_at.astimezone(tz)))))
    if kind == "broadcast":
        buttons = [[(t._(STOP_BROADCASTS), "rmd:optout")]]
    elif kind == "handoff":  # about a question to officers: its own buttons, no snoozing
        buttons = [[(t._(str(label)), str(data)) for label, data in row]
                   for row in payload.get("buttons") or []]
    else:
        buttons = [[(t._(DONE), f"rmd:done:{reminder_id}")],
                   [(t._(SNOOZE_DAY), f"rmd:snz:{reminder_id}:1"),
                    (t._(SNOOZE_WEEK), f"rmd:snz:{reminder_id}:7")]]
    return Rendered("\n\n".join(lines), buttons)
