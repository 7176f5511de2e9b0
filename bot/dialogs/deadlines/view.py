"""Policy deadlines in words: the list of calendar events and the preview of one reminder.

Pure: dates come from knowledge/calendars.py (working days per the official holiday
calendar) and knowledge/calendar_days.py (which holidays and adjusted working weekends
were met); "today" is `env.today`. Nothing here writes anything.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass

from babel.dates import format_date, format_time

from bot.dialogs.engine.types import N_, Button, Env, Reply
from bot.dialogs.home import menu
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
NEXT = N_("Next deadline: {deadline}; reminder on {remind}.")
THIS_YEAR_CLOSE = N_("This year's deadline, {deadline}, is still ahead, but the day to remind "
                     "you of it has passed: act on it now.")
PERIOD = N_("Deadline: the last of {n} working days counted from the day the period starts; "
            "you tell me that day.")
NO_CALENDAR = N_("The official holiday calendar for {year} is not available in my data yet "
                 "(it covers {first}–{last}), so I cannot work out working days in {year} "
                 "without guessing.")
NO_REMINDER = N_("I will not set a reminder on a guessed date. Please ask again once the State "
                 "Council has published the {year} holiday arrangements and the bot has been "
                 "updated.")
NEXT_UNKNOWN = N_("Next deadline: not known yet, because it falls in {year}.")

PERIOD_START = N_("Period starts: {date}")
DEADLINE = N_("Deadline: {date}")
REMIND_AT = N_("Reminder: {when}")
REMIND_NOW = N_("Reminder: right away (its day has come)")
TAKEN = N_("Official calendar taken into account: {items}.")
BREAK = N_("{names} break, {first} to {last} (rest days)")
BREAK_DAY = N_("{names}, {day} (rest day)")
WORKING_WEEKEND = N_("{day} ({weekday}) is a working day")
NOTHING_SPECIAL = N_("No public holiday or adjusted working day falls in this period; only "
                     "weekends are skipped.")


@dataclass(frozen=True)
class Preview:
    """What a reminder for one event would be: its deadline, when it is sent, and the
    official calendar days the arithmetic met."""

    event: CalendarEvent
    deadline: dt.date
    remind_at: dt.datetime
    now: dt.datetime
    start: dt.date | None
    special: SpecialDays


def preview(event: CalendarEvent, env: Env, start: dt.date | None = None) -> Preview:
    """Raises CalendarRangeError beyond the holiday data (and ValueError without a start
    for an event that needs one). Mirrors bot.reminders.service.schedule_policy_calendar."""
    deadline, remind = event.next_dates(env.today, start)
    when = max(dt.datetime.combine(remind, event.time, tzinfo=env.now.tzinfo), env.now)
    return Preview(event, deadline, when, env.now, start,
                   special_days(*span_of(event, deadline, remind, start)))


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


def when_text(moment: dt.datetime, env: Env) -> str:
    clock = format_time(moment, format="short", locale=env.t.babel_locale)
    return f"{env.t.date(moment.date())} {clock}"


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
    """Plain text (the question escapes it): title, source, dates, holidays met."""
    t = env.t
    lines = [f"📅 {event_title(p.event, env)}", source_text(p.event, env)]
    if p.start is not None:
        lines.append(t._(PERIOD_START, date=t.date(p.start)))
    lines.append(t._(DEADLINE, date=full_date(p.deadline, env)))
    lines.append(t._(REMIND_NOW) if p.remind_at <= p.now
                 else t._(REMIND_AT, when=when_text(p.remind_at, env)))
    lines.append(special_text(p.special, env))
    return "\n".join(lines)


def no_calendar_text(err: CalendarRangeError, env: Env) -> str:
    first, last = supported_years()
    return env.t._(NO_CALENDAR, year=err.year, first=first, last=last)


def _this_year_note(event: CalendarEvent, env: Env, chosen: dt.date | None) -> str | None:
    """When the next reminder is next year's, but this year's deadline is not past."""
    if event.needs_start:
        return None
    try:
        this_year = event.deadline(year=env.today.year)
    except CalendarRangeError:
        return None
    if this_year >= env.today and this_year != chosen:
        return env.t._(THIS_YEAR_CLOSE, deadline=env.t.date(this_year))
    return None


def _next_line(event: CalendarEvent, env: Env) -> list[str]:
    t = env.t
    if event.needs_start:
        return [t._(PERIOD, n=event.rule.working_days)]
    try:
        deadline, remind = event.next_dates(env.today)
    except CalendarRangeError as err:
        lines = [t._(NEXT_UNKNOWN, year=err.year) + " " + no_calendar_text(err, env)]
        deadline = None
    else:
        lines = [t._(NEXT, deadline=full_date(deadline, env), remind=t.date(remind))]
    note = _this_year_note(event, env, deadline)
    return lines + ([note] if note else [])


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
    note = _this_year_note(event, env, None)
    if note:
        lines.append(html.escape(note))
    return Reply("\n".join(lines), list_buttons(env))
