"""Policy calendars (knowledge/calendars.yaml) and working-day arithmetic.

Working days follow the official Chinese holiday calendar as published by the State
Council and packaged in `chinesecalendar`: public holidays are rest days and weekend days
declared working days (调休上班) count as working days. The package only knows the years
it was released with; outside them every function raises CalendarRangeError rather than
guessing. Pure: no clock (callers pass `today`), no database, no Telegram.
"""

from __future__ import annotations

import datetime as dt
import importlib.metadata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import chinese_calendar
from chinese_calendar.constants import holidays as _official_holidays

from knowledge.policy import get_policy, load_yaml

CALENDAR_FILE = Path(__file__).with_name("calendars.yaml")
RULE_KINDS = ("annual", "after_start", "fixed")
# Walking further than this without meeting a working day means broken data.
_MAX_WALK_DAYS = 60


class CalendarRangeError(ValueError):
    """The official holiday calendar for this year is not in the installed data."""

    def __init__(self, year: int) -> None:
        lo, hi = supported_years()
        super().__init__(f"the official holiday calendar for {year} is not available "
                         f"(chinesecalendar {package_version()} covers {lo}-{hi})")
        self.year = year


@cache
def supported_years() -> tuple[int, int]:
    years = {day.year for day in _official_holidays}
    return min(years), max(years)


@cache
def package_version() -> str:
    try:
        return importlib.metadata.version("chinesecalendar")
    except importlib.metadata.PackageNotFoundError:  # pragma: no cover - installed in the venv
        return "unknown"


def check_year(day: dt.date) -> None:
    lo, hi = supported_years()
    if not lo <= day.year <= hi:
        raise CalendarRangeError(day.year)


def is_working_day(day: dt.date) -> bool:
    check_year(day)
    return bool(chinese_calendar.is_workday(day))


def _step(day: dt.date, direction: int) -> dt.date:
    return day + dt.timedelta(days=direction)


def roll(day: dt.date, direction: str) -> dt.date:
    """`day` if it is a working day, else the nearest working day before ("backward") or
    after ("forward") it."""
    sign = {"backward": -1, "forward": 1}[direction]
    for _ in range(_MAX_WALK_DAYS):
        if is_working_day(day):
            return day
        day = _step(day, sign)
    raise ValueError(f"no working day within {_MAX_WALK_DAYS} days")  # pragma: no cover


def add_working_days(day: dt.date, n: int) -> dt.date:
    """The n-th working day after `day` (n > 0) or before it (n < 0); `day` itself is not
    counted. n == 0 returns `day` unchanged."""
    sign = 1 if n > 0 else -1
    remaining = abs(n)
    while remaining:
        day = _step(day, sign)
        if is_working_day(day):
            remaining -= 1
    return day


def period_end(start: dt.date, working_days: int, count_start_day: bool) -> dt.date:
    """The last day of a period of `working_days` working days beginning on `start`."""
    if working_days < 1:
        raise ValueError("a period needs at least one working day")
    if count_start_day and is_working_day(start):
        return add_working_days(start, working_days - 1)
    return add_working_days(start, working_days)


@dataclass(frozen=True)
class DateRule:
    kind: str
    anchor: tuple[int, int] | None = None
    roll: str = "backward"
    working_days: int = 0
    count_start_day: bool = True
    remind_working_days_before: int = 0
    article: str = ""  # the article that states this date or period
    date: dt.date | None = None  # kind "fixed": the one date the document states


@dataclass(frozen=True)
class Deadline:
    """The next occurrence of an event. `exact` is False when a working-day rule could
    move `day` (an annual date that rolls off rest days) but the official holiday
    calendar of its year is not in the data: `day` is then the date the document states,
    and `article` the one whose working-day rule could move it."""

    day: dt.date
    exact: bool = True
    article: str = ""


