"""Which official holidays and adjusted working days fall inside a span of dates.

A companion to knowledge/calendars.py: once a deadline has been worked out, this says
which days of the official State Council calendar made it differ from a plain
Monday-to-Friday count, so the answer can name them ("National Day break 1-8 Oct;
Saturday 11 Oct is a working day"). Pure: no clock, no database, no Telegram. Years
outside the installed holiday data raise CalendarRangeError, as everywhere else.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import chinese_calendar
from chinese_calendar.constants import Holiday

from knowledge.calendars import CalendarEvent, check_year


def _names(names: tuple[str, ...], locale: str) -> str:
    """Holiday names (the package's English values) in the locale, in order of first use."""
    if locale.startswith("en"):
        return ", ".join(names)
    return "、".join(Holiday(name).chinese for name in names)


@dataclass(frozen=True)
class Break:
    """Consecutive official rest days (weekends inside the break included)."""

    first: dt.date
    last: dt.date
    holidays: tuple[str, ...]

    def names(self, locale: str) -> str:
        return _names(self.holidays, locale)


@dataclass(frozen=True)
class WorkingWeekend:
    """A Saturday or Sunday declared a working day (调休上班) to make up for a break."""

    day: dt.date
    holidays: tuple[str, ...]

    def names(self, locale: str) -> str:
        return _names(self.holidays, locale)


@dataclass(frozen=True)
class SpecialDays:
    breaks: tuple[Break, ...]
    working_weekends: tuple[WorkingWeekend, ...]

    def __bool__(self) -> bool:
        return bool(self.breaks or self.working_weekends)


def special_days(first: dt.date, last: dt.date) -> SpecialDays:
    """Official breaks (clipped to the span) and working weekends from `first` to `last`."""
    check_year(first)
    check_year(last)
    breaks: list[Break] = []
    weekends: list[WorkingWeekend] = []
    day = first
    while day <= last:
        rest, name = chinese_calendar.get_holiday_detail(day)
        if rest and name:
            prev = breaks[-1] if breaks else None
            if prev is not None and prev.last == day - dt.timedelta(days=1):
                names = prev.holidays if name in prev.holidays else prev.holidays + (name,)
                breaks[-1] = Break(prev.first, day, names)
            else:
                breaks.append(Break(day, day, (name,)))
        elif not rest and day.weekday() >= 5:
            weekends.append(WorkingWeekend(day, (name,) if name else ()))
        day += dt.timedelta(days=1)
    return SpecialDays(tuple(breaks), tuple(weekends))


def span_of(event: CalendarEvent, deadline: dt.date, remind: dt.date,
            start: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The days the event's arithmetic walked over: from the period's start (or the
    reminder day) to the deadline, or to the yearly anchor a rest day was rolled from."""
    first = min(d for d in (start, remind, deadline) if d is not None)
    last = deadline
    if event.rule.anchor is not None:
        last = max(last, dt.date(deadline.year, *event.rule.anchor))
    return first, last
