"""The trainee satisfaction survey (annex 2) as a dialog. Pure.

Started from a campaign's deep link with params
    {"campaign": {"id", "unit", "category", "courses": [{"course", "teacher"}], "closes"},
     "previous": <normalised answers> (only when changing a submitted response)}
Questions: one per course and instructor, the instructors overall, four on teaching, four
on service and management, overall satisfaction (each on four levels), suggestions as
free text, then a check of all answers before submitting. Step ids of the course
questions carry their position ("c1/3"), so the length is known and progress reads
"2/15". In-progress answers live only in this user's dialog state; the end emits
SurveySubmit with the normalised answers and nothing that names the trainee.
"""

from __future__ import annotations

import html
from typing import Any

from bot.dialogs.engine.flow import Finish, Option, Step
from bot.dialogs.engine.types import N_, DialogState, Env
from bot.dialogs.surveys.flow import (
    SequenceFlow,
    SurveySubmit,
    rating_options,
    with_earlier,
)
from bot.dialogs.surveys.forms import (
    FIXED_ITEMS,
    MAX_SUGGESTION,
    RATING_NAMES,
    course_code,
)

FLOW_ID = "survey_trainee"
TAIL = (*(i.key for i in FIXED_ITEMS), "suggestions", "confirm")
ITEMS = {i.key: i for i in FIXED_ITEMS}

COURSE_Q = N_("Course {n} of {count}: “{course}”, taught by {teacher}. How do you rate "
              "this instructor's teaching?")
SUGGEST_Q = N_("Any suggestions or remarks? Type them, or press the button if you have none.")
CONFIRM_Q = N_("Please check your answers:\n\n{summary}\n\nSubmit them?")
TOO_LONG = N_("Please keep it under {limit} characters.")


def campaign(state: DialogState) -> dict[str, Any]:
    return dict(state.params.get("campaign") or {})


def courses(state: DialogState) -> list[dict[str, str]]:
    return list(campaign(state).get("courses") or [])


def _course_step(step_id: str) -> tuple[int, int] | None:
    if not step_id.startswith("c") or "/" not in step_id:
        return None
    first, _, second = step_id[1:].partition("/")
    if not (first.isdigit() and second.isdigit()) or int(first) >= int(second):
        return None
    return int(first), int(second)


def _left(step_id: str) -> int | None:
    pos = _course_step(step_id)
    if pos is not None:
        return pos[1] - pos[0] + len(TAIL)
    return len(TAIL) - TAIL.index(step_id) if step_id in TAIL else None


def _begin(state: DialogState, env: Env) -> str:
    count = len(courses(state))
    return f"c0/{count}" if count else TAIL[0]


def _earlier_rating(state: DialogState, key: str, env: Env) -> str | None:
    previous = state.params.get("previous")
    if not previous:
        return None
    if key.startswith("c") and key[1:].isdigit():
        values = previous.get("courses") or []
        index = int(key[1:])
        value = values[index] if index < len(values) else None
    else:
        value = (previous.get("items") or {}).get(key)
    return env.t._(RATING_NAMES[value]) if value in RATING_NAMES else None


def _rating_step(step_id: str, key: str, prompt: str, args: dict[str, Any], nxt: str,
                 state: DialogState, env: Env) -> Step:
    prompt, args = with_earlier(prompt, args, _earlier_rating(state, key, env), env)
    return Step(step_id, prompt, options=rating_options(), prompt_args=args, save_as=key,
                next=nxt, columns=4)


def _valid_suggestion(value: Any, env: Env) -> tuple[str, dict[str, Any]] | None:
    return (TOO_LONG, {"limit": MAX_SUGGESTION}) if len(str(value)) > MAX_SUGGESTION else None


def _suggestions_step(state: DialogState, env: Env) -> Step:
    options = [Option("", N_("No suggestions"))]
    previous = (state.params.get("previous") or {}).get("suggestions")
    if previous:
        options.append(Option(previous, N_("Keep my earlier text")))
    prompt, args = with_earlier(SUGGEST_Q, {}, previous or None, env)
    return Step("suggestions", prompt, kind="free_text", options=tuple(options),
                prompt_args=args, validate=_valid_suggestion, next="confirm")


def _make_step(step_id: str, state: DialogState, env: Env) -> Step:
    pos = _course_step(step_id)
    if pos is not None:
        index, count = pos
        course = courses(state)[index]
        nxt = f"c{index + 1}/{count}" if index + 1 < count else TAIL[0]
        args = {"n": index + 1, "count": count, "course": course.get("course", ""),
                "teacher": course.get("teacher", "")}
        return _rating_step(step_id, f"c{index}", COURSE_Q, args, nxt, state, env)
    if step_id in ITEMS:
        nxt = TAIL[TAIL.index(step_id) + 1]
        return _rating_step(step_id, step_id, ITEMS[step_id].question, {}, nxt, state, env)
    if step_id == "suggestions":
        return _suggestions_step(state, env)
    if step_id == "confirm":
        return Step("confirm", CONFIRM_Q, options=(Option(True, N_("✅ Submit my answers")),),
                    prompt_args={"summary": summary(normalise(state), campaign(state), env)},
                    next=None)
    raise KeyError(step_id)


def normalise(state: DialogState) -> dict[str, Any]:
    """The answers as stored: {"courses": [rating per course], "items": {key: rating},
    "suggestions": text}."""
    a = state.answers
    return {"courses": [a.get(f"c{i}") for i in range(len(courses(state)))],
            "items": {key: a.get(key) for key in ITEMS},
            "suggestions": str(a.get("suggestions") or "")}


def summary(answers: dict[str, Any], camp: dict[str, Any], env: Env) -> str:
    """Plain-text lines "C1 course (teacher): rating" for the check before submitting."""
    t = env.t
    lines = []
    for i, (course, value) in enumerate(zip(camp.get("courses") or [], answers["courses"],
                                            strict=False)):
        name = t._("{course} ({teacher})", course=course.get("course", ""),
                   teacher=course.get("teacher", ""))
        lines.append(f"{course_code(i)} {name}: {_label(value, env)}")
    for item in FIXED_ITEMS:
        value = answers["items"].get(item.key)
        lines.append(f"{item.code} {t._(item.label)}: {_label(value, env)}")
    text = answers.get("suggestions") or t._("none")
    lines.append(t._("Suggestions: {text}", text=text))
    return "\n".join(lines)


def _label(value: Any, env: Env) -> str:
    return env.t._(RATING_NAMES[value]) if value in RATING_NAMES else "—"


def _intro(state: DialogState, env: Env) -> str:
    camp = campaign(state)
    t = env.t
    head = t._("<b>Satisfaction survey</b>: {unit}, {category}.",
               unit=html.escape(str(camp.get("unit", ""))),
               category=html.escape(str(camp.get("category", ""))))
    if state.params.get("previous"):
        note = t._("You are changing your earlier answers; the new ones replace them.")
    else:
        note = t._("Your answers are stored without your name or Telegram account, and you "
                   "can change them until the survey closes.")
    return f"{head}\n{note}"


def _finish(state: DialogState, env: Env) -> Finish:
    data = {"campaign": campaign(state).get("id"), "answers": normalise(state),
            "edit": bool(state.params.get("previous"))}
    return Finish([], [SurveySubmit(data)])


TRAINEE_SURVEY = SequenceFlow(id=FLOW_ID, finish=_finish, make_step=_make_step,
                                       intro=_intro, left=_left, begin=_begin)
