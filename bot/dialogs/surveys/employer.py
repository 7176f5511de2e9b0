"""The employer survey (annex 3) as a dialog. Pure.

Started from an employer campaign's deep link (params like the trainee survey). Asks the
unit's name, up to three largest occupations with their counts of senior technicians,
technicians and senior workers and the training demand, the technical problems, the
training difficulties, an evaluation of staff who took part in the plan and other
remarks; then a check of all answers. The end emits SurveySubmit.
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
CONFIRM_Q = N_("Please check your answers:\n\n{summary}\n\nSubmit them?")
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


def earlier_values(previous: dict[str, Any] | None) -> dict[str, str]:
    """A submitted response as the step answers that produced it."""
    if not previous:
        return {}
    values = {"company": str(previous.get("company") or "")}
    for i, occ in enumerate(previous.get("occupations") or [], start=1):
        values[f"occ{i}"] = str(occ.get("name") or "")
        values[f"occ{i}_n"] = " ".join(str(occ.get(k, 0)) for k, _ in COUNT_FIELDS)
    for key, _ in EMPLOYER_TEXTS:
        values[key] = str(previous.get(key) or "")
    return values


def _text_step(step_id: str, prompt: str, args: dict[str, Any], options: list[Option],
               size: int, nxt: Any, state: DialogState, env: Env, hint: str | None = None
               ) -> Step:
    earlier = earlier_values(state.params.get("previous")).get(step_id)
    if earlier:
        options = [*options, Option(earlier, N_("Keep my earlier answer"))]
    prompt, args = with_earlier(prompt, args, earlier or None, env)
    validate = _valid_counts if step_id.endswith("_n") else _limit(size)
    return Step(step_id, prompt, kind="free_text", options=tuple(options), prompt_args=args,
                validate=validate, next=nxt, hint=hint)


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
        return Step("confirm", CONFIRM_Q, options=(Option(True, N_("✅ Submit my answers")),),
                    prompt_args={"summary": summary(normalise(state), env)}, next=None)
    raise KeyError(step_id)


def normalise(state: DialogState) -> dict[str, Any]:
    a = state.answers
    occupations = []
    for n in range(1, OCCUPATIONS + 1):
        name, counts = a.get(f"occ{n}"), parse_counts(str(a.get(f"occ{n}_n", "")))
        if name and counts is not None:
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
            "answers": normalise(state), "edit": bool(state.params.get("previous"))}
    return Finish([], [SurveySubmit(data)])


EMPLOYER_SURVEY = SequenceFlow(id=FLOW_ID, finish=_finish, make_step=_make_step,
                                        intro=_intro, left=left_in(ORDER), start="company",
                                        check=campaign_check)
