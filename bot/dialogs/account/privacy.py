"""/forget (confirm, then delete the user's saved data) and /mydata."""

from __future__ import annotations

from bot.dialogs.engine.flow import Finish, Flow, Step, yes_no_options
from bot.dialogs.engine.types import N_, DialogState, Effect, Env, Event, ForgetData, Outcome
from bot.dialogs.home.menu import menu_reply

STEPS = {
    "confirm": Step("confirm", N_("Delete everything I keep about you (saved answers, "
                                  "language, consent)? This cannot be undone."),
                    kind="yes_no",
                    options=yes_no_options(N_("🗑 Yes, delete"), N_("No, keep it")),
                    next=None, columns=2),
}


def _finish(state: DialogState, env: Env) -> Finish:
    if state.answers.get("confirm"):
        return Finish([menu_reply(env, note=env.t._("Done: your data has been deleted."))],
                      [ForgetData()])
    return Finish([menu_reply(env, note=env.t._("Nothing was deleted."))])


FORGET = Flow(id="forget", steps=STEPS, start="confirm", finish=_finish)


class ShowMyData(Effect):
    """{"note": text | None}: what the bot keeps about the user, from their row and
    reminders (/mydata), after the note if there is one."""


def mydata_command(state: DialogState | None, event: Event, env: Env) -> Outcome:
    return Outcome(state, [], [ShowMyData()])


def forget_command(state: DialogState | None, event: Event, env: Env) -> Outcome:
    from bot.dialogs.engine.kernel import start_flow

    return start_flow(FORGET.id, env, previous=state)
