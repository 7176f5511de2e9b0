"""Policy-deadline reminders in chat: the `cal:*` buttons and the "calendar" flow. Pure.

Buttons (data ≤ 64 bytes):
    cal:list         the policy deadlines (knowledge/calendars.yaml) with ⏰ buttons
    cal:ev:<event>   remind me of this event: opens the flow, or says plainly that the
                     official holiday calendar of the deadline's year is not available
The flow asks for the day the period starts (events that need one; "today" or a typed
date), then shows the deadline, the reminder time and the holidays and adjusted working
weekends it met, and asks to confirm. Confirming emits ScheduleDeadline; the storage
side (bot/dialogs/deadlines/effects.py) creates the reminder and answers.
"""

from __future__ import annotations

import datetime as dt
import html
from functools import partial
from typing import Any

from babel.dates import format_time

from bot.dialogs.deadlines import view
from bot.dialogs.engine.flow import Finish, Flow, Option, Step
from bot.dialogs.engine.types import N_, DialogState, Effect, Env, Outcome, Reply
from knowledge.calendars import CalendarEvent, CalendarRangeError, all_events, supported_years

FLOW_ID = "calendar"
class ScheduleDeadline(Effect):
    """{"event": id, "start": "YYYY-MM-DD" | None, "leads": [days before, ...]}"""
PREFIX = view.PREFIX
MAX_START_AHEAD = dt.timedelta(days=366)

ASK_START = N_("On which day does the period start (the day the list is published)? "
               "Choose Today or type the date.")
START_HINT = N_("For example 2025-09-30 or 30 Sep 2025")
CONFIRM = N_("{details}\n\nWhen shall I remind you? Each reminder comes at {time} that day; "
             "choose one to set it.")
CANNOT = N_("{details}\n\nI cannot set this reminder now.")
NOT_NOW = N_("No, back to the list")
NOT_SET = N_("No reminder was set.")
GONE = N_("That deadline is no longer in my list; here is the current one.")
PERIOD_OVER = N_("A period that started on {start} ended on {deadline}; that has already "
                 "passed. Please check the date.")
START_OLD = N_("That day is too long ago: a period that started then is over. Please check "
               "the date.")
START_FAR = N_("That is more than a year ahead; please type the day the period actually "
               "starts.")
START_NO_CALENDAR = N_("A period that starts on {start} needs the official holiday calendar "
                       "for {year}, which is not available in my data yet (it covers "
                       "{first}–{last}). I will not guess; please check the date, or ask "
                       "again once the {year} calendar is published.")


def _event(state: DialogState) -> CalendarEvent:
    event = all_events().get(str(state.params.get("event")))
    if event is None:
        raise KeyError(f"no calendar event {state.params.get('event')!r}")
    return event


def _start_of(state: DialogState) -> dt.date | None:
    value = state.answers.get("start")
    return dt.date.fromisoformat(str(value)) if value else None


def _valid_start(event: CalendarEvent, value: Any, env: Env
                 ) -> str | tuple[str, dict[str, Any]] | None:
    start, t = dt.date.fromisoformat(str(value)), env.t
    if start > env.today + MAX_START_AHEAD:
        return START_FAR
    try:
        deadline = event.deadline(start=start)
    except CalendarRangeError as err:
        if err.year < env.today.year:
            return START_OLD
        first, last = supported_years()
        return START_NO_CALENDAR, {"start": t.date(start), "year": err.year,
                                   "first": first, "last": last}
    if deadline < env.today:
        return PERIOD_OVER, {"start": t.date(start), "deadline": t.date(deadline)}
    return None


def _start_step(event: CalendarEvent, env: Env) -> Step:
    today = Option(env.today.isoformat(), N_("Today"))
    return Step("start", ASK_START, kind="date", options=(today,), hint=START_HINT,
                validate=partial(_valid_start, event))


def _confirm_step(event: CalendarEvent, state: DialogState, env: Env) -> Step:
    try:
        p = view.preview(event, env, _start_of(state))
    except CalendarRangeError as err:  # the clock moved on while the question was open
        text = f"📅 {view.event_title(event, env)}\n{view.no_calendar_text(err, env)}"
        return Step("confirm", CANNOT, prompt_args={"details": text},
                    options=(Option(False, view.BACK_TO_LIST),))
    if p.deadline < env.today:
        text = (env.t._(PERIOD_OVER, start=env.t.date(p.start or p.deadline),
                        deadline=env.t.date(p.deadline)) if event.needs_start
                else env.t._(view.PASSED, deadline=view.full_date(p.deadline, env)))
        return Step("confirm", CANNOT, prompt_args={"details": text},
                    options=(Option(False, view.BACK_TO_LIST),))
    choices = view.lead_choices(p, env)
    options = tuple(Option("+".join(str(n) for n in leads), view.lead_label(leads, env.t),
                           raw=True) for leads in choices)
    clock = format_time(p.event.time, format="short", locale=env.t.babel_locale)
    return Step("confirm", CONFIRM, prompt_args={"details": view.details(p, env),
                                                 "time": clock},
                options=options + (Option(False, NOT_NOW),))


def leads_of(value: Any) -> tuple[int, ...] | None:
    """The leads of a chosen option ("3+0"), None for "no" or anything unreadable."""
    if not isinstance(value, str):
        return None
    try:
        leads = tuple(int(p) for p in value.split("+"))
    except ValueError:
        return None
    return leads if leads and all(0 <= n <= 60 for n in leads) else None


def _route(state: DialogState, env: Env) -> str | None:
    event = _event(state)
    if event.needs_start and "start" not in state.answers:
        return "start"
    return "confirm" if "confirm" not in state.answers else None


def _make_step(step_id: str, state: DialogState, env: Env) -> Step:
    event = _event(state)
    if step_id == "start" and event.needs_start:
        return _start_step(event, env)
    if step_id == "confirm":
        return _confirm_step(event, state, env)
    raise KeyError(f"flow {FLOW_ID}: no step {step_id!r}")


def _intro(state: DialogState, env: Env) -> str | None:
    event = _event(state)
    if not event.needs_start:
        return None
    return "\n".join(html.escape(line) for line in (
        f"📅 {view.event_title(event, env)}", view.source_text(event, env),
        event.what(env.t.locale)))


def _finish(state: DialogState, env: Env) -> Finish:
    leads = leads_of(state.answers.get("confirm"))
    if leads is None:
        return Finish([view.list_reply(env, note=env.t._(NOT_SET))])
    start = state.answers.get("start")
    data = {"event": state.params["event"], "start": str(start) if start else None,
            "leads": list(leads)}
    return Finish([], [ScheduleDeadline(data)])


CALENDAR = Flow(id=FLOW_ID, finish=_finish, route=_route, make_step=_make_step,
                         intro=_intro)


def press(state: DialogState | None, data: str, env: Env) -> Outcome:
    """A `cal:*` button. Like the menu, it closes any open question."""
    parts = data.split(":")
    if parts == ["cal", "list"]:
        return Outcome(None, [view.list_reply(env)])
    if len(parts) != 3 or parts[1] != "ev":
        return Outcome(state, [Reply(env.t._("I could not read that button."))])
    event = all_events().get(parts[2])
    if event is None:
        return Outcome(None, [view.list_reply(env, note=env.t._(GONE))])
    if not event.needs_start:
        try:
            view.preview(event, env)
        except CalendarRangeError as err:
            return Outcome(None, [view.no_calendar_reply(event, err, env)])
    from bot.dialogs.engine.kernel import start_flow

    return start_flow(FLOW_ID, env, {"event": event.id}, previous=state)
