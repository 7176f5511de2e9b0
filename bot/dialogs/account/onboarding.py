"""The /start flow: language, role, privacy consent, then the main menu.

A deep-link payload (`/start <payload>`) is kept in the state's params and handed back
uninterpreted as a `deep_link` effect when onboarding ends.
"""

from __future__ import annotations

from typing import Any

from bot.dialogs.engine.flow import Finish, Flow, Option, Step
from bot.dialogs.engine.types import (
    N_,
    DialogState,
    Effect,
    Env,
    Event,
    Outcome,
    RecordConsent,
    SetLocale,
    SetRole,
)
from bot.dialogs.home.menu import LANGUAGES, menu_reply, welcome_back_reply

ROLES = (
    Option("worker", N_("👷 Skilled worker")),
    Option("employer", N_("🏭 Employer / HR")),
    Option("training_unit", N_("🏫 Training unit / school")),
    Option("trainee", N_("🎓 Trainee")),
    Option("officer", N_("🏛 Government officer")),
)

PRIVACY = N_("<b>Privacy</b>: to save you typing the same answers again, I can keep your "
             "birth date, sex, skill level, employer and its type, craftsman titles, "
             "competition results and the region you ask about. I keep them only if you agree, use them only for your "
             "own checks, and delete them whenever you send /forget. May I keep them?")


def _locale_effect(value: Any) -> list[Effect]:
    return [SetLocale({"locale": value})]


def _role_effect(value: Any) -> list[Effect]:
    return [SetRole({"role": value})]


def _consent_effect(value: Any) -> list[Effect]:
    return [RecordConsent({"consent": bool(value)})]


STEPS = {
    "language": Step("language", N_("Please choose a language."),
                     options=tuple(Option(code, label, raw=True) for code, label in LANGUAGES),
                     effects=_locale_effect, next="role", columns=2),
    "role": Step("role", N_("Who are you? This decides which services I show first."),
                 options=ROLES, effects=_role_effect, next="privacy", columns=2),
    "privacy": Step("privacy", PRIVACY,
                    options=(Option(True, N_("✅ I agree")), Option(False, N_("No thanks"))),
                    effects=_consent_effect, next=None, columns=2),
}


def _finish(state: DialogState, env: Env) -> Finish:
    _ = env.t._
    notes = [_("Welcome to CraftBot!")]
    if state.answers.get("privacy"):
        notes.append(_("Thank you. You can see what I keep in your profile and delete it "
                       "with /forget at any time."))
    else:
        notes.append(_("Fine: I will not keep your personal data and will ask for it when "
                       "a check needs it."))
    if state.answers.get("role") == "officer" and not env.is_admin:
        notes.append(_("Officer tools are switched on by the administrator; until then you "
                       "see the public services."))
    return Finish([menu_reply(env, note="\n".join(notes))])


ONBOARDING = Flow(id="onboarding", steps=STEPS, start="language", finish=_finish)


def start_command(state: DialogState | None, event: Event, env: Env) -> Outcome:
    """/start [payload]: a deep link a feature knows (survey, invitation) opens there;
    otherwise onboarding, or the menu for someone who went through it already."""
    from bot.dialogs.engine.kernel import start_flow

    payload = event.args or env.payload
    if payload:
        for open_link in env.app.links:
            linked = open_link(state, payload, env)
            if linked is not None:
                return linked
    else:
        from bot.dialogs.account.resume import offer_again

        parked = offer_again(state, event, env)  # an expired dialog kept: continue it?
        if parked is not None:
            return parked
        if env.onboarded:
            return Outcome(None, [welcome_back_reply(env)])
    params = {"payload": payload} if payload else {}
    return start_flow(ONBOARDING.id, env, params, previous=state)
