"""The officers' dialogs on one question (answer, ask back, reassign, publish as an FAQ
entry) and the asker's reply to a question asked back. Pure; every effect names the
ticket and its handler checks the rights again from storage.
"""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

from bot.dialogs.engine.flow import Finish, Flow, Option, Step
from bot.dialogs.engine.limits import text_length
from bot.dialogs.engine.types import N_, DialogState, Effect, Env
from bot.dialogs.handoff.faq import NO_ARTICLES, parse_articles, policy_ids
from bot.dialogs.handoff.regions import REGIONS
from bot.dialogs.home import menu

MAX_ANSWER = 2000
# An FAQ entry is shown as one message (with up to one more entry and the matching
# articles): its question typed by the officer stays short; "use the asker's words" is
# bounded by the asker's own limit (1000).
MAX_FAQ_QUESTION = 500


class HandoffAnswer(Effect):
    """{"ticket", "text"}"""


class HandoffAskBack(Effect):
    """{"ticket", "text"}"""


class HandoffReassign(Effect):
    """{"ticket", "region"}"""


class HandoffReply(Effect):
    """{"ticket", "text"}: the asker's reply to a question asked back."""


class HandoffPublish(Effect):
    """{"ticket", "question_zh", "question_en", "answer_zh", "answer_en", "articles",
    "valid_from"}; "=q" / "=a" stand for the asker's question / the answer given."""


TOO_LONG = N_("Please keep it under {limit} characters.")


def _ticket(state: DialogState) -> int:
    return int(state.params.get("ticket") or 0)


def _long(value: Any, env: Env) -> tuple[str, dict[str, Any]] | None:
    return (TOO_LONG, {"limit": MAX_ANSWER}) if text_length(str(value)) > MAX_ANSWER else None


def _long_question(value: Any, env: Env) -> tuple[str, dict[str, Any]] | None:
    """An FAQ question: short, so that question and answer fit one message together."""
    return (TOO_LONG, {"limit": MAX_FAQ_QUESTION}) \
        if text_length(str(value)) > MAX_FAQ_QUESTION else None


def _text_step(step_id: str, prompt: str, state: DialogState, nxt: str | None = None,
               options: tuple[Option, ...] = ()) -> Step:
    check = _long_question if step_id.startswith("question_") else _long
    return Step(step_id, prompt, kind="free_text", prompt_args={"n": _ticket(state)},
                validate=check, next=nxt, options=options)


def _nothing(env: Env) -> Finish:
    return Finish([menu.menu_reply(env, note=html.escape(env.t._("Nothing was sent.")))])


# --- answer -----------------------------------------------------------------------------------


def _answer_step(step_id: str, state: DialogState, env: Env) -> Step:
    if step_id == "text":
        return _text_step("text", N_("Type your answer to question #{n}. The asker sees it "
                                     "signed with your role, never your name."), state,
                          "confirm")
    if step_id == "confirm":
        return Step("confirm", N_("Send this answer to the asker of question #{n}?\n\n{text}"),
                    prompt_args={"n": _ticket(state), "text": state.answers.get("text", "")},
                    options=(Option("send", N_("📨 Send the answer")),
                             Option("no", N_("Do not send"))), columns=2)
    raise KeyError(step_id)


def _answer_finish(state: DialogState, env: Env) -> Finish:
    if state.answers.get("confirm") != "send":
        return _nothing(env)
    return Finish([], [HandoffAnswer({"ticket": _ticket(state),
                                      "text": str(state.answers.get("text", ""))})])


ANSWER = Flow(id="handoff_answer", finish=_answer_finish, make_step=_answer_step,
              route=lambda s, e: next((k for k in ("text", "confirm") if k not in s.answers),
                                      None))


# --- ask back, reply, reassign ------------------------------------------------------------------


def _one_text(flow_id: str, prompt: str, effect: type[Effect]) -> Flow:
    def step(step_id: str, state: DialogState, env: Env) -> Step:
        if step_id != "text":
            raise KeyError(step_id)
        return _text_step("text", prompt, state)

    def finish(state: DialogState, env: Env) -> Finish:
        return Finish([], [effect({"ticket": _ticket(state),
                                   "text": str(state.answers.get("text", ""))})])

    return Flow(id=flow_id, finish=finish, make_step=step, start="text")


ASK_BACK = _one_text("handoff_askback", N_("What do you need to know from the asker of "
                                           "question #{n}? They get your question in their "
                                           "chat, signed with your role."), HandoffAskBack)
