"""Asking a person: the question, its region and topic (guessed, shown, changeable), the
consent to keep its text, and the `hf:` buttons. Pure.

The flow "handoff" opens from the main menu (`hf:new`), from a check whose result is not
certain (`hf:p:<programme>`) and from a free-text question nothing answered (the ask
feature opens it with the question as a parameter). There, typing something that is not
a region is a new question, answered as any free text: nobody is held in the offer.

Env.extras set by bot/dialogs/handoff/effects.py:
    survey_access   the officer rights (as the surveys: ADMIN_IDS every city, appointed
                    officers their cities)
    handoff_target  {"id", "region", "status", "mine"} of the ticket a pressed `hf:` button
                    or /questions <n> names, None when it does not exist
"""

from __future__ import annotations

import html
from typing import Any

from bot.dialogs.engine.flow import Finish, Flow, Option, Step
from bot.dialogs.engine.types import N_, DialogState, Effect, Env, Event, Outcome, Reply
from bot.dialogs.handoff import codec
from bot.dialogs.handoff.promise import breaks_between, promise
from bot.dialogs.handoff.regions import (
    REGIONS,
    TOPICS,
    guess_region,
    guess_topic,
    region_name,
    region_of,
    topic_name,
)
from bot.dialogs.home import menu
from bot.dialogs.surveys.flow import access

FLOW_ID = "handoff"
MAX_QUESTION = 1000


class HandoffCreate(Effect):
    """{"question", "region", "topic", "source", "program"}"""


class HandoffView(Effect):
    """{"act": in | t | st | xl | fq | wd | xx, "ticket": n | None}: read or close, with
    the rights checked again from storage."""


NOT_OFFICER = N_("Only officers can open the questions users sent. If you are one, ask the "
                 "administrator to appoint you.")
NOT_ADMIN = N_("Only administrators can see the statistics of all questions.")
NOT_YOURS = N_("There is no question with that number in your region's queue.")
NOTHING_FOUND = N_("I found nothing about that in the policies I know (skilled-worker "
                   "policies of Jiangsu, Quzhou and Jiangmen), so I will not guess. An "
                   "officer can answer it: choose the region your question concerns "
                   "(or type other words to search again).")
GUESSED = N_("I understood: {name}.")
QUESTION_LONG = N_("Please keep the question under {limit} characters.")
PICK_REGION = N_("Please choose a region from the buttons, or type its name.")
CONFIRM = N_("<b>Your question for the officers</b>\n{question}\n\nRegion: {region}\n"
             "Topic: {topic}\n{promise}\n\n{privacy}\n\nSend it?")
PRIVACY = N_("To send it I keep the text of your question with its region and topic: "
             "/mydata shows it and /forget deletes it. Officers see the question, never your "
             "Telegram name, username or id.")
PROMISE = N_("Officers aim to answer within {n} working days, that is by {date}.")
PROMISE_BREAKS = N_("Official holidays are not counted ({breaks}).")
PROMISE_UNKNOWN = N_("Officers aim to answer within {n} working days. The official holiday "
                     "calendar for {year} is not in my data yet, so I cannot name the day.")


def promise_text(env: Env) -> str:
    t, p = env.t, promise(env.today)
    if p.due_on is None:
        return t._(PROMISE_UNKNOWN, n=p.days, year=p.missing_year)
    text = t._(PROMISE, n=p.days, date=t.date(p.due_on))
    breaks = breaks_between(env.today, p.due_on, t.locale)
    sep = "" if t.is_zh else " "
    return f"{text}{sep}{t._(PROMISE_BREAKS, breaks=breaks)}" if breaks else text


# --- the "ask an officer" flow ------------------------------------------------------------


def question_of(state: DialogState) -> str:
    return str(state.params.get("question") or state.answers.get("question") or "")


def _program(state: DialogState) -> str | None:
    return state.params.get("program") or None


