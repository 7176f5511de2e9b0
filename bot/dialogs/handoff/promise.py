"""The promised reply day and the days overdue questions are reminded, in official
working days (knowledge/calendars.py: State Council holidays, 调休 working weekends). Pure.

A question asked on day D is promised an answer by the REPLY_DAYS-th working day after D.
The officers of its region are reminded at 09:00 on the first working day after that,
the administrators ESCALATE_DAYS working days later still. When the holiday data does not
cover the days, the asker is told so (no day is named) and the reminders fall back to
Monday-to-Friday counting, which is only ever early or late by a holiday.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from knowledge.calendars import CalendarRangeError, add_working_days

REPLY_DAYS = 3
ESCALATE_DAYS = 2
REMIND_AT = dt.time(9, 0)


@dataclass(frozen=True)
class Promise:
    days: int
    due_on: dt.date | None  # None: the holiday data does not cover it
    missing_year: int | None = None


def promise(today: dt.date) -> Promise:
    try:
        return Promise(REPLY_DAYS, add_working_days(today, REPLY_DAYS))
    except CalendarRangeError as err:
        return Promise(REPLY_DAYS, None, err.year)


def _weekdays_after(day: dt.date, n: int) -> dt.date:
    while n:
        day += dt.timedelta(days=1)
        n -= day.weekday() < 5
    return day


def after_working_days(day: dt.date, n: int) -> dt.date:
    """The n-th working day after `day`; Monday to Friday where the data ends."""
    try:
        return add_working_days(day, n)
    except CalendarRangeError:
        return _weekdays_after(day, n)


def reminder_days(asked_on: dt.date, due_on: dt.date | None) -> tuple[dt.date, dt.date]:
    """(officers' reminder day, administrators' reminder day) of a question."""
    due = due_on or after_working_days(asked_on, REPLY_DAYS)
    return after_working_days(due, 1), after_working_days(due, 1 + ESCALATE_DAYS)


def breaks_between(first: dt.date, last: dt.date, locale: str) -> str:
    """The official holiday breaks between two days, named ("" when none or unknown)."""
    from knowledge.calendar_days import special_days

    try:
        days = special_days(first, last)
    except CalendarRangeError:
        return ""
    sep = ", " if locale.startswith("en") else "、"
    return sep.join(dict.fromkeys(b.names(locale) for b in days.breaks))
