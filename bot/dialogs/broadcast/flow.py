"""Officer broadcasts: segment, text, when, preview, confirm. Pure.

`bc:new` (the officer menu entry, or /broadcast without text) opens the flow for
officers and refuses everyone else. The segment choices depend on who asks: ADMIN_IDS
may message everyone, a role or a language; every officer may message the people who
started one of their own survey campaigns and did not finish it (submitted answers are
anonymous, so "everyone who answered" cannot be targeted). The storage side
(bot/dialogs/broadcast/effects.py) puts into Env.extras["broadcast"]:
    {"campaigns": [{"id", "label"}], "count": recipients now | None}
and carries out SendBroadcast, checking the rights again.
"""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

from bot.dialogs.account.onboarding import ROLES
from bot.dialogs.engine.flow import Finish, Flow, Option, Step
from bot.dialogs.engine.limits import text_length
from bot.dialogs.engine.types import N_, DialogState, Effect, Env, Event, Outcome, Reply
from bot.dialogs.home import menu
from bot.dialogs.reminders.flow import BAD_TIME, DAYS, TIMES, parse_time, resolve_day
from bot.dialogs.surveys.flow import access

FLOW_ID = "broadcast"
PREFIX = "bc:"
class SendBroadcast(Effect):
    """{"segment": {...}, "text": str, "when": iso | None}"""
MAX_TEXT = 1000
MAX_DAYS = 366

NOT_OFFICER = N_("Only officers can send messages to groups of users. If you are one, ask "
                 "the administrator to appoint you. Nothing was sent.")
NO_SEGMENT = N_("None of your survey campaigns has people who started and did not finish. "
                "Officers appointed for a city can message only those people; messages to "
                "everyone, a role or a language are for administrators. Nothing was sent.")
ANONYMOUS = N_("Survey answers are anonymous, so people who already answered cannot be "
               "messaged as a group; only those who started and did not finish can.")
TEXT_LONG = N_("Please keep the message under {limit} characters.")
WHEN_PAST = N_("That time has already passed; please choose a later one.")
DAY_PAST = N_("That day has already passed; please choose a later one.")
DAY_FAR = N_("Please choose a day within a year.")

LANGS = (Option("zh_CN", "中文", raw=True), Option("en", "English", raw=True))
SEGMENT_NAMES = {"all": N_("Everyone"), "role": N_("Users with one role"),
                 "lang": N_("Users of one language"),
                 "camp": N_("People who started a survey and did not finish")}


def _segment_options(env: Env) -> tuple[Option, ...]:
    names = ("all", "role", "lang", "camp") if access(env).admin else ("camp",)
    if not _campaigns(env):
        names = tuple(n for n in names if n != "camp")
    return tuple(Option(n, SEGMENT_NAMES[n]) for n in names)


def _campaigns(env: Env) -> list[dict[str, Any]]:
    return list((env.extras.get("broadcast") or {}).get("campaigns") or [])


def _after_segment(answers: dict[str, Any]) -> str:
    return {"role": "role", "lang": "lang", "camp": "campaign"}.get(answers.get("segment"),
                                                                     "text")


def _valid_text(value: Any, env: Env) -> tuple[str, dict[str, Any]] | None:
    return (TEXT_LONG, {"limit": MAX_TEXT}) if text_length(str(value)) > MAX_TEXT else None


def _valid_day(value: Any, env: Env) -> str | None:
    day = resolve_day(str(value), env.today)
    if day < env.today:
        return DAY_PAST
    return DAY_FAR if (day - env.today).days > MAX_DAYS else None


def moment(state: DialogState, env: Env) -> dt.datetime | None:
    """The chosen sending time; None means now."""
    a = state.answers
    if a.get("when") != "later" or "day" not in a or "time" not in a:
        return None
    day = resolve_day(str(a["day"]), (state.started_at or env.now).date())
    time = parse_time(str(a["time"])) or dt.time(9, 0)
    return dt.datetime.combine(day, time, tzinfo=env.now.tzinfo)


def _time_validator(state: DialogState) -> Any:
    def check(value: Any, env: Env) -> str | None:
        time = parse_time(str(value))
        if time is None:
            return BAD_TIME
        day = resolve_day(str(state.answers.get("day", "+0")),
                          (state.started_at or env.now).date())
        return WHEN_PAST if dt.datetime.combine(day, time, tzinfo=env.now.tzinfo) <= env.now \
            else None

    return check