def _valid_question(value: Any, env: Env) -> tuple[str, dict[str, Any]] | None:
    return (QUESTION_LONG, {"limit": MAX_QUESTION}) if len(str(value)) > MAX_QUESTION else None


def _marked(options: tuple[tuple[str, str], ...], guess: str | None, env: Env
            ) -> tuple[Option, ...]:
    """Options with the guessed one first, ticked."""
    out = [Option(code, "✅ " + env.t._(label), raw=True) for code, label in options
           if code == guess]
    out += [Option(code, label) for code, label in options if code != guess]
    return tuple(out)


def _region_step(state: DialogState, env: Env) -> Step:
    guess = guess_region(question_of(state), _program(state))
    from_ask = state.params.get("source") == "ask"

    def check(value: Any, env: Env) -> str | None:
        return None if from_ask or region_of(value, env.t) else PICK_REGION

    note = env.t._(GUESSED, name=region_name(guess, env.t)) if guess else ""
    prompt = N_("Which region does your question concern? {note}")
    return Step("region", prompt, kind="free_text", prompt_args={"note": note},
                options=_marked(REGIONS, guess, env), validate=check, columns=3)


def _topic_step(state: DialogState, env: Env) -> Step:
    guess = guess_topic(question_of(state), _program(state))
    note = env.t._(GUESSED, name=topic_name(guess, env.t)) if guess else ""
    return Step("topic", N_("What is it about? {note}"), prompt_args={"note": note},
                options=_marked(TOPICS, guess, env), columns=2)


def _confirm_step(state: DialogState, env: Env) -> Step:
    a, t = state.answers, env.t
    args = {"question": question_of(state),
            "region": region_name(region_of(a.get("region"), t), t),
            "topic": topic_name(a.get("topic"), t), "promise": promise_text(env),
            "privacy": t._(PRIVACY)}
    return Step("confirm", CONFIRM, prompt_args=args,
                options=(Option("send", N_("📨 Send, and keep my question for it")),
                         Option("no", N_("Do not send"))), columns=1)


def _make_step(step_id: str, state: DialogState, env: Env) -> Step:
    if step_id == "question":
        program = _program(state)
        prompt = (N_("Type your question about this check for the officers (up to {limit} "
                     "characters).") if program else
                  N_("Type your question for the officers (up to {limit} characters). Say "
                     "which city it concerns if you can."))
        return Step("question", prompt, kind="free_text", prompt_args={"limit": MAX_QUESTION},
                    validate=_valid_question)
    if step_id == "region":
        return _region_step(state, env)
    if step_id == "topic":
        return _topic_step(state, env)
    if step_id == "confirm":
        return _confirm_step(state, env)
    raise KeyError(step_id)


def _route(state: DialogState, env: Env) -> str | None:
    a = state.answers
    if not question_of(state):
        return "question"
    if "region" not in a:
        return "region"
    if region_of(a["region"], env.t) is None:
        return None  # typed words that are not a region: a new question (see _finish)
    for step in ("topic", "confirm"):
        if step not in a:
            return step
    return None


def _intro(state: DialogState, env: Env) -> str | None:
    if state.params.get("source") == "ask":
        return html.escape(env.t._(NOTHING_FOUND))
    return None


def _finish(state: DialogState, env: Env) -> Finish:
    a = state.answers
    region = region_of(a.get("region"), env.t)
    if region is None:  # a new question typed instead of a region
        found = env.app.text(str(a.get("region") or ""), env)
        if isinstance(found, Outcome):
            if found.state is not None:  # a dialog again: its buttons must outrank ours
                from bot.dialogs.engine.kernel import start_flow

                found = start_flow(found.state.flow, env, found.state.params, previous=state)
            return Finish(found.replies, found.effects, found.state)
        return Finish([found])
    if a.get("confirm") != "send":
        return Finish([menu.menu_reply(env, note=html.escape(env.t._("Nothing was sent.")))])
    return Finish([], [HandoffCreate({"question": question_of(state), "region": region,
                                      "topic": a.get("topic") or "other",
                                      "source": state.params.get("source") or "menu",
                                      "program": _program(state)})])


