"""Continuing an expired dialog: when a dialog has been idle longer than
DIALOG_IDLE_MINUTES, the kernel parks it in a state of this flow (its step and answers
under data["parked"], kept for DIALOG_RESUME_HOURS) and asks here whether to continue it
where it stopped or to start it over. /start asks the same; /forget deletes it."""

from __future__ import annotations

from bot.dialogs.engine.flow import Finish, Flow, Option, Step
from bot.dialogs.engine.kernel import PARKED
from bot.dialogs.engine.moves import home
from bot.dialogs.engine.render import prompt_text, question
from bot.dialogs.engine.types import N_, DialogState, Env, Event, Outcome

CONTINUE, RESTART = "continue", "restart"
OPTIONS = (Option(CONTINUE, N_("↩️ Continue where I left off")),
           Option(RESTART, N_("🔄 Start over")))
ASK = N_("Shall we continue where you left off? You were at: «{question}» "
         "({answers} answers given).")
ASK_FIRST = N_("Shall we continue where you left off? You were at: «{question}».")
BACK_TO = N_("↩️ Back to where we were:")


def parked_of(state: DialogState) -> DialogState | None:
    raw = state.data.get("parked")
    try:
        return DialogState.from_dict(raw) if isinstance(raw, dict) else None
    except (KeyError, TypeError, ValueError):
        return None


def _where(old: DialogState, env: Env) -> tuple[Flow | None, Step | None]:
    flow = env.app.flow(old.flow)
    if flow is None:
        return None, None
    try:
        return flow, flow.step(old.step, old, env)
    except KeyError:
        return flow, None


def _make_step(step_id: str, state: DialogState, env: Env) -> Step:
    if step_id != "offer":
        raise KeyError(step_id)
    old = parked_of(state)
    _, step = _where(old, env) if old is not None else (None, None)
    asked = prompt_text(step, env) if step is not None else "…"
    answers = len(old.history) if old is not None else 0
    return Step("offer", ASK if answers else ASK_FIRST, options=OPTIONS, columns=2,
                prompt_args={"question": asked, "answers": answers})


def _finish(state: DialogState, env: Env) -> Finish:
    from bot.dialogs.engine.kernel import start_flow

    old = parked_of(state)
    flow, step = _where(old, env) if old is not None else (None, None)
    if old is None or flow is None or step is None:
        note = env.t._("I could not restore that conversation, sorry. Please start again.")
        return Finish([home(env, note=note)])
    if state.answers.get("offer") == CONTINUE:
        old.rev = state.rev + 1  # the buttons of the old question stay stale
        old.message_id = None
        old.updated_at = env.now
        return Finish([question(flow, old, step, env, notes=[env.t._(BACK_TO)])], state=old)
    again = start_flow(old.flow, env, dict(old.params), previous=state)
    return Finish(again.replies, again.effects, again.state)


RESUME = Flow(id=PARKED, finish=_finish, start="offer", make_step=_make_step)


def offer_again(state: DialogState | None, event: Event, env: Env) -> Outcome | None:
    """/start while a dialog is parked: the offer again (None when nothing is parked)."""
    if state is None or state.flow != PARKED:
        return None
    return Outcome(state, [question(RESUME, state, _make_step("offer", state, env), env)])
