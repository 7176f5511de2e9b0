"""Survey entry points for the engine: `svy:*` buttons and survey deep links. Pure.

Buttons (data ≤ 64 bytes):
    svy:home                     the officer's survey menu
    svy:new:trainee|employer     create a campaign
    svy:list                     the officer's campaigns
    svy:c:<id>:<view>            results | chart | xlsx | csv | link | remind | close | closeok
    svy:score, svy:sheets, svy:sheet:<id>   acceptance score sheets
    svy:appoint                  appoint an officer or assessor
Deep links: `sv_<token>` (a campaign) and `of_<token>` (an appointment). What they point
to is looked up by bot/dialogs/surveys/effects/loader.py and handed over in Env.extras; a payload with
either prefix that the loader did not confirm is refused and nothing is recorded.
"""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

from bot.dialogs.engine.types import N_, Button, DialogState, Effect, Env, Outcome, Reply
from bot.dialogs.home import menu
from bot.dialogs.surveys.flow import (
    VIEWS,
    ScoreExport,
    ScoreList,
    SurveyList,
    SurveyStarted,
    SurveyView,
    access,
)
from bot.dialogs.surveys.forms import ROLE_NAMES, city_name

PREFIX = "svy:"
CAMPAIGN_PREFIX, INVITE_PREFIX = "sv_", "of_"
FLOWS = {"trainee": "survey_trainee", "employer": "survey_employer"}

MENU_OFFICER = N_("🏛 Surveys and scoring (officers)")
MENU_ASSESSOR = N_("📝 Acceptance score sheet")
MENU_BROADCAST = N_("📢 Message a group of users (officers)")  # broadcast_flow.py
NOT_OFFICER = N_("Only survey officers can open survey campaigns and results. If you are "
                 "one, ask the administrator to appoint you.")
NOT_ASSESSOR = N_("Only assessors and survey officers can fill in acceptance score sheets.")
NOT_APPOINTER = N_("Only survey officers can appoint officers and assessors.")
BAD_LINK = N_("This survey link is not valid: please check that it was copied whole, or "
              "ask the officer who shared it for a new one. Nothing was recorded.")
NOT_YET = N_("This survey opens on {date}. Please come back then. Nothing was recorded.")
CLOSED = N_("This survey closed on {date}: answers can no longer be given or changed. "
            "Nothing was recorded.")
ANSWERED = N_("You have already answered this survey, and only one response per person "
              "counts, so nothing new was recorded. Your answers are stored with nothing "
              "that links them to you, so they cannot be shown or changed.")
RESUMED = N_("Welcome back: here is where you stopped.")
BAD_INVITE = N_("This appointment link is not valid or has already been used. Please ask "
                "for a new one. Nothing was changed.")
EXPIRED_INVITE = N_("This appointment link has expired. Please ask for a new one. Nothing "
                    "was changed.")


def menu_entries(acc: dict[str, Any]) -> list[tuple[str, str]]:
    """Main-menu entries (label message id, data) for a user with these survey rights."""
    if acc.get("officer"):
        return [(MENU_OFFICER, "svy:home"), (MENU_BROADCAST, "bc:new")]
    if acc.get("assessor"):
        return [(MENU_ASSESSOR, "svy:score")]
    return []


def officer_home(env: Env, note: str | None = None) -> Reply:
    t = env.t
    rows = [[Button(t._("➕ New trainee survey"), "svy:new:trainee")],
            [Button(t._("➕ New employer survey"), "svy:new:employer")],
            [Button(t._("📋 Surveys and results"), "svy:list")],
            [Button(t._("📝 Score a training unit"), "svy:score"),
             Button(t._("🗂 Score sheets"), "svy:sheets")],
            [Button(t._("👥 Appoint an officer or assessor"), "svy:appoint")],
            [menu.menu_button(env, screen=True)]]
    title = t._("<b>Surveys and scoring</b>: campaigns (annexes 2 and 3), their results and "
                "the acceptance score sheet (annex 4).")
    return Reply(f"{note}\n\n{title}" if note else title, rows)


def _refuse(state: DialogState | None, env: Env, key: str, **args: Any) -> Outcome:
    from bot.dialogs.engine.kernel import render_current

    note = "⛔ " + html.escape(env.t._(key, **args))
    if state is None:
        return Outcome(None, [menu.menu_reply(env, note=note)])
    return Outcome(state, [Reply(note)] + render_current(state, env))


def _start(flow_id: str, state: DialogState | None, env: Env,
           params: dict[str, Any] | None = None, effects: list[Effect] | None = None
           ) -> Outcome:
    from bot.dialogs.engine.kernel import start_flow

    out = start_flow(flow_id, env, params, previous=state)
    out.effects.extend(effects or [])
    return out


