"""Shared pieces of the survey dialogs: effect names, who may do what (from Env.extras),
a flow whose steps are built per user but whose length is known (so progress reads
"3/12"), rating buttons and forgiving day parsing. Pure.

Env.extras keys set by bot/dialogs/surveys/effects/loader.py:
    survey_access: {"officer": bool, "admin": bool, "assessor": bool,
                    "cities": [city codes] | None (None: every city)}
    survey_link:   what a survey deep link (or a "change my answers" button) points to
    survey_invite: what an appointment link points to
    survey_campaign: while a survey is answered, {"id", "status", "closes"} of its campaign
    menu_entries:  [(label message id, button data)] shown under the main menu
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from bot.dialogs.engine.flow import Flow, Option
from bot.dialogs.engine.parse import Invalid, normalize, parse_date
from bot.dialogs.engine.types import N_, DialogState, Effect, Env
from bot.dialogs.surveys.forms import CITIES, RATINGS

# --- effects (storage side: bot/dialogs/surveys/effects/) ----------------------------------

class SurveyStarted(Effect):
    """{"campaign": id}"""
class SurveySubmit(Effect):
    """{"campaign": id, "answers": {...}, "edit": bool}"""
class SurveyCreate(Effect):
    """{"kind", "city", "unit", "category", "courses", dates}"""
class SurveyList(Effect):
    """{}"""
class SurveyView(Effect):
    """{"campaign": id, "what": results|chart|xlsx|csv|link|...}"""
class SurveyInvite(Effect):
    """{"role", "city"}"""
class SurveyClaim(Effect):
    """{"token"}"""
class ScoreSave(Effect):
    """{"unit", "trainees", "year", "scores"}"""
class ScoreList(Effect):
    """{}"""
class ScoreExport(Effect):
    """{"sheet": id}"""

VIEWS = ("results", "chart", "xlsx", "csv", "link", "remind", "close", "closeok")


# --- access -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Access:
    officer: bool = False
    admin: bool = False
    assessor: bool = False
    cities: tuple[str, ...] | None = ()  # None: every city
    last_city: str | None = None  # the city of the officer's newest campaign

    @property
    def can_score(self) -> bool:
        return self.officer or self.assessor

    def covers(self, city: str) -> bool:
        """An officer of every city (None), or appointed for this one."""
        return self.officer and (self.cities is None or city in self.cities)

    def city_choices(self) -> tuple[str, ...]:
        return tuple(c for c, _ in CITIES) if self.cities is None else self.cities


def access(env: Env) -> Access:
    raw: Mapping[str, Any] = env.extras.get("survey_access") or {}
    cities = raw.get("cities", ())
    return Access(officer=bool(raw.get("officer")), admin=bool(raw.get("admin")),
                  assessor=bool(raw.get("assessor")),
                  cities=None if cities is None else tuple(cities),
                  last_city=raw.get("last_city"))


# --- the campaign behind an open survey dialog -----------------------------------------------

CAMPAIGN_CLOSED = N_("This survey closed on {date}, so it can no longer be answered. Your "
                     "answers to it were not stored.")
CAMPAIGN_GONE = N_("This survey no longer exists, so it can no longer be answered. Your "
                   "answers to it were not stored.")


def campaign_check(state: DialogState, env: Env) -> str | None:
    """Flow.check of the surveys people answer: a note once the campaign has closed (or
    was removed), from what the loader found this turn; None while it is open or when
    nothing was loaded."""
    info = env.extras.get("survey_campaign") or {}
    camp = state.params.get("campaign") or {}
    if not info or info.get("id") != camp.get("id") or info.get("status") == "open":
        return None
    if info.get("status") == "gone":
        return "⛔ " + env.t._(CAMPAIGN_GONE)
    day = dt.date.fromisoformat(str(info.get("closes") or camp.get("closes")))
    return "⛔ " + env.t._(CAMPAIGN_CLOSED, date=env.t.date(day))


# --- flows with a known length ----------------------------------------------------------------


@dataclass(frozen=True)
class SequenceFlow(Flow):
    """A flow with steps built per user (make_step) whose remaining length is known from
    the step id alone, so the engine can show "n/total"; `begin` picks the first step."""

    left: Callable[[str], int | None] | None = None
    begin: Callable[[DialogState, Env], str | None] | None = None

    def first(self, state: DialogState, env: Env) -> str | None:
        if self.begin is not None:
            return self.begin(state, env)
        return super().first(state, env)

    def remaining(self, step_id: str) -> int | None:
        if self.left is not None:
            return self.left(step_id)
        return super().remaining(step_id)


def skip_single(make_step: Callable[[str, DialogState, Env], Any], order: tuple[str, ...],
                skippable: tuple[str, ...] = ("role", "city")
                ) -> Callable[[DialogState, Env], str | None]:
    """A `begin` that answers the leading choice questions with only one possible answer
    (an officer of one city is not asked to choose among one city) and starts at the
    first real question. It runs again on "start over", so the answers come back."""
    def begin(state: DialogState, env: Env) -> str | None:
        for step_id in order:
            if step_id not in skippable:
                return step_id
            step = make_step(step_id, state, env)
            if len(step.options) != 1:
                return step_id
            state.answers[step.key] = step.options[0].value
        return None

    return begin


def left_in(order: tuple[str, ...]) -> Callable[[str], int | None]:
    def left(step_id: str) -> int | None:
        return len(order) - order.index(step_id) if step_id in order else None

    return left


def rating_options() -> tuple[Option, ...]:
    return tuple(Option(value, label) for value, label in RATINGS)


LAST_CITY = N_("{city} (as last time)")


def city_options(codes: tuple[str, ...], last: str | None = None,
                 env: Env | None = None) -> tuple[Option, ...]:
    """The city buttons; the city of the officer's last campaign first, marked."""
    names = dict(CITIES)
    options = [Option(code, names[code]) for code in codes if code in names]
    if env is not None and last in codes and last in names:
        options = [Option(last, env.t._(LAST_CITY, city=env.t._(names[last])), raw=True),
                   *(o for o in options if o.value != last)]
    return tuple(options)


