"""The training unit's acceptance score sheet (annex 4) as a dialog. Pure.

An assessor (or officer) picks the city, names the training unit, the number of trainees and the
academic year, then scores the 20 items from 0 to 5 (halves allowed), seeing the running
subtotal of the section; the last step shows the section subtotals (process 55, trainees
20, service 25) and the total out of 100. The end emits ScoreSave.
"""

from __future__ import annotations

from typing import Any

from bot.dialogs.engine.flow import Finish, Option, Step
from bot.dialogs.engine.types import N_, DialogState, Env
from bot.dialogs.surveys.flow import (
    ScoreSave,
    SequenceFlow,
    access,
    city_options,
    left_in,
    skip_single,
)
from bot.dialogs.surveys.forms import (
    ITEM_POINTS,
    SCORE_ITEMS,
    SCORE_SECTIONS,
    points,
    score_subtotals,
    score_total,
)

FLOW_ID = "survey_score"
ITEM_IDS = tuple(f"s{n}" for n in range(1, len(SCORE_ITEMS) + 1))
ORDER = ("city", "unit", "trainees", "year", *ITEM_IDS, "confirm")
SECTION = {key: (label, maximum) for key, label, maximum in SCORE_SECTIONS}

ITEM_Q = N_("<b>{section}</b>, item {n}: {item}\nScore it from 0 to 5 (halves allowed). "
            "This section so far: {subtotal} of {maximum}.")
HALVES = N_("Please give whole or half points, for example 4 or 4.5.")
TOO_LONG = N_("Please keep it under {limit} characters.")


def academic_years(env: Env) -> tuple[str, str]:
    """The previous and the current academic year ('2025-2026'); a year starts in
    September."""
    start = env.today.year if env.today.month >= 9 else env.today.year - 1
    return f"{start - 1}-{start}", f"{start}-{start + 1}"


def scores(state: DialogState) -> list[float]:
    return [float(state.answers[i]) for i in ITEM_IDS if i in state.answers]


def _halves(value: Any, env: Env) -> str | None:
    return None if float(value) * 2 == int(float(value) * 2) else HALVES


def _unit_limit(value: Any, env: Env) -> tuple[str, dict[str, Any]] | None:
    return (TOO_LONG, {"limit": 100}) if len(str(value)) > 100 else None


def _item_step(step_id: str, state: DialogState, env: Env) -> Step:
    n = ITEM_IDS.index(step_id) + 1
    section, item = SCORE_ITEMS[n - 1]
    label, maximum = SECTION[section]
    done = [s for (sec, _), s in zip(SCORE_ITEMS[:n - 1], scores(state), strict=False)
            if sec == section]
    args = {"section": env.t._(label), "n": n, "item": env.t._(item),
            "subtotal": points(sum(done)), "maximum": maximum}
    nxt = ITEM_IDS[n] if n < len(ITEM_IDS) else "confirm"
    return Step(step_id, ITEM_Q, kind="number", prompt_args=args, minimum=0,
                maximum=ITEM_POINTS, validate=_halves, next=nxt, columns=6,
                options=tuple(Option(k, str(k), raw=True) for k in range(ITEM_POINTS + 1)))


def totals_text(values: list[float], env: Env) -> str:
    sub = score_subtotals(values)
    lines = [env.t._("{section}: {score} of {maximum}", section=env.t._(label),
                     score=points(sub[key]), maximum=maximum)
             for key, label, maximum in SCORE_SECTIONS]
    lines.append(env.t._("Total: {score} of 100", score=points(score_total(values))))
    return "\n".join(lines)


def _make_step(step_id: str, state: DialogState, env: Env) -> Step:
    if step_id == "city":
        return Step("city", N_("In which city is the training unit?"), next="unit",
                    options=city_options(access(env).city_choices()), columns=3)
    if step_id == "unit":
        return Step("unit", N_("Which training unit are you assessing? Type its name."),
                    kind="free_text", validate=_unit_limit, next="trainees")
    if step_id == "trainees":
        return Step("trainees", N_("How many trainees does it train in this plan?"),
                    kind="integer", minimum=1, maximum=10000, next="year")
    if step_id == "year":
        return Step("year", N_("Which academic year?"), next=ITEM_IDS[0], columns=2,
                    options=tuple(Option(y, y, raw=True) for y in academic_years(env)))
    if step_id in ITEM_IDS:
        return _item_step(step_id, state, env)
    if step_id == "confirm":
        return Step("confirm", N_("{totals}\n\nSave the score sheet?"),
                    prompt_args={"totals": totals_text(scores(state), env)},
                    options=(Option(True, N_("✅ Save and export")),), next=None)
    raise KeyError(step_id)


def _finish(state: DialogState, env: Env) -> Finish:
    a = state.answers
    data = {"unit": str(a.get("unit") or ""), "trainees": int(a.get("trainees") or 0),
            "year": str(a.get("year") or ""), "scores": scores(state),
            "city": a.get("city")}
    return Finish([], [ScoreSave(data)])


SCORE_SHEET = SequenceFlow(id=FLOW_ID, finish=_finish, make_step=_make_step,
                           start="city", left=left_in(ORDER), begin=skip_single(_make_step, ORDER))
