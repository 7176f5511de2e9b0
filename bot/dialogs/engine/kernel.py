"""The dialog kernel: (state, event, env) -> Outcome(new state, replies, effects). Pure.

Public API:
    advance(state, event, env) -> Outcome
    start_flow(flow_id, env, params=None, previous=None) -> Outcome
    render_current(state, env) -> list[Reply]
    expire_if_idle(state, env) -> tuple[DialogState | None, list[Reply]]
    park(state, env) -> DialogState | None

Everything feature-specific is looked up in `env.app` (a
bot.dialogs.engine.registry.Registry): commands in its table, buttons by their route
prefix, flows by id, the main menu (`home`) and the answer to free text (`text`). The
kernel itself only knows dialog steps (`a:`/`n:` buttons) and unknown input.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import replace as dc_replace
from typing import Any

from bot.dialogs.engine.answer import read_text
from bot.dialogs.engine.moves import (
    accept,
    finish,
    home,
    lost,
    navigate,
    press_option,
    problem,
    reask,
    unreadable,
    where,
)
from bot.dialogs.engine.parse import Invalid
from bot.dialogs.engine.render import closed, decode, describe, question, step_code
from bot.dialogs.engine.types import MAX_INPUT, N_, DialogState, Env, Event, Outcome, Reply

STALE = N_("This button is from an old question; here is the current one.")
UNKNOWN_COMMAND = N_("I do not know the command {cmd}. Try /help or /menu.")
NOT_UNDERSTOOD = N_("I did not understand that. Please choose from the menu.")
ENDED = N_("This button belongs to a conversation that has ended.")
RESUME = N_("↩️ Back to where we were:")
# The flow that holds an expired dialog and offers to continue it (given by a feature:
# bot/dialogs/account/resume.py); without it an expired dialog is simply closed.
PARKED = "resume"
PARKED_GONE = N_("The answers of our earlier conversation were kept for a while and have "
                 "now been deleted. Let us start afresh.")


def expire_if_idle(state: DialogState | None, env: Env
                   ) -> tuple[DialogState | None, list[Reply]]:
    """Close a state idle for longer than env.idle_timeout, with a friendly note. When a
    feature gives the `PARKED` flow and env.resume_keep is not zero, the idle dialog is
    parked instead (kept, with its step and answers, for resume_keep after it expired)
    and the replies offer to continue it; a parked dialog older than that is deleted."""
    if state is None or state.updated_at is None:
        return state, []
    if state.flow == PARKED:
        until = state.data.get("until")
        if until and env.now > dt.datetime.fromisoformat(until):
            return None, [home(env, note=env.t._(PARKED_GONE))]
        return state, []
    if env.now - state.updated_at <= env.idle_timeout:
        return state, []
    parked = park(state, env)
    if parked is not None:
        return parked, render_current(parked, env, notes=[_paused_note(env)])
    return None, [home(env, note=_expiry_note(env))]


def park(state: DialogState, env: Env) -> DialogState | None:
    """The idle `state` kept inside a state of the `PARKED` flow (same dialog row: an
    ordinary turn pays nothing for it); None when it cannot be kept."""
    if env.app is None or env.app.flow(PARKED) is None or state.updated_at is None:
        return None
    until = state.updated_at + env.idle_timeout + env.resume_keep
    if env.resume_keep <= dt.timedelta(0) or env.now > until:
        return None
    kept = state.to_dict()
    kept.pop("version", None)
    kept["message_id"] = None
    parked = DialogState(flow=PARKED, step="", data={"params": {}, "parked": kept,
                                                     "until": until.isoformat()},
                         rev=state.rev + 1, started_at=env.now, updated_at=env.now)
    flow = env.app.flow(PARKED)
    parked.step = flow.first(parked, env) or ""
    return parked


def _still_possible(state: DialogState | None, env: Env) -> tuple[DialogState | None,
                                                                  str | None]:
    """The state, or None and the flow's note when its `check` says it cannot go on."""
    flow = env.app.flow(state.flow) if state is not None else None
    note = flow.check(state, env) if flow is not None and flow.check is not None else None
    return (None, note) if note else (state, None)