def press(state: DialogState | None, data: str, env: Env) -> Outcome:
    """A `svy:*` button."""
    parts = data.split(":")
    acc = access(env)
    action = parts[1] if len(parts) > 1 else ""
    if action == "edit":  # "change my answers" buttons of earlier versions
        return _refuse(state, env, ANSWERED)
    if action in ("score", "sheets", "sheet"):
        if not acc.can_score:
            return _refuse(state, env, NOT_ASSESSOR)
        if action == "score" and len(parts) == 2:
            return _start("survey_score", state, env)
        if action == "sheets" and len(parts) == 2:
            return Outcome(state, [], [ScoreList()])
        if action == "sheet" and len(parts) == 3 and parts[2].isdigit():
            return Outcome(state, [], [ScoreExport({"sheet": int(parts[2])})])
        return _unreadable(state, env)
    if not acc.officer:
        return _refuse(state, env, NOT_APPOINTER if action == "appoint" else NOT_OFFICER)
    return _officer_press(state, parts, env)


def _officer_press(state: DialogState | None, parts: list[str], env: Env) -> Outcome:
    action = parts[1] if len(parts) > 1 else ""
    if action == "home" and len(parts) == 2:
        return menu.in_place(Outcome(state, [officer_home(env)]))  # replaces the menu
    if action == "new" and len(parts) == 3 and parts[2] in FLOWS:
        return _start(f"survey_new_{parts[2]}", state, env)
    if action == "list" and len(parts) == 2:
        return Outcome(state, [], [SurveyList()])
    if action == "appoint" and len(parts) == 2:
        return _start("survey_appoint", state, env)
    if action == "c" and len(parts) == 4 and parts[2].isdigit() and parts[3] in VIEWS:
        if parts[3] == "close":
            return Outcome(state, [_close_question(int(parts[2]), env)])
        return Outcome(state, [], [SurveyView({"campaign": int(parts[2]),
                                                        "view": parts[3]})])
    return _unreadable(state, env)


def _close_question(campaign_id: int, env: Env) -> Reply:
    t = env.t
    return Reply(html.escape(t._("Close this survey now? Nobody can answer or change answers "
                                 "after that; the results stay.")),
                 [[Button(t._("🔒 Yes, close it"), f"svy:c:{campaign_id}:closeok"),
                   Button(t._("Keep it open"), f"svy:c:{campaign_id}:results")]])


def _unreadable(state: DialogState | None, env: Env) -> Outcome:
    return Outcome(state, [Reply(env.t._("I could not read that button."))])


# --- deep links -------------------------------------------------------------------------------


def is_survey_payload(payload: str | None) -> bool:
    return bool(payload) and payload.startswith((CAMPAIGN_PREFIX, INVITE_PREFIX))


def open_link(state: DialogState | None, payload: str | None, env: Env) -> Outcome | None:
    """`/start <payload>` for a survey or appointment link; None when it is not ours."""
    if not is_survey_payload(payload):
        return None
    if payload.startswith(INVITE_PREFIX):
        return _open_invite(state, env)
    link = env.extras.get("survey_link") or {}
    status = link.get("status")
    camp = link.get("campaign") or {}
    if status == "open":
        if state is not None and state.params.get("campaign", {}).get("id") == camp.get("id"):
            from bot.dialogs.engine.kernel import render_current

            return Outcome(state, [Reply(html.escape(env.t._(RESUMED)))]
                           + render_current(state, env))
        return _start(FLOWS[camp["kind"]], state, env, {"campaign": camp},
                      [SurveyStarted({"campaign": camp["id"]})])
    return _link_refusal(state, link, env)


def _day(value: Any, env: Env) -> str:
    return env.t.date(dt.date.fromisoformat(str(value)))


def _link_refusal(state: DialogState | None, link: dict[str, Any], env: Env) -> Outcome:
    status, camp = link.get("status"), link.get("campaign") or {}
    if status == "not_open":
        return _refuse(state, env, NOT_YET, date=_day(camp["opens"], env))
    if status == "closed":
        return _refuse(state, env, CLOSED, date=_day(camp["closes"], env))
    if status == "answered":
        return _refuse(state, env, ANSWERED)
    return _refuse(state, env, BAD_LINK)


def _open_invite(state: DialogState | None, env: Env) -> Outcome:
    invite = env.extras.get("survey_invite") or {}
    if invite.get("status") == "expired":
        return _refuse(state, env, EXPIRED_INVITE)
    if invite.get("status") != "open" or invite.get("role") not in ROLE_NAMES:
        return _refuse(state, env, BAD_INVITE)
    params = {k: invite.get(k) for k in ("token", "role", "city")}
    return _start("survey_join", state, env, params)


def role_text(role: str, city: str | None, env: Env) -> str:
    return env.t._("{role} for {city}", role=env.t._(ROLE_NAMES.get(role, role)),
                   city=city_name(city, env.t))
