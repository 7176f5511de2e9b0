"""The /forget flow: confirm, then ask the caller to delete the user's saved data."""

from __future__ import annotations

from bot.dialogs.flow import Finish, Flow, Step, register, yes_no_options
from bot.dialogs.menu import menu_reply
from bot.dialogs.types import FORGET_DATA, N_, DialogState, Effect, Env

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
                      [Effect(FORGET_DATA)])
    return Finish([menu_reply(env, note=env.t._("Nothing was deleted."))])


FORGET = register(Flow(id="forget", steps=STEPS, start="confirm", finish=_finish))
