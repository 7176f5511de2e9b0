"""Changing the profile: the `pf:` buttons of /mydata and the "✏️ Change" button under a
question that reuses saved facts.

`pf:e:<item>` opens a small dialog (flow "profile") at the question of that item; its
Back goes to the list of items ("What would you like to change?"), which also leads back
to /mydata, and Cancel leaves. `pf:d:<item>` deletes one saved fact. `pf:fix` (under the
first question of a check or /match that reused saved facts) opens the same dialog for
the reused facts and then goes on with the check where it was, with the new values.
Stale or forged button data gets a clear message. Pure: effects do the writing.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from bot.dialogs.account.facts import FACTS, ROW_ITEMS, STEP, item_name, step_for, value_text
from bot.dialogs.account.privacy import ShowMyData
from bot.dialogs.account.view import DELETE, EDIT, PAUSED_ITEM, PREFIX
from bot.dialogs.engine.flow import Finish, Flow, Option, Step
from bot.dialogs.engine.kernel import PARKED
from bot.dialogs.engine.moves import finish as finish_flow
from bot.dialogs.engine.moves import home
from bot.dialogs.engine.render import question
from bot.dialogs.engine.types import (
    N_,
    Button,
    DialogState,
    Effect,
    Env,
    Outcome,
    RecordConsent,
    Reply,
    SaveProfile,
    SetRole,
)

FLOW_ID = "profile"
FIX = PREFIX + "fix"
PICK = "pick"
TO_MYDATA = "__mydata__"
# Dialogs that reuse saved facts (their state's data["preset"], minus data["named"]).
REUSING = ("check", "match")
NOT_SAVED = N_("That item is not in your profile (any more), so there is nothing to change "
               "or delete. Here is what I keep now.")
NEED_CONSENT = N_("I keep personal facts only with your consent. Allow it first in /mydata.")
NOTHING_TO_FIX = N_("That button belongs to a question that has moved on; there is nothing "
                    "reused to change there any more.")
SAVED = N_("Saved: {item}: {value}.")
DELETED = N_("Deleted: {item}.")


class DropFact(Effect):
    """{"fact": name}: delete one saved fact from the profile."""


def change_button(env: Env) -> list[Button]:
    """The row under a question that reused saved facts."""
    return [Button(env.t._("✏️ Change what you told me before"), FIX)]


def reused(state: DialogState | None) -> list[str]:
    """The saved facts a check or /match reused (not those taken from the question)."""
    if state is None or state.flow not in REUSING:
        return []
    named = set(state.data.get("named") or [])
    return [k for k in (state.data.get("preset") or {}) if k not in named and k in FACTS]


def _items(state: DialogState, env: Env) -> list[str]:
    then = state.params.get("then")
    if isinstance(then, dict):
        return reused(DialogState.from_dict(then))
    facts = [f for f in FACTS if env.consented and f in env.profile]
    return [*ROW_ITEMS, *facts]


def _route(state: DialogState, env: Env) -> str | None:
    item = state.answers.get("item")
    if item is None:
        return PICK
    if item == TO_MYDATA or item in state.answers:
        return None
    return STEP + str(item)


def _make_step(step_id: str, state: DialogState, env: Env) -> Step:
    if step_id == PICK:
        options = [Option(i, item_name(i, env), raw=True) for i in _items(state, env)]
        if not isinstance(state.params.get("then"), dict):
            options.append(Option(TO_MYDATA, N_("↩️ Back to my data")))
        return Step(PICK, N_("What would you like to change?"), options=tuple(options),
                    save_as="item", columns=2)
    item = step_id.removeprefix(STEP)
    step = step_for(item, env) if step_id.startswith(STEP) else None
    if step is None or item not in _items(state, env):
        raise KeyError(step_id)
    return step


def _setup(state: DialogState, env: Env) -> None:
    item = state.params.get("item")
    if item:  # opened at one item: Back goes to the list of items
        state.answers["item"] = item
        state.history.append(PICK)


def _effects(item: str, value: Any) -> list[Effect]:
    if item == "role":
        return [SetRole({"role": value})]
    if item == "consent":
        return [RecordConsent({"consent": bool(value)})]
    return [SaveProfile({"facts": {item: value}})]


def _finish(state: DialogState, env: Env) -> Finish:
    item = state.answers.get("item")
    if item == TO_MYDATA or item is None or item not in state.answers:
        return Finish([], [ShowMyData()])
    value = state.answers[item]
    if item not in ROW_ITEMS and not env.consented:
        return Finish([home(env, note=env.t._(NEED_CONSENT))])
    effects = _effects(item, value)
    note = env.t._(SAVED, item=item_name(item, env), value=value_text(item, value, env))
    then = state.params.get("then")
    if isinstance(then, dict):
        return _go_on(state, DialogState.from_dict(then), item, value, env, note, effects)
    return Finish([], [*effects, ShowMyData({"note": note})])


def _go_on(state: DialogState, old: DialogState, item: str, value: Any, env: Env,
           note: str, effects: list[Effect]) -> Finish:
    """Back to the check (or /match) that reused the fact, with its new value."""
    flow = env.app.flow(old.flow)
    if flow is None:
        return Finish([home(env, note=note)], effects)
    old.data.setdefault("preset", {})[item] = value
    old.data["profile_noted"] = True
    old.rev, old.message_id, old.updated_at = state.rev + 1, None, env.now
    env = replace(env, profile={**env.profile, item: value})
    nxt = flow.first(old, env)
    if nxt is None:
        out = finish_flow(flow, old, env, [Reply(note)], effects)
        return Finish(out.replies, out.effects, out.state)
    old.step = nxt
    return Finish([question(flow, old, flow.step(nxt, old, env), env, notes=[note])],
                  effects, state=old)


PROFILE = Flow(id=FLOW_ID, finish=_finish, route=_route, make_step=_make_step, setup=_setup)


def _storable(state: DialogState) -> dict[str, Any]:
    data = state.to_dict()
    data.pop("version", None)
    return data


def press(state: DialogState | None, data: str, env: Env) -> Outcome:
    """A `pf:` button."""
    from bot.dialogs.engine.kernel import start_flow

    if data == FIX:
        if not reused(state) or not env.consented:
            return Outcome(state, [Reply(env.t._(NOTHING_TO_FIX))])
        assert state is not None
        return start_flow(FLOW_ID, env, {"then": _storable(state)}, previous=state)
    if data == DELETE + PAUSED_ITEM:  # the expired dialog kept to be continued
        if state is None or state.flow != PARKED:
            return Outcome(state, [], [ShowMyData({"note": env.t._(NOT_SAVED)})])
        note = env.t._(DELETED, item=env.t._("paused conversation"))
        return Outcome(None, [], [ShowMyData({"note": note, "unpaused": True})])
    saved = data.startswith((EDIT, DELETE)) and (
        data.removeprefix(EDIT) in ROW_ITEMS
        or (env.consented and data[len(EDIT):] in env.profile))
    if not saved:
        return Outcome(state, [], [ShowMyData({"note": env.t._(NOT_SAVED)})])
    item = data[len(EDIT):]
    if data.startswith(EDIT):
        if step_for(item, env) is None:
            return Outcome(state, [], [ShowMyData({"note": env.t._(NOT_SAVED)})])
        return start_flow(FLOW_ID, env, {"item": item}, previous=state)
    note = env.t._(DELETED, item=item_name(item, env))
    return Outcome(state, [], [DropFact({"fact": item}), ShowMyData({"note": note})])
