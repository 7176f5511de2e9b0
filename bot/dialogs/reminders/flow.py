"""The "remind me" flow: day (buttons or a typed date), time, note, repeat.

Pure like every flow: the end emits a CreateReminder effect with the local date and
time; the storage side (bot/dialogs/reminders/effects.py) creates the reminder and answers.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from bot.dialogs.engine import parse
from bot.dialogs.engine.flow import Finish, Flow, Option, Step
from bot.dialogs.engine.limits import text_length
from bot.dialogs.engine.types import N_, DialogState, Effect, Env, Event, Outcome, Reply
from bot.dialogs.reminders.codec import parse_reminder

FLOW_ID = "remind"
PREFIX = "rmd:"  # the /reminders list and delivered reminders: cancel, snooze, opt out


class CreateReminder(Effect):
    """{"day": "YYYY-MM-DD", "time": "HH:MM", "note", "repeat"}"""


class RequestReminder(Effect):
    """{"date": "YYYY-MM-DD", "program": id}: "⏰ Remind me then" under a result."""


class ListReminders(Effect):
    """{}: show the user's reminders (/reminders)."""


class PressReminder(Effect):
    """{"data": "rmd:..."}: a button of the reminders list or of a delivered reminder."""

MAX_DAYS_AHEAD = 5 * 366

DAYS = (Option("+1", N_("Tomorrow")), Option("+3", N_("In 3 days")),
        Option("+7", N_("In a week")), Option("+30", N_("In 30 days")))
TIMES = tuple(Option(t, t, raw=True) for t in ("09:00", "14:00", "20:00"))
REPEATS = (Option("once", N_("Just once")), Option("weekly", N_("Every week")),
           Option("monthly", N_("Every month")))

BAD_TIME = parse.BAD_TIME
DAY_PAST = N_("That day has already passed; please choose a later one.")
DAY_FAR = N_("That is too far ahead; please choose a day within five years.")
MAX_NOTE = 200  # as Telegram counts characters (the reminder quotes it)
NOTE_LONG = N_("The note is too long; please keep it under 200 characters.")



def parse_time(text: str) -> dt.time | None:
    """A typed time in either language (bot/dialogs/engine/parse.py); None if unreadable."""
    try:
        return parse.parse_time(str(text))
    except parse.Invalid:
        return None


def resolve_day(value: str, today: dt.date) -> dt.date:
    if value.startswith("+"):
        return today + dt.timedelta(days=int(value[1:]))
    return dt.date.fromisoformat(value)


def _valid_day(value: Any, env: Env) -> str | None:
    today = env.now.date()
    day = resolve_day(str(value), today)
    if day < today:
        return DAY_PAST
    if day > today + dt.timedelta(days=MAX_DAYS_AHEAD):
        return DAY_FAR
    return None


def _valid_time(value: Any, env: Env) -> str | None:
    return None if parse_time(str(value)) else BAD_TIME


def _valid_note(value: Any, env: Env) -> str | None:
    return NOTE_LONG if text_length(str(value)) > MAX_NOTE else None


STEPS = {
    "day": Step("day", N_("When should I remind you? Choose a day or type a date."),
                kind="date", options=DAYS, hint=N_("For example 2026-12-01 or 1 Dec"),
                validate=_valid_day, next="time", columns=2),
    "time": Step("time", N_("At what time? Choose one or type it."), kind="free_text",
                 options=TIMES, hint=N_("For example 08:30 or 3pm"), validate=_valid_time,
                 next="note", columns=3),
    "note": Step("note", N_("What should the reminder say? Type a short note."),
                 kind="free_text", options=(Option("", N_("No note")),),
                 validate=_valid_note, next="repeat"),
    "repeat": Step("repeat", N_("Should it repeat?"), options=REPEATS, next=None, columns=3),
}


def _finish(state: DialogState, env: Env) -> Finish:
    a = state.answers
    day = resolve_day(str(a["day"]), (state.started_at or env.now).date())
    time = parse_time(str(a["time"])) or dt.time(9, 0)
    repeat = a.get("repeat")
    data = {"day": day.isoformat(), "time": time.strftime("%H:%M"),
            "note": str(a.get("note") or ""), "repeat": None if repeat == "once" else repeat}
    return Finish([], [CreateReminder(data)])


REMIND = Flow(id=FLOW_ID, steps=STEPS, start="day", finish=_finish)


# --- commands and buttons -----------------------------------------------------------------


def remind_command(state: DialogState | None, event: Event, env: Env) -> Outcome:
    from bot.dialogs.engine.kernel import start_flow

    return start_flow(FLOW_ID, env, previous=state)


def reminders_command(state: DialogState | None, event: Event, env: Env) -> Outcome:
    return Outcome(state, [], [ListReminders()])


def press_listed(state: DialogState | None, data: str, env: Env) -> Outcome:
    """`rmd:*`: the storage side reads the reminder and answers."""
    return Outcome(state, [], [PressReminder({"data": data})])


def press_remind_then(state: DialogState | None, data: str, env: Env) -> Outcome:
    """`rem:<date>:<program>` under a result: remind the user on that day."""
    parsed = parse_reminder(data)
    if parsed is None:
        return Outcome(state, [Reply(env.t._("I could not read that button."))])
    day, program = parsed
    effect = RequestReminder({"date": day.isoformat(), "program": program})
    return Outcome(state, [], [effect])  # the storage side confirms, with what and when
