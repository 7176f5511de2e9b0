"""The dialog engine: (state, event, env) -> Outcome(new state, replies, effects). Pure.

Public API:
    advance(state, event, env) -> Outcome
    start_flow(flow_id, env, params=None, previous=None) -> Outcome
    render_current(state, env) -> list[Reply]
    expire_if_idle(state, env) -> tuple[DialogState | None, list[Reply]]
"""

from __future__ import annotations

from typing import Any

from bot.dialogs import menu
from bot.dialogs.answer import read_text
from bot.dialogs.flow import get_flow
from bot.dialogs.moves import (
    accept,
    env_after,
    finish,
    lost,
    navigate,
    press_option,
    problem,
    reask,
    unreadable,
    where,
)
from bot.dialogs.parse import Invalid
from bot.dialogs.render import decode, describe, question, step_code
from bot.dialogs.types import (
    MAX_INPUT,
    N_,
    REQUEST_REMINDER,
    SET_LOCALE,
    DialogState,
    Effect,
    Env,
    Event,
    Outcome,
    Reply,
)

STALE = N_("This button is from an old question; here is the current one.")


def expire_if_idle(state: DialogState | None, env: Env
                   ) -> tuple[DialogState | None, list[Reply]]:
    """Drop a state idle for longer than env.idle_timeout, with a friendly note."""
    if state is None or state.updated_at is None:
        return state, []
    if env.now - state.updated_at <= env.idle_timeout:
        return state, []
    return None, [menu.menu_reply(env, note=_expiry_note(env))]


def _expiry_note(env: Env) -> str:
    return env.t._("Our previous conversation was idle for a long time, so I closed it. "
                   "Let us start afresh.")


def render_current(state: DialogState | None, env: Env) -> list[Reply]:
    """The current question again, as a new message (after /help or /lang)."""
    if state is None:
        return []
    flow = get_flow(state.flow)
    if flow is None:
        return []
    return [question(flow, state, flow.step(state.step, state, env), env)]


def start_flow(flow_id: str, env: Env, params: dict[str, Any] | None = None,
               previous: DialogState | None = None) -> Outcome:
    """Begin a flow; the new rev continues the previous state's so its buttons go stale."""
    flow = get_flow(flow_id)
    if flow is None:
        return Outcome(None, [menu.menu_reply(env)])
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
    return Outcome(state, [question(flow, state, flow.step(first, state, env), env, notes=notes)])


def advance(state: DialogState | None, event: Event, env: Env) -> Outcome:
    """Move one user's dialog forward by one event."""
    state, expired = expire_if_idle(state, env)
    if expired and (event.kind == "text" or decode(event.data) is not None):
        return Outcome(None, expired)  # an answer to a closed question: just say so
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
    if expired:
        out.replies.insert(0, Reply(_expiry_note(env)))
    if out.state is not None:
        out.state.updated_at = env.now
    return out


# --- events --------------------------------------------------------------------------------


def _too_long(state: DialogState | None, env: Env) -> Outcome:
    note = env.t._("That message is too long for me (over {limit} characters). "
                   "Please send a shorter answer.", limit=MAX_INPUT)
    if state is None:
        return Outcome(None, [menu.menu_reply(env, note=note)])
    return reask(state, env, note)


def _command(state: DialogState | None, event: Event, env: Env) -> Outcome:
    name = event.name
    if name == "start":
        payload = event.args or env.payload
        linked = survey_menu.open_link(state, payload, env)  # a survey or appointment link
        if linked is not None:
            return linked
        params = {"payload": payload} if payload else {}
        if env.onboarded and not payload:
            return Outcome(None, [menu.welcome_back_reply(env)])
        return start_flow("onboarding", env, params, previous=state)
    if name == "menu":
        return Outcome(None, [menu.menu_reply(env)])
    if name in ("back", "cancel", "restart"):
        if state is None:
            return Outcome(None, [menu.menu_reply(env, note=env.t._("There is no question "
                                                                    "open right now."))])
        return navigate(state, name, env, via_button=False)
    if name == "help":
        return Outcome(state, [menu.help_reply(env)] + render_current(state, env))
    if name in ("lang", "language"):
        return Outcome(state, [menu.language_reply(env)])
    if name == "forget":
        return start_flow("forget", env, previous=state)
    if name == "check" and event.args:
        return start_flow("check", env, {"program": event.args.split()[0]}, previous=state)
    if name == "match":
        return start_flow("match", env, previous=state)
    return Outcome(state, [], handled=False)


