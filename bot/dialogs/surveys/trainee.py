"""The trainee satisfaction survey (annex 2) as a dialog. Pure.

Started from a campaign's deep link with params
    {"campaign": {"id", "unit", "category", "courses": [{"course", "teacher"}], "closes"},
     (a submitted response cannot be found again, so it cannot be changed)}
Questions: one per course and instructor, the instructors overall, four on teaching, four
on service and management, overall satisfaction (each on four levels), suggestions as
free text, then a review of all answers by item name, where any one answer can be
changed by its button (the dialog jumps to that question and comes back to the review).
A comment longer than the form's box is kept whole or cut only as the trainee
chooses. Step ids of the course questions carry their position ("c1/3"), so the length
is known and progress reads "2/15". In-progress answers live only in this user's dialog
state; the end emits SurveySubmit with the normalised answers and nothing that names the
trainee.
"""

from __future__ import annotations

import html
from typing import Any

from bot.dialogs.engine.flow import Finish, Option, Step
from bot.dialogs.engine.types import N_, DialogState, Env
from bot.dialogs.surveys.flow import (
    SequenceFlow,
    SurveySubmit,
    campaign_check,
    rating_options,
    with_earlier,
)
from bot.dialogs.surveys.forms import (
    FIXED_ITEMS,
    MAX_SUGGESTION,
    RATING_NAMES,
    course_name,
    shorten,
)

FLOW_ID = "survey_trainee"
TAIL = (*(i.key for i in FIXED_ITEMS), "suggestions", "confirm")
ITEMS = {i.key: i for i in FIXED_ITEMS}
EDIT = "edit:"  # the value of a review button that changes one answer
SHOWN = 300  # characters of a long comment shown in the review

COURSE_Q = N_("Course {n} of {count}: “{course}”, taught by {teacher}. How do you rate "
              "this instructor's teaching?")
SUGGEST_Q = N_("Any suggestions or remarks? Type them, or press the button if you have none.")
CONFIRM_Q = N_("Please check your answers:\n\n{summary}\n\nSubmit them, or press an item to "
               "change its answer.")
LONG_Q = N_("Your comment has {n} characters; the form's box is meant for up to {limit}. "
            "Keep all of it anyway, or only the first {limit} characters?")
KEEP_ALL = N_("✅ Keep all {n} characters")
KEEP_START = N_("✂️ Keep the first {limit} characters")
WRITE_AGAIN = N_("✏️ Write it again")


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
    if step_id == "long":
        return 2
    return len(TAIL) - TAIL.index(step_id) if step_id in TAIL else None


def _course_ids(state: DialogState) -> list[str]:
    count = len(courses(state))
    return [f"c{i}/{count}" for i in range(count)]


def _begin(state: DialogState, env: Env) -> str:
    ids = _course_ids(state)
    return ids[0] if ids else TAIL[0]


def _reviewing(state: DialogState) -> bool:
    """True after an item button of the review was pressed: the answer goes back to it."""
    return str(state.answers.get("confirm") or "").startswith(EDIT)


def _after(state: DialogState, nxt: str) -> str:
    return "confirm" if _reviewing(state) else nxt


def _current(state: DialogState, key: str, env: Env) -> str | None:
    """The answer to show under a question: the one given so far when it is changed from
    the review."""
    value = state.answers.get(key) if _reviewing(state) else None
    return env.t._(RATING_NAMES[value]) if value in RATING_NAMES else None


def _rating_step(step_id: str, key: str, prompt: str, args: dict[str, Any], nxt: str,
                 state: DialogState, env: Env) -> Step:
    prompt, args = with_earlier(prompt, args, _current(state, key, env), env)
    return Step(step_id, prompt, options=rating_options(), prompt_args=args, save_as=key,
                next=_after(state, nxt), columns=4)


def _suggestions_step(state: DialogState, env: Env) -> Step:
    options = [Option("", N_("No suggestions"))]
    previous = state.answers.get("suggestions") if _reviewing(state) else None
    if previous:
        options.append(Option(previous, N_("Keep my earlier text")))
    shown = shorten(previous, SHOWN, env.t) if previous else None
    prompt, args = with_earlier(SUGGEST_Q, {}, shown, env)
    done = _after(state, "confirm")

    def nxt(answers: dict[str, Any]) -> str:
        return "long" if len(str(answers.get("suggestions") or "")) > MAX_SUGGESTION else done

    return Step("suggestions", prompt, kind="free_text", options=tuple(options),
                prompt_args=args, next=nxt)