@dataclass(frozen=True)
class CalendarEvent:
    id: str
    document: str
    articles: tuple[str, ...]
    title_zh: str
    title_en: str
    what_zh: str
    what_en: str
    rule: DateRule
    time: dt.time

    def title(self, locale: str) -> str:
        return self.title_en if locale.startswith("en") else self.title_zh

    def what(self, locale: str) -> str:
        return self.what_en if locale.startswith("en") else self.what_zh

    @property
    def needs_start(self) -> bool:
        return self.rule.kind == "after_start"

    def deadline(self, *, year: int | None = None, start: dt.date | None = None) -> dt.date:
        """The event's deadline in `year` (annual) or for a period beginning on `start`."""
        r = self.rule
        if r.kind == "fixed" and r.date is not None:
            return r.date
        if r.kind == "annual":
            if year is None or r.anchor is None:
                raise ValueError(f"{self.id}: an annual event needs a year")
            return roll(dt.date(year, *r.anchor), r.roll)
        if start is None:
            raise ValueError(f"{self.id}: this event needs the date its period starts")
        return period_end(start, r.working_days, r.count_start_day)

    @property
    def fixed_date(self) -> bool:
        """A date the document states (every year, or once), not a period to count."""
        return self.rule.kind in ("annual", "fixed")

    def next_deadline(self, today: dt.date, start: dt.date | None = None) -> Deadline:
        """The next deadline on or after `today` (a fixed date may be past: callers check).

        A stated date never needs the holiday data to be known: when the data for its
        year is missing, an annual date that would roll off a rest day is returned as
        stated, flagged not exact. Only a period counted in working days (after_start)
        raises CalendarRangeError beyond the data."""
        r = self.rule
        if r.kind == "fixed" and r.date is not None:
            return Deadline(r.date, True, r.article)
        if r.kind == "annual" and r.anchor is not None:
            for year in (today.year, today.year + 1):
                stated = dt.date(year, *r.anchor)
                try:
                    found = Deadline(roll(stated, r.roll), True, r.article)
                except CalendarRangeError:
                    found = Deadline(stated, False, r.article)
                if found.day >= today:
                    return found
            raise AssertionError("unreachable: next year's date is always ahead")
        return Deadline(self.deadline(start=start), True, r.article)

    def remind_on(self, deadline: dt.date) -> dt.date:
        return add_working_days(deadline, -self.rule.remind_working_days_before)

    def next_dates(self, today: dt.date, start: dt.date | None = None
                   ) -> tuple[dt.date, dt.date]:
        """(deadline, reminder day) of the next occurrence whose reminder is not past."""
        if self.needs_start:
            deadline = self.deadline(start=start)
            return deadline, max(self.remind_on(deadline), today)
        for year in (today.year, today.year + 1):
            deadline = self.deadline(year=year)
            remind = self.remind_on(deadline)
            if remind >= today:
                return deadline, remind
        raise AssertionError("unreachable: next year's reminder is always ahead")


def _rule(raw: dict[str, Any], event_id: str) -> DateRule:
    """A date rule; it must name the article that states its date or period."""
    kind = raw.get("kind")
    if not raw.get("article"):
        raise ValueError(f"calendar event {event_id}: the rule names no article for its date")
    if kind not in RULE_KINDS:
        raise ValueError(f"calendar event {event_id}: unknown rule kind {kind!r}")
    anchor = None
    fixed = None
    if kind == "fixed":
        value = raw.get("date")
        fixed = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
    elif kind == "annual":
        month, day = (int(p) for p in str(raw["anchor"]).split("-"))
        dt.date(2024, month, day)  # validates the month-day (2024 is a leap year)
        anchor = (month, day)
    elif int(raw.get("working_days", 0)) < 1:
        raise ValueError(f"calendar event {event_id}: working_days must be at least 1")
    return DateRule(kind=kind, anchor=anchor, roll=str(raw.get("roll", "backward")),
                    working_days=int(raw.get("working_days", 0)),
                    count_start_day=bool(raw.get("count_start_day", True)),
                    remind_working_days_before=int(raw.get("remind_working_days_before", 0)),
                    article=str(raw["article"]), date=fixed)


def _event(raw: dict[str, Any]) -> CalendarEvent:
    event_id = str(raw["id"])
    policy = get_policy(str(raw["document"]))
    articles = tuple(str(a) for a in raw["articles"])
    for article in articles:
        policy.citation(article)  # raises KeyError when the article is not in the data
    rule = _rule(raw["rule"], event_id)
    if rule.article not in articles:
        raise ValueError(f"calendar event {event_id}: its date's article {rule.article} is not "
                         f"among its articles")
    return CalendarEvent(id=event_id, document=policy.id, articles=articles,
                         title_zh=raw["title"]["zh"], title_en=raw["title"]["en"],
                         what_zh=raw["what"]["zh"], what_en=raw["what"]["en"],
                         rule=rule,
                         time=dt.time.fromisoformat(str(raw.get("time", "09:00"))))


@dataclass(frozen=True)
class PastDate:
    """A date a document gives for one past round only (reference, never a deadline)."""

    id: str
    document: str
    articles: tuple[str, ...]
    date: dt.date
    what_zh: str
    what_en: str

    def what(self, locale: str) -> str:
        return self.what_en if locale.startswith("en") else self.what_zh


@cache
def _raw() -> dict[str, Any]:
    return load_yaml(CALENDAR_FILE.read_text(encoding="utf-8"))


@cache
def all_events() -> dict[str, CalendarEvent]:
    events = [_event(e) for e in _raw()["events"]]
    return {e.id: e for e in events}


@cache
def past_rounds() -> dict[str, PastDate]:
    """Dated facts of past rounds (calendars.yaml `past_rounds`), each with its articles."""
    out = {}
    for raw in _raw().get("past_rounds") or ():
        policy = get_policy(str(raw["document"]))
        articles = tuple(str(a) for a in raw["articles"])
        if not articles:
            raise ValueError(f"past round {raw['id']}: no article gives its date")
        for article in articles:
            policy.citation(article)
        day = raw["date"] if isinstance(raw["date"], dt.date) else \
            dt.date.fromisoformat(str(raw["date"]))
        out[str(raw["id"])] = PastDate(str(raw["id"]), policy.id, articles, day,
                                       raw["what"]["zh"], raw["what"]["en"])
    return out


def get_event(event_id: str) -> CalendarEvent:
    try:
        return all_events()[event_id]
    except KeyError:
        raise KeyError(f"no policy calendar event {event_id!r}") from None
