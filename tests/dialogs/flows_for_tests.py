"""Small flows for the engine tests (ids start with 'test.'), in a feature of their own
that `tests/dialogs/chat.py` adds to the real ones. Each ends with a `Finished` effect
holding its answers, so a test can read what was collected."""

from __future__ import annotations

import html

from bot.dialogs.engine.flow import Finish, Flow, Option, Step, yes_no_options
from bot.dialogs.engine.registry import Feature
from bot.dialogs.engine.types import DialogState, Effect, Env, Reply


class Finished(Effect):
    """{"flow": id, "answers": {...}} (test flows only)."""


def _done(state: DialogState, replies: list[Reply]) -> Finish:
    return Finish(replies, [Finished({"flow": state.flow, "answers": dict(state.answers)})])


def _thanks(state: DialogState, env: Env) -> Finish:
    name = html.escape(str(state.answers.get("name", "")))
    return _done(state, [Reply(f"Thanks {name}")])


FORM = Flow(id="test.form", start="name", finish=_thanks, steps={
    "name": Step("name", "What is your name?", kind="free_text", next="born"),
    "born": Step("born", "What is your date of birth?", kind="date",
                 hint="For example 1975-06-15 or 1975年6月15日.", next="kids"),
    "kids": Step("kids", "Do you have children?", kind="yes_no", options=yes_no_options(),
                 next=lambda a: "count" if a["kids"] else "salary"),
    "count": Step("count", "How many?", kind="integer", minimum=1, maximum=20, next="salary"),
    "salary": Step("salary", "Monthly pay?", kind="money", next="share"),
    "share": Step("share", "What share?", kind="ratio", next="colour"),
    "colour": Step("colour", "Colours?", kind="multi_choice",
                   options=(Option("red", "Red", raw=True), Option("green", "Green", raw=True),
                            Option("blue", "Blue", raw=True)), next="size"),
    "size": Step("size", "Size?", options=(Option("s", "Small", raw=True),
                                           Option("m", "Medium", raw=True)), next=None),
})

SHORT = Flow(id="test.short", start="a", finish=lambda s, e: _done(s, [Reply("done")]),
                      steps={
    "a": Step("a", "First?", options=(Option(1, "One", raw=True), Option(2, "Two", raw=True)),
              next="b"),
    "b": Step("b", "Second?", options=(Option(1, "One", raw=True), Option(2, "Two", raw=True)),
              next=None),
})

MONTH = Flow(id="test.month", start="when", finish=lambda s, e: _done(s, [Reply("ok")]),
                      steps={"when": Step("when", "Which month?", kind="month", next=None)})


TEST_FEATURE = Feature(name="test", flows=(FORM, SHORT, MONTH))