ASK = Flow(id=FLOW_ID, finish=_finish, route=_route, make_step=_make_step, intro=_intro)


def offer(question: str, env: Env, previous: DialogState | None = None) -> Outcome:
    """The dead end of a free-text search turned into an offer to ask an officer."""
    from bot.dialogs.engine.kernel import start_flow

    return start_flow(FLOW_ID, env, {"question": question[:MAX_QUESTION], "source": "ask"},
                      previous=previous)


# --- buttons and the officers' command ----------------------------------------------------


def refuse(state: DialogState | None, env: Env, key: str) -> Outcome:
    from bot.dialogs.engine.kernel import render_current

    note = "⛔ " + html.escape(env.t._(key))
    if state is None:
        return Outcome(None, [menu.menu_reply(env, note=note)])
    return Outcome(state, [Reply(note)] + render_current(state, env))


def _target_ok(ticket: int, env: Env) -> bool:
    """The ticket exists and lies in the officer's regions (from storage, via extras)."""
    target = env.extras.get("handoff_target") or {}
    return target.get("id") == ticket and access(env).covers(str(target.get("region")))


def press(state: DialogState | None, data: str, env: Env) -> Outcome:
    """A `hf:` button."""
    from bot.dialogs.engine.kernel import start_flow

    p = codec.decode(data)
    if p is None:
        return Outcome(state, [Reply(env.t._("I could not read that button."))])
    if p.act == "new":
        return start_flow(FLOW_ID, env, {"source": "menu"}, previous=state)
    if p.act == "p":
        return start_flow(FLOW_ID, env, {"source": "check", "program": p.program},
                          previous=state)
    if p.act == "re":
        target = env.extras.get("handoff_target") or {}
        if not target.get("mine") or target.get("status") != "waiting":
            return refuse(state, env, N_("This question is not waiting for your reply."))
        return start_flow("handoff_reply", env, {"ticket": p.ticket}, previous=state)
    acc = access(env)
    if not acc.officer:
        return refuse(state, env, NOT_OFFICER)
    if p.act in ("st", "xl") and not acc.admin:
        return refuse(state, env, NOT_ADMIN)
    if p.ticket is None or p.act == "wd":
        return Outcome(state, [], [HandoffView({"act": p.act, "ticket": p.ticket})])
    if not _target_ok(p.ticket, env):
        return refuse(state, env, NOT_YOURS)
    flows = {"a": "handoff_answer", "b": "handoff_askback", "r": "handoff_reassign",
             "f": "handoff_publish"}
    if p.act in flows:
        return start_flow(flows[p.act], env, {"ticket": p.ticket}, previous=state)
    if p.act == "x":
        return Outcome(state, [close_question(p.ticket, env)])
    return Outcome(state, [], [HandoffView({"act": p.act, "ticket": p.ticket})])


def close_question(ticket: int, env: Env) -> Reply:
    from bot.dialogs.engine.types import Button

    t = env.t
    text = t._("Close question #{n} as outside what officers answer here? The asker is told "
               "to contact the local human resources and social security bureau or 12333.",
               n=ticket)
    return Reply(html.escape(text),
                 [[Button(t._("🚫 Yes, close it"), codec.ticket_data("xx", ticket)),
                   Button(t._("⬅️ Back to the question"), codec.ticket_data("t", ticket))]])


def questions_command(state: DialogState | None, event: Event, env: Env) -> Outcome:
    """/questions: the officer's queue; /questions <n>: question n."""
    arg = event.args.strip().lstrip("#")
    if arg.isdigit() and 0 < int(arg) < codec.MAX_ID:
        return press(state, codec.ticket_data("t", int(arg)), env)
    return press(state, codec.plain("in"), env)
