"""Policy deadlines in words: the list of calendar events and the preview of one reminder.

Pure: dates come from knowledge/calendars.py (working days per the official holiday
calendar) and knowledge/calendar_days.py (which holidays and adjusted working weekends
were met); "today" is `env.today`. Nothing here writes anything.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass
from typing import Any

from babel.dates import format_date

from bot.dialogs.engine.types import N_, Button, Env, Reply
from bot.dialogs.home import menu
from bot.dialogs.reminders.render import lead_text
from knowledge.articles import articles_label
from knowledge.calendar_days import SpecialDays, span_of, special_days
from knowledge.calendars import CalendarEvent, CalendarRangeError, all_events, supported_years
from knowledge.policy import get_policy

PREFIX = "cal:"
LIST_DATA = "cal:list"
MENU_LABEL = N_("📅 Policy deadlines")
REMIND_LABEL = N_("⏰ Remind me: {title}")
BACK_TO_LIST = N_("📅 Back to the deadlines")

LIST_INTRO = N_("Dates the policies set, each with the article behind it. Working days follow "
                "the official State Council holiday calendar, adjusted working weekends "
                "included. Press ⏰ to be reminded.")
SOURCE = N_("Source: {document}, {articles}")
NEXT = N_("Next deadline: {deadline}.")
PASSED = N_("This date, {deadline}, has passed.")
PERIOD = N_("Deadline: the last of {n} working days counted from the day the period starts; "
            "you tell me that day.")
NO_CALENDAR = N_("The official holiday calendar for {year} is not available in my data yet "
                 "(it covers {first}–{last}), so I cannot work out working days in {year} "
                 "without guessing.")
NO_REMINDER = N_("I will not set a reminder on a guessed date. Please ask again once the State "
                 "Council has published the {year} holiday arrangements and the bot has been "
                 "updated.")
FIXED_NOTE = N_("The document states this date itself; no working-day rule moves it.")
MAY_MOVE_BACK = N_("The official holiday calendar for {year} is not in my data yet: if {date} "
                   "turns out to be a rest day, the deadline moves to the last working day "
                   "before it ({article}). The reminder is set ahead of {date} as the "
                   "document states it; check the official calendar once it is published.")
MAY_MOVE_FORWARD = N_("The official holiday calendar for {year} is not in my data yet: if "
                      "{date} turns out to be a rest day, the deadline moves to the next "
                      "working day after it ({article}). The reminder is set ahead of {date} "
                      "as the document states it.")

# Leads: days before the deadline a reminder is sent (0: on the day), at the event's hour.
LEADS = (0, 1, 3, 7)
DEFAULT_LEADS = (3, 0)  # bot.config Settings.deadline_reminder_leads, via Env.extras
LEADS_EXTRA = "deadline_leads"

PERIOD_START = N_("Period starts: {date}")
DEADLINE = N_("Deadline: {date}")
REMIND_NOW = N_("Reminder: right away (its day has come)")
TAKEN = N_("Official calendar taken into account: {items}.")
BREAK = N_("{names} break, {first} to {last} (rest days)")
BREAK_DAY = N_("{names}, {day} (rest day)")
WORKING_WEEKEND = N_("{day} ({weekday}) is a working day")
NOTHING_SPECIAL = N_("No public holiday or adjusted working day falls in this period; only "
                     "weekends are skipped.")


@dataclass(frozen=True)
class Preview:
    """What a reminder for one event would be: its deadline (`exact` False when a
    working-day rule could still move it), and the official calendar days the arithmetic
    met (None for a stated date, or when the year's calendar is missing)."""

    event: CalendarEvent
    deadline: dt.date
    exact: bool
    now: dt.datetime
    start: dt.date | None
    special: SpecialDays | None


def preview(event: CalendarEvent, env: Env, start: dt.date | None = None) -> Preview:
    """Raises CalendarRangeError for a working-day period beyond the holiday data (and
    ValueError without a start for an event that needs one); a stated date never does.
    Mirrors bot.dialogs.reminders.service.schedule_policy_calendar."""
    d = event.next_deadline(env.today, start)
    special = None
    if d.exact and event.rule.kind != "fixed":
        special = special_days(*span_of(event, d.day, d.day, start))
    return Preview(event, d.day, d.exact, env.now, start, special)


def lead_moment(event: CalendarEvent, deadline: dt.date, lead: int, tz: dt.tzinfo | None
                ) -> dt.datetime:
    """When the reminder `lead` days before `deadline` is due: the event's hour that day."""
    return dt.datetime.combine(deadline - dt.timedelta(days=lead), event.time, tzinfo=tz)


def lead_ok(p: Preview, lead: int) -> bool:
    """On the day is always possible while the deadline is ahead (sent at once when its
    hour has gone); an earlier lead only while its moment is still ahead."""
    return (p.deadline >= p.now.date() if lead == 0
            else lead_moment(p.event, p.deadline, lead, p.now.tzinfo) > p.now)


def lead_choices(p: Preview, env: Env) -> list[tuple[int, ...]]:
    """The leads to offer: the configured default first (what of it is not past), then
    on the day, 1 day, 3 days and 1 week before; none whose time has passed."""
    default = tuple(n for n in env.extras.get(LEADS_EXTRA, DEFAULT_LEADS) if lead_ok(p, n))
    choices: list[tuple[int, ...]] = [default] if default else []
    for n in LEADS:
        if lead_ok(p, n) and (n,) not in choices:
            choices.append((n,))
    return choices


def lead_label(leads: tuple[int, ...], t: Any) -> str:
    text = lead_text(leads, t)
    return "⏰ " + text[:1].upper() + text[1:]


def caveat(p: Preview, env: Env) -> str | None:
    """Said when a working-day rule could move the date but the year's calendar is
    missing; for a stated date, that nothing moves it."""
    if p.event.rule.kind == "fixed":
        return env.t._(FIXED_NOTE)
    if p.exact:
        return None
    key = MAY_MOVE_FORWARD if p.event.rule.roll == "forward" else MAY_MOVE_BACK
    return env.t._(key, year=p.deadline.year, date=env.t.date(p.deadline),
                   article=p.event.rule.article)


def event_title(event: CalendarEvent, env: Env) -> str:
    return event.title(env.t.locale)


def source_text(event: CalendarEvent, env: Env) -> str:
    policy = get_policy(event.document)
    doc = f"《{policy.title_zh}》" if env.t.is_zh else policy.title_en
    return env.t._(SOURCE, document=doc, articles=articles_label(event.articles,
                                                                  env.t.locale))


def full_date(day: dt.date, env: Env) -> str:
    """'2025年10月13日星期一' / 'Monday, October 13, 2025'."""
    return format_date(day, format="full", locale=env.t.babel_locale)


def special_text(special: SpecialDays, env: Env) -> str:
    t, loc = env.t, env.t.locale
    if not special:
        return t._(NOTHING_SPECIAL)
    items = []
    for b in special.breaks:
        if b.first == b.last:
            items.append(t._(BREAK_DAY, names=b.names(loc), day=t.date(b.first)))
        else:
            items.append(t._(BREAK, names=b.names(loc), first=t.date(b.first),
                             last=t.date(b.last)))
    for w in special.working_weekends:
        weekday = format_date(w.day, "EEEE", locale=t.babel_locale)
        items.append(t._(WORKING_WEEKEND, day=t.date(w.day), weekday=weekday))
    return t._(TAKEN, items=("；" if t.is_zh else "; ").join(items))


def details(p: Preview, env: Env) -> str:
    """Plain text (the question escapes it): title, source, dates, holidays met, and the
    caveat when a working-day rule could move the date."""
    t = env.t
    lines = [f"📅 {event_title(p.event, env)}", source_text(p.event, env)]
    if p.start is not None:
        lines.append(t._(PERIOD_START, date=t.date(p.start)))
    lines.append(t._(DEADLINE, date=full_date(p.deadline, env)))
    if lead_moment(p.event, p.deadline, 0, p.now.tzinfo) <= p.now:  # due today, hour gone
        lines.append(t._(REMIND_NOW))
    if p.special is not None:
        lines.append(special_text(p.special, env))
    note = caveat(p, env)
    if note:
        lines.append(note)
    return "\n".join(lines)


def no_calendar_text(err: CalendarRangeError, env: Env) -> str:
    first, last = supported_years()
    return env.t._(NO_CALENDAR, year=err.year, first=first, last=last)


def _next_line(event: CalendarEvent, env: Env) -> list[str]:
    t = env.t
    if event.needs_start:
        return [t._(PERIOD, n=event.rule.working_days)]
    p = preview(event, env)
    if p.deadline < env.today:
        return [t._(PASSED, deadline=full_date(p.deadline, env))]
    lines = [t._(NEXT, deadline=full_date(p.deadline, env))]
    note = caveat(p, env)
    return lines + ([note] if note and not p.exact else [])


def list_reply(env: Env, *, note: str | None = None) -> Reply:
    """Every calendar event: title, source, what it means, next deadline; ⏰ buttons."""
    t = env.t
    parts = [html.escape(note)] if note else []
    parts.append(f"<b>{html.escape(t._(MENU_LABEL))}</b>\n{html.escape(t._(LIST_INTRO))}")
    rows: list[list[Button]] = []
    for n, event in enumerate(all_events().values(), start=1):
        title = event_title(event, env)
        lines = [f"<b>{n}. {html.escape(title)}</b>", html.escape(source_text(event, env)),
                 html.escape(event.what(t.locale))]
        lines += [html.escape(line) for line in _next_line(event, env)]
        parts.append("\n".join(lines))
        rows.append([Button(t._(REMIND_LABEL, title=title), f"cal:ev:{event.id}")])
    rows.append([menu.menu_button(env)])
    return Reply("\n\n".join(parts), rows)


def list_buttons(env: Env) -> list[list[Button]]:
    return [[Button(env.t._(BACK_TO_LIST), LIST_DATA)], [menu.menu_button(env)]]


def no_calendar_reply(event: CalendarEvent, err: CalendarRangeError, env: Env) -> Reply:
    """Said plainly when the deadline falls in a year beyond the holiday data: no date."""
    t = env.t
    lines = [f"<b>📅 {html.escape(event_title(event, env))}</b>",
             html.escape(no_calendar_text(err, env)),
             html.escape(t._(NO_REMINDER, year=err.year))]
    return Reply("\n".join(lines), list_buttons(env))
