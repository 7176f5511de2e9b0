"""Moving one dialog between steps: accept an answer, finish, go back, start over.

Helpers of the engine (bot/dialogs/engine/kernel.py); pure like it.
"""

from __future__ import annotations

import html
from typing import Any

from bot.dialogs.engine.answer import validate
from bot.dialogs.engine.flow import Flow, Step
from bot.dialogs.engine.parse import Invalid
from bot.dialogs.engine.render import (
    CANCELLED,
    DONE,
    Press,
    answered,
    closed,
    describe,
    question,
)
from bot.dialogs.engine.types import DialogState, Effect, Env, Outcome, Reply, SetLocale
from bot.i18n import get_translator


def press_option(flow: Flow, state: DialogState, step: Step, press: Press, env: Env) -> Outcome:
    if press.arg == DONE:
        if step.kind != "multi_choice":
            return unreadable(state, env)
        value: Any = list(state.data.get("pending") or [])
        return validated(flow, state, step, value, env)
    index = int(press.arg)
    if index >= len(step.options):
        return unreadable(state, env)
    value = step.options[index].value
    if step.kind == "multi_choice":
        pending = list(state.data.get("pending") or [])
        pending.remove(value) if value in pending else pending.append(value)
        state.data["pending"] = [o.value for o in step.options if o.value in pending]
        return Outcome(state, [question(flow, state, step, env, edit=True)])
    return validated(flow, state, step, value, env)


def validated(flow: Flow, state: DialogState, step: Step, value: Any, env: Env) -> Outcome:
    try:
        validate(step, value, env)
    except Invalid as err:
        return reask(state, env, problem(err, env))
    return accept(flow, state, step, value, env, summary=describe(step, value, env))


# --- moving between steps ---------------------------------------------------------------------


def accept(flow: Flow, state: DialogState, step: Step, value: Any, env: Env,
            summary: str | None) -> Outcome:
    """Store an answer and go to the next step (or finish)."""
    state.answers[step.key] = value
    state.history.append(step.id)
    state.data.pop("pending", None)
    effects = list(step.effects(value)) if step.effects else []
    env = env_after(env, effects)
    replies = [answered(flow, state, step, env, summary)] if summary is not None else []
    state.rev += 1
    nxt = flow.after(step, state, env)
    if nxt is None:
        return finish(flow, state, env, replies, effects)
    state.step = nxt
    replies.append(question(flow, state, flow.step(nxt, state, env), env))
    return Outcome(state, replies, effects)


def finish(flow: Flow, state: DialogState, env: Env, replies: list, effects: list[Effect]
            ) -> Outcome:
    done = flow.finish(state, env)
    return Outcome(done.state, replies + done.replies, effects + done.effects)


def navigate(state: DialogState, action: str, env: Env, *, via_button: bool) -> Outcome:
    flow, step = where(state, env)
    if flow is None or step is None:
        return lost(env)
    if action == "cancel":  # the question says so and loses its buttons, the menu follows
        return Outcome(None, [closed(step, env, CANCELLED),
                              home(env, note=env.t._("Cancelled."))])
    if action == "back" and not state.history:
        return reask(state, env, env.t._("This is the first question."))
    state.data.pop("pending", None)
    state.rev += 1
    if action == "back":
        previous = state.history.pop()
        state.answers.pop(flow.step(previous, state, env).key, None)
        state.step = previous
    else:
        state.data["answers"], state.data["history"] = {}, []
        first = flow.first(state, env)
        if first is None:
            return finish(flow, state, env, [], [])
        state.step = first
    current = flow.step(state.step, state, env)
    return Outcome(state, [question(flow, state, current, env, edit=via_button)])


# --- small helpers ------------------------------------------------------------------------------


def where(state: DialogState, env: Env) -> tuple[Flow | None, Step | None]:
    flow = env.app.flow(state.flow)
    if flow is None:
        return None, None
    try:
        return flow, flow.step(state.step, state, env)
    except KeyError:
        return flow, None


def reask(state: DialogState, env: Env, note: str) -> Outcome:
    flow, step = where(state, env)
    if flow is None or step is None:
        return lost(env)
    return Outcome(state, [question(flow, state, step, env, notes=[note])])


def problem(err: Invalid, env: Env) -> str:
    params = {k: html.escape(str(v)) for k, v in err.params.items()}
    return "⚠️ " + env.t._(err.key, **params)


def unreadable(state: DialogState | None, env: Env) -> Outcome:
    return Outcome(state, [Reply(env.t._("I could not read that button."))])


def lost(env: Env) -> Outcome:
    note = env.t._("I lost track of that conversation, sorry. Please start again.")
    return Outcome(None, [home(env, note=note)])


def home(env: Env, *, note: str | None = None, edit: bool = False) -> Reply:
    """The main menu (given by the feature that owns it), optionally after a note."""
    return env.app.home(env, note=note, edit=edit)


def env_after(env: Env, effects: list[Effect]) -> Env:
    for e in effects:
        if isinstance(e, SetLocale):
            env = env.with_locale(get_translator(e.data["locale"]))
    return env