EARLIER = N_("{question}\n\n<i>Your earlier answer: {earlier}</i>")


def with_earlier(prompt: str, args: Mapping[str, Any], earlier: str | None, env: Env
                 ) -> tuple[str, dict[str, Any]]:
    """The prompt (message id and args), noting the earlier answer when changing one."""
    if earlier is None:
        return prompt, dict(args)
    return EARLIER, {"question": env.t._(prompt, **args), "earlier": earlier}


# --- days -----------------------------------------------------------------------------------

BAD_DAY = N_("I could not read that date. Please type it like 2026-03-15 or 3-15.")
_MONTH_DAY = (re.compile(r"^(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?$"),
              re.compile(r"^(\d{1,2})\s*[-/.]\s*(\d{1,2})$"))
_WORDS = {"今天": 0, "今日": 0, "today": 0, "明天": 1, "tomorrow": 1, "后天": 2}


def parse_day(text: str, today: dt.date) -> dt.date:
    """A day as people type it: a full date, '3月15日' or '3-15' (this year, or next year
    when already past), 今天/明天, or a button value '+N' (N days from today)."""
    s = normalize(str(text)).lower()
    if s in _WORDS:
        return today + dt.timedelta(days=_WORDS[s])
    if re.fullmatch(r"\+\d{1,3}", s):
        return today + dt.timedelta(days=int(s[1:]))
    for pattern in _MONTH_DAY:
        m = pattern.match(s)
        if m:
            try:
                day = dt.date(today.year, int(m.group(1)), int(m.group(2)))
            except ValueError:
                raise Invalid(BAD_DAY) from None
            return day if day >= today else day.replace(year=today.year + 1)
    try:
        return parse_date(s)
    except Invalid:
        raise Invalid(BAD_DAY) from None


def day_or_none(text: Any, today: dt.date) -> dt.date | None:
    try:
        return parse_day(str(text), today)
    except Invalid:
        return None