REPLY = _one_text("handoff_reply", N_("Type your reply to the officer about question #{n}. "
                                      "It is kept with your question (/forget deletes it)."),
                  HandoffReply)


def _reassign_step(step_id: str, state: DialogState, env: Env) -> Step:
    if step_id != "region":
        raise KeyError(step_id)
    return Step("region", N_("Pass question #{n} on to the officers of which region?"),
                prompt_args={"n": _ticket(state)},
                options=tuple(Option(code, label) for code, label in REGIONS), columns=3)


def _reassign_finish(state: DialogState, env: Env) -> Finish:
    return Finish([], [HandoffReassign({"ticket": _ticket(state),
                                        "region": state.answers.get("region")})])


REASSIGN = Flow(id="handoff_reassign", finish=_reassign_finish, make_step=_reassign_step,
                start="region")


# --- publish as an FAQ entry ----------------------------------------------------------------------

PUBLISH_ORDER = ("question_zh", "question_en", "answer_zh", "answer_en", "articles",
                 "valid_from", "confirm")


def _articles_ok(value: Any, env: Env) -> tuple[str, dict[str, Any]] | None:
    _, bad = parse_articles(str(value))
    if bad:
        return N_("I do not know these articles: {bad}. Write each as the document id and "
                  "the article number, e.g. jiangsu-excellent-technician 第三条."), \
            {"bad": "; ".join(bad)}
    return None


def _not_past_year(value: Any, env: Env) -> str | None:
    day = dt.date.fromisoformat(str(value))
    return N_("Please give a date within a year from today.") \
        if abs((day - env.today).days) > 366 else None


def _publish_step(step_id: str, state: DialogState, env: Env) -> Step:
    a, n = state.answers, {"n": _ticket(state)}
    if step_id == "question_zh":
        return _text_step(step_id, N_("FAQ entry from question #{n}. The question in Chinese, "
                                      "as everyone will read it (leave out anything "
                                      "personal):"), state,
                          options=(Option("=q", N_("Use the asker's words")),))
    if step_id == "question_en":
        return _text_step(step_id, N_("The same question in English:"), state)
    if step_id == "answer_zh":
        return _text_step(step_id, N_("The answer in Chinese:"), state,
                          options=(Option("=a", N_("Use the answer I gave")),))
    if step_id == "answer_en":
        return _text_step(step_id, N_("The answer in English:"), state)
    if step_id == "articles":
        return Step(step_id, N_("Which articles does the answer rest on? One per line: the "
                                "document id and the article.\nDocuments: {documents}"),
                    kind="free_text", prompt_args={"documents": ", ".join(policy_ids())},
                    hint=N_("For example: jiangsu-excellent-technician 第三条"),
                    options=(Option(NO_ARTICLES, N_("It rests on no article")),),
                    validate=_articles_ok)
    if step_id == "valid_from":
        return Step(step_id, N_("From which date is the answer valid?"), kind="date",
                    options=(Option(env.today.isoformat(), N_("Today")),),
                    validate=_not_past_year, hint=N_("For example 2026-10-09"))
    if step_id == "confirm":
        args = {**n, "q": a.get("question_zh", ""), "articles": a.get("articles", ""),
                "day": env.t.date(dt.date.fromisoformat(str(a.get("valid_from"))))}
        return Step(step_id, N_("Publish FAQ entry from question #{n}?\n{q}\nArticles: "
                                "{articles}\nValid from {day}. It is signed with your role, "
                                "as approved by you."), prompt_args=args,
                    options=(Option("yes", N_("📢 Publish")), Option("no", N_("Do not publish"))),
                    columns=2)
    raise KeyError(step_id)


def _publish_finish(state: DialogState, env: Env) -> Finish:
    a = state.answers
    if a.get("confirm") != "yes":
        return Finish([menu.menu_reply(env, note=html.escape(env.t._("Nothing was "
                                                                     "published.")))])
    data = {k: a.get(k) for k in PUBLISH_ORDER if k != "confirm"}
    data["articles"] = parse_articles(str(a.get("articles", "")))[0]
    return Finish([], [HandoffPublish({"ticket": _ticket(state), **data})])


PUBLISH = Flow(id="handoff_publish", finish=_publish_finish, make_step=_publish_step,
               route=lambda s, e: next((k for k in PUBLISH_ORDER if k not in s.answers), None))

FLOWS = (ANSWER, ASK_BACK, REPLY, REASSIGN, PUBLISH)