STEPS = {
    "role": Step("role", N_("Which role should receive it?"), options=ROLES, next="text",
                 columns=2),
    "lang": Step("lang", N_("Users of which language?"), options=LANGS, next="text",
                 columns=2),
    "text": Step("text", N_("Type the message (up to {limit} characters). It is sent as "
                            "plain text, with a button to stop such messages."),
                 kind="free_text", prompt_args={"limit": MAX_TEXT}, validate=_valid_text,
                 next="when"),
    "when": Step("when", N_("When should it be sent?"),
                 options=(Option("now", N_("Now")), Option("later", N_("At a date and time"))),
                 next=lambda a: "day" if a.get("when") == "later" else "confirm", columns=2),
    "day": Step("day", N_("On which day? Choose one or type a date."), kind="date",
                options=DAYS, hint=N_("For example 2026-12-01 or 1 Dec"),
                validate=_valid_day, next="time", columns=2),
}


def describe_segment(state: DialogState, env: Env) -> str:
    a, t = state.answers, env.t
    seg = a.get("segment")
    if seg == "role":
        label = next((o.label for o in ROLES if o.value == a.get("role")), "")
        return t._("Users with the role {role}", role=t._(label))
    if seg == "lang":
        label = next((o.label for o in LANGS if o.value == a.get("lang")), "")
        return t._("Users who chose {language}", language=label)
    if seg == "camp":
        found = next((c["label"] for c in _campaigns(env) if c["id"] == a.get("campaign")),
                     str(a.get("campaign")))
        return t._("People who started “{survey}” and did not finish", survey=found)
    everyone = SEGMENT_NAMES["all"]
    return t._(everyone)


CONFIRM = N_("<b>Preview</b>\n{text}\n\nTo: {segment}\nWhen: {when}\nRecipients if sent now: "
             "{n} (people who opted out or blocked the bot are left out).\n\nSend it?")


def _confirm_args(state: DialogState, env: Env) -> dict[str, Any]:
    from bot.dialogs.reminders.render import format_when

    t = env.t
    count = (env.extras.get("broadcast") or {}).get("count")
    when = moment(state, env)
    return {"text": str(state.answers.get("text", "")),
            "segment": describe_segment(state, env),
            "when": format_when(t, when) if when else t._("now"),
            "n": "?" if count is None else count}


def _make_step(step_id: str, state: DialogState, env: Env) -> Step:
    if step_id == "segment":
        return Step("segment", N_("Who should receive the message?\n<i>{note}</i>"),
                    prompt_args={"note": env.t._(ANONYMOUS)},
                    options=_segment_options(env), next=_after_segment)
    if step_id == "campaign":
        opts = tuple(Option(c["id"], c["label"], raw=True) for c in _campaigns(env))
        return Step("campaign", N_("Which survey? Its unfinished respondents will receive "
                                   "the message."), options=opts, next="text")
    if step_id == "time":
        return Step("time", N_("At what time? Choose one or type it."), kind="free_text",
                    options=TIMES, hint=N_("For example 08:30 or 3pm"),
                    validate=_time_validator(state), next="confirm", columns=3)
    if step_id == "confirm":
        return Step("confirm", CONFIRM, prompt_args=_confirm_args(state, env),
                    options=(Option("send", N_("📢 Send")), Option("no", N_("Do not send"))),
                    next=None, columns=2)
    raise KeyError(step_id)


def _finish(state: DialogState, env: Env) -> Finish:
    a = state.answers
    if a.get("confirm") != "send":
        return Finish([menu.menu_reply(env, note=html.escape(env.t._("Nothing was sent.")))])
    when = moment(state, env)
    segment = {k: a.get(k) for k in ("segment", "role", "lang", "campaign") if k in a}
    started = (state.started_at or env.now).strftime("%Y%m%d%H%M%S")
    data = {"segment": segment, "text": str(a.get("text", "")),
            "when": when.isoformat() if when else None, "started": started}
    return Finish([], [SendBroadcast(data)])


BROADCAST = Flow(id=FLOW_ID, steps=STEPS, start="segment", finish=_finish,
                          make_step=_make_step)


def press(state: DialogState | None, data: str, env: Env) -> Outcome:
    """`bc:new`: open the broadcast dialog for an officer; refuse anyone else."""
    from bot.dialogs.engine.kernel import start_flow

    acc = access(env)
    if data != PREFIX + "new":
        return Outcome(state, [Reply(env.t._("I could not read that button."))])
    problem = NOT_OFFICER if not acc.officer else None
    if problem is None and not _segment_options(env):
        problem = NO_SEGMENT
    if problem is not None:
        note = "⛔ " + html.escape(env.t._(problem))
        return Outcome(state, [menu.menu_reply(env, note=note)])
    return start_flow(FLOW_ID, env, previous=state)


class BroadcastNow(Effect):
    """{"text": str}: `/broadcast <text>`, the administrators' shortcut (everyone, now)."""


def broadcast_command(state: DialogState | None, event: Event, env: Env) -> Outcome:
    """/broadcast opens the dialog; /broadcast <text> sends to everyone at once (the
    rights are checked again from storage)."""
    if event.args.strip():
        return Outcome(state, [], [BroadcastNow({"text": event.args.strip()})])
    return press(state, PREFIX + "new", env)