def _text(state: DialogState | None, text: str, env: Env) -> Outcome:
    if state is None:
        if not text.strip():  # a sticker, photo, voice message ...
            note = env.t._("I did not understand that. Please choose from the menu.")
            return Outcome(None, [menu.menu_reply(env, note=note)])
        from bot.dialogs import ask

        return Outcome(None, [ask.answer(text, env)])
    flow, step = where(state, env)
    if flow is None or step is None:
        return lost(env)
    try:
        value = read_text(step, text, env)
    except Invalid as err:
        return reask(state, env, problem(err, env))
    return accept(flow, state, step, value, env, summary=describe(step, value, env))


def _button(state: DialogState | None, event: Event, env: Env) -> Outcome:
    data = event.data
    action = menu.resolve(data)
    if action is not None:
        return _menu_action(state, action, env)
    locale = menu.parse_language(data)
    if locale is not None:
        return _set_language(state, locale, env)
    if data.startswith(survey_menu.PREFIX):
        return survey_menu.press(state, data, env)
    if data.startswith(calendar_flow.PREFIX):
        return calendar_flow.press(state, data, env)
    if data.startswith(broadcast_flow.PREFIX):
        return broadcast_flow.press(state, data, env)
    if data.startswith("rem:"):
        return _reminder(state, data, env)
    press = decode(data)
    if press is None:
        return unreadable(state, env)
    if state is None:
        note = env.t._("This button belongs to a conversation that has ended.")
        return Outcome(None, [menu.menu_reply(env, note=note)])
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


def _menu_action(state: DialogState | None, action: menu.Action, env: Env) -> Outcome:
    if action.kind == "help":
        return Outcome(state, [menu.help_reply(env)] + render_current(state, env))
    if action.kind == "lang":
        return Outcome(state, [menu.language_reply(env)])
    if action.kind == "check":
        return start_flow("check", env, {"program": action.arg}, previous=state)
    if action.kind == "match":
        return start_flow("match", env, previous=state)
    if action.kind == "ask":
        return Outcome(None, [menu.ask_reply(env)])
    if action.kind == "setup":
        return start_flow("onboarding", env, previous=state)
    if action.kind == "node":
        from bot.dialogs import lookup

        found = lookup.node(action.arg)
        if found is not None:
            return Outcome(None, [menu.node_reply(found, env)])
    return Outcome(None, [menu.menu_reply(env)])


def _set_language(state: DialogState | None, locale: str, env: Env) -> Outcome:
    effects = [Effect(SET_LOCALE, {"locale": locale})]
    env = env_after(env, effects)
    note = env.t._("Language set: English.")
    if state is None:
        return Outcome(None, [menu.menu_reply(env, note=note)], effects)
    return Outcome(state, [Reply(note)] + render_current(state, env), effects)


def _reminder(state: DialogState | None, data: str, env: Env) -> Outcome:
    from bot.dialogs.result import parse_reminder

    parsed = parse_reminder(data)
    if parsed is None:
        return unreadable(state, env)
    day, program = parsed
    effect = Effect(REQUEST_REMINDER, {"date": day.isoformat(), "program": program})
    text = env.t._("Noted: I will remind you on {date}.", date=env.t.date(day))
    return Outcome(state, [Reply(text)], [effect])


from bot.dialogs import (  # noqa: E402,F401  (register the flows)
    broadcast_flow,  # noqa: E402  (officer broadcasts: `bc:new`)
    calendar_flow,  # noqa: E402  (policy-deadline buttons and their flow)
    checks,
    match_flow,
    onboarding,
    privacy,
    survey_menu,  # noqa: E402  (survey links, buttons and flows)
)
