"""Officer dialogs: create a survey campaign, appoint an officer or assessor, and accept
an appointment. Pure; the ends emit SurveyCreate, SurveyInvite and SurveyClaim.

Who may start them is checked where they start (bot/dialogs/surveys/menu.py) and again
by the storage side; here the city buttons show only the cities the officer covers.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import Any

from bot.dialogs.engine.flow import Finish, Option, Step, yes_no_options
from bot.dialogs.engine.parse import Invalid, normalize
from bot.dialogs.engine.types import N_, DialogState, Env
from bot.dialogs.home.menu import menu_reply
from bot.dialogs.surveys.flow import (
    SequenceFlow,
    SurveyClaim,
    SurveyCreate,
    SurveyInvite,
    access,
    city_options,
    day_or_none,
    left_in,
    parse_day,
    skip_single,
)
from bot.dialogs.surveys.forms import MAX_COURSES, ROLE_NAMES, city_name

NEW_TRAINEE, NEW_EMPLOYER = "survey_new_trainee", "survey_new_employer"
APPOINT, JOIN = "survey_appoint", "survey_join"
TRAINEE_ORDER = ("city", "unit", "category", "courses", "opens", "closes", "confirm")
EMPLOYER_ORDER = ("city", "title", "opens", "closes", "confirm")
MAX_DAYS = 366

BAD_COURSES = N_("Please send one course per line as course / instructor, for example:\n"
                 "CNC programming / Mr Wang\n{limit} courses at most.")
BAD_LINE = N_("Line {line} (“{text}”) has no instructor. Please write each line as "
              "course / instructor, for example CNC programming / Mr Wang, and send the list "
              "again.")
LONG_COURSE = N_("Line {line}: the course name is longer than {limit} characters. Please "
                 "shorten it and send the list again.")
LONG_TEACHER = N_("Line {line}: the instructor's name is longer than {limit} characters. "
                  "Please shorten it and send the list again.")
TOO_MANY = N_("That is {n} courses; a survey takes {limit} at most. Please send at most "
              "{limit} lines.")
MAX_COURSE_NAME, MAX_TEACHER = 60, 30
PAST_DAY = N_("That day has already passed; please choose today or later.")
FAR_DAY = N_("Please choose a day within a year.")
CLOSE_BEFORE = N_("The survey cannot close before it opens ({date}).")
TOO_LONG = N_("Please keep it under {limit} characters.")
_SPLIT = re.compile(r"^(.*\S)\s*(?:/|\||—|–|-|:|,|、|\t)\s*(\S.*)$")


def _course_lines(text: str) -> list[tuple[int, str, re.Match[str] | None]]:
    """(line number as sent, the line, its course / instructor split) of each non-empty
    line."""
    found = []
    for n, line in enumerate(str(text).splitlines(), start=1):
        line = normalize(line).replace("，", ",").replace("：", ":").replace("／", "/")
        if line:
            found.append((n, line, _SPLIT.match(line)))
    return found


def course_problem(text: str) -> tuple[str, dict[str, Any]] | None:
    """What is wrong with a course list, naming the line; None when it is fine."""
    lines = _course_lines(text)
    for n, line, m in lines:
        if m is None:
            return BAD_LINE, {"line": n, "text": line[:40]}
        if len(m.group(1)) > MAX_COURSE_NAME:
            return LONG_COURSE, {"line": n, "limit": MAX_COURSE_NAME}
        if len(m.group(2)) > MAX_TEACHER:
            return LONG_TEACHER, {"line": n, "limit": MAX_TEACHER}
    if not lines:
        return BAD_COURSES, {"limit": MAX_COURSES}
    if len(lines) > MAX_COURSES:
        return TOO_MANY, {"n": len(lines), "limit": MAX_COURSES}
    return None


def parse_courses(text: str) -> list[dict[str, str]] | None:
    """'数控编程 / 王工' per line (also '-', ':', ',', '、' or a tab) -> courses."""
    if course_problem(text) is not None:
        return None
    return [{"course": m.group(1).strip(), "teacher": m.group(2).strip()}
            for _, _, m in _course_lines(text) if m is not None]


def _valid_courses(value: Any, env: Env) -> tuple[str, dict[str, Any]] | None:
    return course_problem(str(value))


def _limit(size: int) -> Any:
    def check(value: Any, env: Env) -> tuple[str, dict[str, Any]] | None:
        return (TOO_LONG, {"limit": size}) if len(str(value)) > size else None

    return check


def _valid_opens(value: Any, env: Env) -> str | None:
    try:
        day = parse_day(str(value), env.today)
    except Invalid as err:
        return err.key
    if day < env.today:
        return PAST_DAY
    return FAR_DAY if (day - env.today).days > MAX_DAYS else None


def _closes_validator(state: DialogState) -> Any:
    def check(value: Any, env: Env) -> str | tuple[str, dict[str, Any]] | None:
        problem = _valid_opens(value, env)
        if problem:
            return problem
        opens = day_or_none(state.answers.get("opens"), env.today) or env.today
        day = parse_day(str(value), env.today)
        if day < opens:
            return CLOSE_BEFORE, {"date": env.t.date(opens)}
        return FAR_DAY if (day - opens).days > MAX_DAYS else None

    return check


def _text(step_id: str, prompt: str, size: int, nxt: str, hint: str | None = None,
          options: tuple[Option, ...] = ()) -> Step:
    return Step(step_id, prompt, kind="free_text", validate=_limit(size), next=nxt,
                hint=hint, options=options)


def _campaign_step(step_id: str, state: DialogState, env: Env, order: tuple[str, ...]
                   ) -> Step:
    nxt = order[order.index(step_id) + 1] if step_id in order[:-1] else None
    if step_id == "city":
        return Step("city", N_("For which city is this survey?"),
                    options=city_options(access(env).city_choices(), access(env).last_city, env),
                    next=nxt, columns=3)
    if step_id == "unit":
        return _text("unit", N_("Which training unit is the survey about? Type its name."),
                     100, nxt or "")
    if step_id == "category":
        return _text("category", N_("Which major category (专业大类) is the training in?"),
                     60, nxt or "", hint=N_("For example mechanical manufacturing or electronic "
                                        "information"))
    if step_id == "courses":
        return Step("courses", N_("Send the courses and their instructors, one per line, "
                                  "as course / instructor."), kind="free_text",
                    hint=N_("For example:\nCNC programming / Mr Wang\nPrecision measurement / Ms Li"),
                    validate=_valid_courses, next=nxt)
    if step_id == "title":
        return _text("title", N_("A short title for this survey, so you can find it later?"),
                     60, nxt or "", options=(Option("", N_("No title")),))
    if step_id == "opens":
        return Step("opens", N_("From which day can people answer? Choose or type a date."),
                    kind="free_text", options=(Option("+0", N_("Today")),
                                               Option("+1", N_("Tomorrow"))),
                    hint=N_("For example 2026-03-15 or 3-15"), validate=_valid_opens,
                    next=nxt, columns=2)
    if step_id == "closes":
        return Step("closes", N_("On which day does the survey close (the last day to "
                                 "answer)?"), kind="free_text",
                    options=(Option("+7", N_("In a week")), Option("+14", N_("In two weeks")),
                             Option("+30", N_("In 30 days"))),
                    hint=N_("For example 2026-03-31 or 3-31"),
                    validate=_closes_validator(state), next=nxt, columns=3)
    if step_id == "confirm":
        return Step("confirm", N_("Please check:\n\n{summary}\n\nCreate the survey?"),
                    options=(Option(True, N_("✅ Create the survey")),),
                    prompt_args={"summary": _summary(state, env)}, next=None)
    raise KeyError(step_id)


def campaign_data(state: DialogState, env: Env) -> dict[str, Any]:
    a = state.answers
    opens = day_or_none(a.get("opens"), env.today) or env.today
    closes = day_or_none(a.get("closes"), env.today) or opens
    kind = "trainee" if state.flow == NEW_TRAINEE else "employer"
    return {"kind": kind, "city": a.get("city"), "unit": str(a.get("unit") or ""),
            "category": str(a.get("category") or ""),
            "courses": parse_courses(str(a.get("courses") or "")) or [],
            "title": str(a.get("title") or ""),
            "opens": opens.isoformat(), "closes": closes.isoformat()}


def _summary(state: DialogState, env: Env) -> str:
    t, data = env.t, campaign_data(state, env)
    lines = [t._("City: {city}", city=city_name(data["city"], t))]
    if data["kind"] == "trainee":
        lines.append(t._("Training unit: {unit}", unit=data["unit"]))
        lines.append(t._("Major category: {category}", category=data["category"]))
        for n, c in enumerate(data["courses"], start=1):
            lines.append(f"{n}. " + t._("{course} ({teacher})", course=c["course"],
                                        teacher=c["teacher"]))
    elif data["title"]:
        lines.append(t._("Title: {title}", title=data["title"]))
    lines.append(t._("Open from {opens} to {closes}",
                     opens=t.date(dt.date.fromisoformat(data["opens"])),
                     closes=t.date(dt.date.fromisoformat(data["closes"]))))
    return "\n".join(lines)


def _finish_campaign(state: DialogState, env: Env) -> Finish:
    return Finish([], [SurveyCreate(campaign_data(state, env))])


def _campaign_flow(flow_id: str, order: tuple[str, ...]) -> SequenceFlow:
    def make_step(step_id: str, state: DialogState, env: Env) -> Step:
        return _campaign_step(step_id, state, env, order)

    return SequenceFlow(id=flow_id, finish=_finish_campaign, start=order[0],
                        left=left_in(order), make_step=make_step,
                        begin=skip_single(make_step, order))


TRAINEE_CAMPAIGN = _campaign_flow(NEW_TRAINEE, TRAINEE_ORDER)
EMPLOYER_CAMPAIGN = _campaign_flow(NEW_EMPLOYER, EMPLOYER_ORDER)


# --- appointing officers and assessors -----------------------------------------------------

APPOINT_ORDER = ("role", "city", "confirm")


def _appoint_step(step_id: str, state: DialogState, env: Env) -> Step:
    acc = access(env)
    if step_id == "role":
        roles = ("officer", "assessor") if acc.admin else ("assessor",)
        return Step("role", N_("Whom do you want to appoint?"),
                    options=tuple(Option(r, ROLE_NAMES[r]) for r in roles), next="city",
                    columns=2)
    if step_id == "city":
        return Step("city", N_("For which city?"), options=city_options(acc.city_choices()),
                    next="confirm", columns=3)
    if step_id == "confirm":
        args = {"role": env.t._(ROLE_NAMES.get(state.answers.get("role", ""), "")),
                "city": city_name(state.answers.get("city"), env.t)}
        return Step("confirm", N_("I will make a link for one person: whoever opens it first "
                                  "becomes {role} for {city}. It works once, for 7 days. "
                                  "Make it?"),
                    options=(Option(True, N_("✅ Make the link")),), prompt_args=args,
                    next=None)
    raise KeyError(step_id)


def _finish_appoint(state: DialogState, env: Env) -> Finish:
    return Finish([], [SurveyInvite({"role": state.answers.get("role"),
                                              "city": state.answers.get("city")})])


APPOINT_FLOW = SequenceFlow(id=APPOINT, finish=_finish_appoint, start="role",
                            left=left_in(APPOINT_ORDER), make_step=_appoint_step,
                            begin=skip_single(_appoint_step, APPOINT_ORDER))


def _join_step(step_id: str, state: DialogState, env: Env) -> Step:
    p = state.params
    args = {"role": env.t._(ROLE_NAMES.get(p.get("role", ""), "")),
            "city": city_name(p.get("city"), env.t)}
    return Step("accept", N_("This link appoints you {role} for {city}. Do you accept?"),
                kind="yes_no", options=yes_no_options(N_("✅ I accept"), N_("No")),
                prompt_args=args, next=None, columns=2)


def _finish_join(state: DialogState, env: Env) -> Finish:
    if state.answers.get("accept"):
        return Finish([], [SurveyClaim({"token": state.params.get("token")})])
    return Finish([menu_reply(env, note=html.escape(env.t._("Nothing changed.")))])


JOIN_FLOW = SequenceFlow(id=JOIN, finish=_finish_join, start="accept",
                                  left=left_in(("accept",)), make_step=_join_step)