def _paused_note(env: Env) -> str:
    hours = max(1, int(env.resume_keep.total_seconds() // 3600))
    return env.t._("Our previous conversation was idle for a while, so I paused it. I keep "
                   "its answers for {hours} hours.", hours=hours)


def _expiry_note(env: Env) -> str:
    return env.t._("Our previous conversation was idle for a long time, so I closed it. "
                   "Let us start afresh.")


def render_current(state: DialogState | None, env: Env, notes: list[str] | None = None
                   ) -> list[Reply]:
    """The current question again, as a new message (after /help or /lang)."""
    if state is None:
        return []
    flow = env.app.flow(state.flow)
    if flow is None:
        return []
    return [question(flow, state, flow.step(state.step, state, env), env, notes=notes)]


def start_flow(flow_id: str, env: Env, params: dict[str, Any] | None = None,
               previous: DialogState | None = None) -> Outcome:
    """Begin a flow; the new rev continues the previous state's so its buttons go stale."""
    flow = env.app.flow(flow_id)
    if flow is None:
        return Outcome(None, [home(env)])
    state = DialogState(flow=flow_id, step="", data={"params": dict(params or {})},
                        rev=previous.rev + 1 if previous else 0,
                        started_at=env.now, updated_at=env.now)
    if flow.setup is not None:
        flow.setup(state, env)
    first = flow.first(state, env)
    if first is None:
        return finish(flow, state, env, [], [])
    state.step = first
    intro = flow.intro(state, env) if flow.intro else None
    notes = [intro] if intro else []
    reply = question(flow, state, flow.step(first, state, env), env, notes=notes)
    if flow.buttons is not None:
        reply = dc_replace(reply, buttons=reply.buttons + flow.buttons(state, env))
    return Outcome(state, [reply])


def advance(state: DialogState | None, event: Event, env: Env) -> Outcome:
    """Move one user's dialog forward by one event."""
    started = state  # an idle dialog parked below still gets its question closed
    state, expired = expire_if_idle(state, env)
    parked = expired and state is not None  # kept: the replies offer to continue it
    if expired and (event.kind == "text" or decode(event.data) is not None):
        # an answer to a closed question: just say so (and offer to continue it)
        return Outcome(state, expired)
    state, ended = _still_possible(state, env)
    if ended and (event.kind == "text" or decode(event.data) is not None):
        gone = Outcome(None, [home(env, note=ended)])  # the dialog's answers have no use
        _close_ended(started, gone, env)
        return gone
    if state is not None:
        state = state.copy()
    if event.kind == "text" and len(event.text) > MAX_INPUT:
        out = _too_long(state, env)
    elif event.kind == "command":
        out = _command(state, event, env)
    elif event.kind == "button":
        out = _button(state, event, env)
    else:
        out = _text(state, event.text, env)
    if ended:
        out.replies.insert(0, Reply(ended))
    if expired:
        out.replies.insert(0, Reply(_paused_note(env) if parked else _expiry_note(env)))
    if out.state is not None:
        out.state.updated_at = env.now
    _close_ended(started, out, env)
    return out


def _close_ended(before: DialogState | None, out: Outcome, env: Env) -> None:
    """A dialog this turn ended or replaced (by a menu, a command, another dialog) keeps no
    live buttons: unless a reply already edits its question (the answer that finished it,
    a cancel), the question is edited to say it is closed. First among the replies, so a
    channel edits it before a new question becomes the dialog's message."""
    if before is None or any(r.edit for r in out.replies):
        return
    after = out.state
    if after is not None and after.flow == before.flow and after.started_at == before.started_at:
        return  # the same dialog goes on
    flow, step = where(before, env)
    if flow is not None and step is not None:
        out.replies.insert(0, closed(step, env))


# --- events --------------------------------------------------------------------------------


def _too_long(state: DialogState | None, env: Env) -> Outcome:
    note = env.t._("That message is too long for me (over {limit} characters). "
                   "Please send a shorter answer.", limit=MAX_INPUT)
    if state is None:
        return Outcome(None, [home(env, note=note)])
    return reask(state, env, note)


def _command(state: DialogState | None, event: Event, env: Env) -> Outcome:
    command = env.app.command(event.name)
    if command is None:
        note = env.t._(UNKNOWN_COMMAND, cmd=html.escape("/" + event.name[:40]))
        return Outcome(state, [Reply(note)])
    return command.action(state, event, env)


def _text(state: DialogState | None, text: str, env: Env) -> Outcome:
    if state is None:
        if not text.strip():  # a sticker, photo, voice message ...
            return Outcome(None, [home(env, note=env.t._(NOT_UNDERSTOOD))])
        answer = env.app.text(text, env)
        return answer if isinstance(answer, Outcome) else Outcome(None, [answer])
    flow, step = where(state, env)
    if flow is None or step is None:
        return lost(env)
    try:
        value = read_text(step, text, env)
    except Invalid as err:
        aside = _digression(text, env)
        if aside is not None:  # a question asked on the way: answer it, then go on
            return Outcome(state, [aside, question(flow, state, step, env,
                                                   notes=[env.t._(RESUME)])])
        return reask(state, env, problem(err, env))
    return accept(flow, state, step, value, env, summary=describe(step, value, env))


def _digression(text: str, env: Env) -> Reply | None:
    for answer in env.app.digressions:
        reply = answer(text, env)
        if reply is not None:
            return reply
    return None


def _button(state: DialogState | None, event: Event, env: Env) -> Outcome:
    data = event.data
    route = env.app.route(data)
    if route is not None:
        return route.press(state, data, env)
    press = decode(data)
    if press is None:
        return unreadable(state, env)
    if state is None:
        return Outcome(None, [home(env, note=env.t._(ENDED))])
    flow, step = where(state, env)
    if flow is None or step is None:
        return lost(env)
    if press.rev != state.rev:
        return reask(state, env, env.t._(STALE))
    if press.code != step_code(step.id):
        return unreadable(state, env)
    if press.kind == "n":
        return navigate(state, {"b": "back", "c": "cancel", "r": "restart"}[press.arg], env,
                        via_button=True)
    return press_option(flow, state, step, press, env)


def navigation_command(state: DialogState | None, event: Event, env: Env) -> Outcome:
    """/back, /cancel, /restart: the moves of the open dialog."""
    if state is None:
        return Outcome(None, [home(env, note=env.t._("There is no question open right now."))])
    return navigate(state, event.name, env, via_button=False)