def _long_step(state: DialogState, env: Env) -> Step:
    n = len(str(state.answers.get("suggestions") or ""))
    args = {"n": n, "limit": MAX_SUGGESTION}
    return Step("long", LONG_Q, prompt_args=args, options=(
        Option("all", KEEP_ALL, label_args=args), Option("start", KEEP_START, label_args=args),
        Option("again", WRITE_AGAIN)),
        next=lambda answers: "suggestions" if answers.get("long") == "again" else "confirm")


def _review_step(state: DialogState, env: Env) -> Step:
    t = env.t
    options = [Option(True, N_("✅ Submit my answers"), wide=True)]
    for step_id, _key, name in _rated(state, env):
        options.append(Option(EDIT + step_id, "✏️ " + name, raw=True))
    options.append(Option(EDIT + "suggestions", "✏️ " + t._("Suggestions"), raw=True))

    def nxt(answers: dict[str, Any]) -> str | None:
        value = str(answers.get("confirm") or "")
        return value[len(EDIT):] if value.startswith(EDIT) else None

    return Step("confirm", CONFIRM_Q, options=tuple(options), columns=2, next=nxt,
                prompt_args={"summary": summary(normalise(state), campaign(state), env)})


def _rated(state: DialogState, env: Env) -> list[tuple[str, str, str]]:
    """(step id, answer key, item name) of every rated question, in order."""
    found = [(step_id, f"c{i}", course_name(c, env.t))
             for i, (step_id, c) in enumerate(zip(_course_ids(state), courses(state),
                                                  strict=True))]
    found += [(item.key, item.key, env.t._(item.label)) for item in FIXED_ITEMS]
    return found


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
    if step_id == "long":
        return _long_step(state, env)
    if step_id == "confirm":
        return _review_step(state, env)
    raise KeyError(step_id)


def normalise(state: DialogState) -> dict[str, Any]:
    """The answers as stored: {"courses": [rating per course], "items": {key: rating},
    "suggestions": text} (a long comment cut only when the trainee chose so)."""
    a = state.answers
    text = str(a.get("suggestions") or "")
    if len(text) > MAX_SUGGESTION and a.get("long") == "start":
        text = text[:MAX_SUGGESTION]
    return {"courses": [a.get(f"c{i}") for i in range(len(courses(state)))],
            "items": {key: a.get(key) for key in ITEMS},
            "suggestions": text}


def summary(answers: dict[str, Any], camp: dict[str, Any], env: Env) -> str:
    """Plain-text lines "course (teacher): rating", one per item by its name, for the
    review before submitting."""
    t = env.t
    lines = []
    for course, value in zip(camp.get("courses") or [], answers["courses"], strict=False):
        lines.append(t._("{item}: {rating}", item=course_name(course, t),
                         rating=_label(value, env)))
    for item in FIXED_ITEMS:
        value = answers["items"].get(item.key)
        lines.append(t._("{item}: {rating}", item=t._(item.label), rating=_label(value, env)))
    text = answers.get("suggestions") or ""
    shown = shorten(text, SHOWN, t) if text else t._("none")
    lines.append(t._("Suggestions: {text}", text=shown))
    return "\n".join(lines)


def _label(value: Any, env: Env) -> str:
    return env.t._(RATING_NAMES[value]) if value in RATING_NAMES else "—"


def _intro(state: DialogState, env: Env) -> str:
    camp = campaign(state)
    t = env.t
    head = t._("<b>Satisfaction survey</b>: {unit}, {category}.",
               unit=html.escape(str(camp.get("unit", ""))),
               category=html.escape(str(camp.get("category", ""))))
    note = t._("Your answers are stored without your name or Telegram account and with "
               "nothing that links them to you, so once submitted they cannot be changed.")
    return f"{head}\n{note}"


def _finish(state: DialogState, env: Env) -> Finish:
    data = {"campaign": campaign(state).get("id"), "answers": normalise(state),
            "edit": bool(state.params.get("previous"))}
    return Finish([], [SurveySubmit(data)])


TRAINEE_SURVEY = SequenceFlow(id=FLOW_ID, finish=_finish, make_step=_make_step,
                              intro=_intro, left=_left, begin=_begin,
                              check=campaign_check)
