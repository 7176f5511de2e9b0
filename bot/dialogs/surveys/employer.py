"""The employer survey (annex 3) as a dialog. Pure.

Started from an employer campaign's deep link (params like the trainee survey). Asks the
unit's name, up to three largest occupations with their counts of senior technicians,
technicians and senior workers and the training demand, the technical problems, the
training difficulties, an evaluation of staff who took part in the plan and other
remarks; then a review of all answers by item name, where any one answer can be
changed by its button (the dialog jumps to that question and comes back to the review;
a new occupation name asks its numbers too). A submitted response cannot be changed
(nothing links it to the person any more). The end emits SurveySubmit.
"""

from __future__ import annotations

import html
import re
from typing import Any

from bot.dialogs.engine.flow import Finish, Option, Step
from bot.dialogs.engine.parse import normalize
from bot.dialogs.engine.types import N_, DialogState, Env
from bot.dialogs.surveys.flow import (
    SequenceFlow,
    SurveySubmit,
    campaign_check,
    left_in,
    with_earlier,
)
from bot.dialogs.surveys.forms import (
    COUNT_FIELDS,
    EMPLOYER_TEXTS,
    MAX_COMMENT,
    OCCUPATIONS,
    shorten,
)

FLOW_ID = "survey_employer"
ORDER = ("company", "occ1", "occ1_n", "occ2", "occ2_n", "occ3", "occ3_n", "problems",
         "difficulties", "evaluation", "other", "confirm")
MAX_NAME = 100
MAX_TEXT = MAX_COMMENT  # a whole chat message: a long answer is kept, never refused
MAX_COUNT = 1_000_000
EDIT = "edit:"  # the value of a review button that changes one answer
MAX_LABEL = 40  # characters of an item name on a review button

COMPANY_Q = N_("For which employer are you answering? Type the name of the unit.")
OCC_FIRST_Q = N_("Which occupation (type of work) has the most staff in your unit?")
OCC_MORE_Q = N_("Occupation number {n} by staff numbers? Type it, or press the button if "
                "there is no other.")
COUNTS_Q = N_("“{occupation}”: how many senior technicians, technicians and senior workers "
              "do you have, and how many of them need training?")
COUNTS_HINT = N_("Four numbers in this order: senior technicians, technicians, senior "
                 "workers, training demand. For example: 2 5 18 10")
TEXT_Q = {
    "problems": N_("The main technical or process problems of your production (one to "
                   "three)?"),
    "difficulties": N_("Difficulties in training skilled staff: weak points of your highly "
                       "skilled staff, and what they most want to learn (one to three)?"),
    "evaluation": N_("Staff of yours who took part in the plan: how do they do now (skills, "
                     "passing skills on, work, value created)?"),
    "other": N_("Anything else you want to tell us?"),
}
SKIP_LABEL = {"evaluation": N_("No staff took part yet"), "other": N_("Nothing else")}
CONFIRM_Q = N_("Please check your answers:\n\n{summary}\n\nSubmit them, or press an item to "
               "change its answer.")
COMPANY_ITEM = N_("Employer")
OCC_ITEM = N_("Occupation {n}")
COUNTS_ITEM = N_("{occupation}: numbers")
BAD_COUNTS = N_("Please type four whole numbers, for example: 2 5 18 10")
NAME_LONG = N_("Please keep it under {limit} characters.")


def parse_counts(text: str) -> list[int] | None:
    """'2 5 18 10', '2，5，18，10', '高级技师2 技师5 高级工18 需求10' -> four numbers."""
    numbers = re.findall(r"\d+", normalize(str(text)))
    if len(numbers) != len(COUNT_FIELDS) or re.search(r"\d[.,]\d", normalize(str(text))):
        return None
    values = [int(n) for n in numbers]
    return values if all(v <= MAX_COUNT for v in values) else None


def _valid_counts(value: Any, env: Env) -> str | None:
    return None if parse_counts(str(value)) is not None else BAD_COUNTS


def _limit(size: int) -> Any:
    def check(value: Any, env: Env) -> tuple[str, dict[str, Any]] | None:
        return (NAME_LONG, {"limit": size}) if len(str(value)) > size else None

    return check


def _reviewing(state: DialogState) -> bool:
    """True after an item button of the review was pressed: the answer goes back to it."""
    return str(state.answers.get("confirm") or "").startswith(EDIT)


def _earlier(step_id: str, state: DialogState) -> str | None:
    """The answer to offer to keep when it is changed from the review."""
    if _reviewing(state) and state.answers.get(step_id):
        return str(state.answers[step_id])
    return None


def _back_to_review(step_id: str, nxt: Any, state: DialogState) -> Any:
    """Changing one answer from the review goes back to it; a newly named occupation
    first asks its numbers."""
    if not _reviewing(state):
        return nxt
    if step_id in ("occ1", "occ2", "occ3"):
        return lambda answers: f"{step_id}_n" if answers.get(step_id) else "confirm"
    return "confirm"


def _text_step(step_id: str, prompt: str, args: dict[str, Any], options: list[Option],
               size: int, nxt: Any, state: DialogState, env: Env, hint: str | None = None
               ) -> Step:
    earlier = _earlier(step_id, state)
    if earlier:
        options = [*options, Option(earlier, N_("Keep my earlier answer"))]
    prompt, args = with_earlier(prompt, args, earlier or None, env)
    validate = _valid_counts if step_id.endswith("_n") else _limit(size)
    return Step(step_id, prompt, kind="free_text", options=tuple(options), prompt_args=args,
                validate=validate, next=_back_to_review(step_id, nxt, state), hint=hint)


def _after_occupation(n: int) -> Any:
    def nxt(answers: dict[str, Any]) -> str:
        return f"occ{n}_n" if answers.get(f"occ{n}") else "problems"

    return nxt


def _make_step(step_id: str, state: DialogState, env: Env) -> Step:
    if step_id == "company":
        return _text_step(step_id, COMPANY_Q, {}, [], MAX_NAME, "occ1", state, env)
    if step_id == "occ1":
        return _text_step(step_id, OCC_FIRST_Q, {}, [], MAX_NAME, "occ1_n", state, env)
    if step_id in ("occ2", "occ3"):
        n = int(step_id[-1])
        return _text_step(step_id, OCC_MORE_Q, {"n": n},
                          [Option(None, N_("No other occupation"))], MAX_NAME,
                          _after_occupation(n), state, env)
    if step_id.endswith("_n") and step_id[:-2] in ("occ1", "occ2", "occ3"):
        n = int(step_id[3])
        nxt = f"occ{n + 1}" if n < OCCUPATIONS else "problems"
        return _text_step(step_id, COUNTS_Q, {"occupation": state.answers.get(f"occ{n}", "")},
                          [], MAX_NAME, nxt, state, env, hint=COUNTS_HINT)
    if step_id in TEXT_Q:
        skip = [Option("", SKIP_LABEL[step_id])] if step_id in SKIP_LABEL else []
        return _text_step(step_id, TEXT_Q[step_id], {}, skip, MAX_TEXT,
                          ORDER[ORDER.index(step_id) + 1], state, env)
    if step_id == "confirm":
        return _review_step(state, env)
    raise KeyError(step_id)


def _items(state: DialogState, env: Env) -> list[tuple[str, str]]:
    """(step id, item name) of every answer the review can change, in the form's order."""
    t, a = env.t, state.answers
    found = [("company", t._(COMPANY_ITEM))]
    for n in range(1, OCCUPATIONS + 1):
        name = a.get(f"occ{n}")
        if n > 1 and not a.get(f"occ{n - 1}"):
            break  # "no other occupation" before: nothing more to name
        found.append((f"occ{n}", t._(OCC_ITEM, n=n)))
        if name:
            found.append((f"occ{n}_n", t._(COUNTS_ITEM, occupation=str(name))))
    found += [(key, t._(label)) for key, label in EMPLOYER_TEXTS]
    return found


def _review_step(state: DialogState, env: Env) -> Step:
    options = [Option(True, N_("✅ Submit my answers"), wide=True)]
    for step_id, name in _items(state, env):
        label = name if len(name) <= MAX_LABEL else name[:MAX_LABEL].rstrip() + "…"
        options.append(Option(EDIT + step_id, "✏️ " + label, raw=True))

    def nxt(answers: dict[str, Any]) -> str | None:
        value = str(answers.get("confirm") or "")
        return value[len(EDIT):] if value.startswith(EDIT) else None

    return Step("confirm", CONFIRM_Q, options=tuple(options), columns=2, next=nxt,
                prompt_args={"summary": summary(normalise(state), env)})


def normalise(state: DialogState) -> dict[str, Any]:
    a = state.answers
    occupations = []
    for n in range(1, OCCUPATIONS + 1):
        name, counts = a.get(f"occ{n}"), parse_counts(str(a.get(f"occ{n}_n", "")))
        if not name:
            break  # "no other occupation": none after it either
        if counts is not None:
            occupations.append({"name": str(name),
                                **{key: v for (key, _), v in zip(COUNT_FIELDS, counts,
                                                                 strict=True)}})
    data: dict[str, Any] = {"company": str(a.get("company") or ""), "occupations": occupations}
    for key, _ in EMPLOYER_TEXTS:
        data[key] = str(a.get(key) or "")
    return data


def summary(answers: dict[str, Any], env: Env) -> str:
    t = env.t
    lines = [t._("Employer: {name}", name=answers["company"])]
    for occ in answers["occupations"]:
        counts = ", ".join(f"{t._(label)} {occ[key]}" for key, label in COUNT_FIELDS)
        lines.append(f"• {occ['name']}: {counts}")
    for key, label in EMPLOYER_TEXTS:
        text = shorten(answers[key], 300, t) if answers[key] else "—"
        lines.append(f"{t._(label)}: {text}")
    return "\n".join(lines)


def _intro(state: DialogState, env: Env) -> str:
    title = html.escape(str((state.params.get("campaign") or {}).get("title", "")))
    return env.t._("<b>Employer survey</b> {title}: about training and skilled staff in "
                   "your unit. Nothing links the answers to you, so once submitted they "
                   "cannot be changed.",
                   title=title)


def _finish(state: DialogState, env: Env) -> Finish:
    data = {"campaign": (state.params.get("campaign") or {}).get("id"),
            "answers": normalise(state)}
    return Finish([], [SurveySubmit(data)])


EMPLOYER_SURVEY = SequenceFlow(id=FLOW_ID, finish=_finish, make_step=_make_step,
                               intro=_intro, left=left_in(ORDER), start="company",
                               check=campaign_check)
