"""Flows as data: a Flow is a set of small named Steps; the engine moves between them.

A Step says what to ask (a message id), what kind of answer it takes, its options, how
to validate and where to go next. A Flow says where to start and what to do when no
step is left. Dynamic flows (the rules-driven eligibility check) supply `route` (the
next step id from the state) and `make_step` (a Step built for a step id) instead of a
fixed step table.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from bot.dialogs.engine.types import Button, DialogState, Effect, Env, Reply

AnswerKind = Literal["choice", "yes_no", "date", "month", "number", "integer", "money",
                     "ratio", "free_text", "multi_choice"]
BUTTON_KINDS = ("choice", "yes_no", "multi_choice")
TYPED_KINDS = ("date", "month", "number", "integer", "money", "ratio", "free_text")

Validator = Callable[[Any, Env], "str | tuple[str, dict[str, Any]] | None"]
NextFn = Callable[[dict[str, Any]], "str | None"]


@dataclass(frozen=True)
class Option:
    """A button answer: the stored value and the label's message id (translated later).

    label_args fill placeholders of the label (e.g. a year); raw=True shows the label as
    is (already a name, not a message id).
    """

    value: Any
    label: str
    label_args: Mapping[str, Any] = field(default_factory=dict)
    raw: bool = False
    # On a row of its own, whatever the step's columns (e.g. "Submit" above edit buttons).
    wide: bool = False


@dataclass(frozen=True)
class Step:
    """One question.

    prompt: message id of the question (may use {placeholders} from prompt_args).
    kind: the answer type. options: buttons (for typed kinds: shortcuts such as "never").
    hint: message id shown under typed questions (an example of the expected input).
    validate: returns a message key (or key and params) when the value is not acceptable.
    next: a step id, None (the flow ends), or a function of the answers.
    save_as: the answers key (default: the step id).
    effects: effects to emit for an accepted value (e.g. set the locale).
    """

    id: str
    prompt: str
    kind: AnswerKind = "choice"
    options: tuple[Option, ...] = ()
    prompt_args: Mapping[str, Any] = field(default_factory=dict)
    hint: str | None = None
    validate: Validator | None = None
    minimum: float | None = None
    maximum: float | None = None
    next: str | NextFn | None = None
    save_as: str | None = None
    effects: Callable[[Any], list[Effect]] | None = None
    columns: int = 1
    # A date step that takes a year and month alone (as the first of the month): where
    # the rule only needs the month, e.g. a birth date for the retirement age.
    month_ok: bool = False

    @property
    def key(self) -> str:
        return self.save_as or self.id


@dataclass(frozen=True)
class Finish:
    """What a flow does at its end: replies, effects, and optionally a state to continue."""

    replies: list[Reply] = field(default_factory=list)
    effects: list[Effect] = field(default_factory=list)
    state: DialogState | None = None


@dataclass(frozen=True)
class Flow:
    """A dialog. Static flows give `steps` and `start`; dynamic ones `route`/`make_step`.

    finish(state, env) builds the end of the flow. intro(state, env) may add a message
    before the first question. total(state) may say how many questions the flow has
    (None: unknown; static flows count their path when every `next` is a plain id).
    check(state, env) is asked before every event of an open dialog: a note (HTML) when
    the dialog can no longer go on (e.g. the survey it fills has closed); the engine then
    ends it at once with that note instead of asking the remaining questions.
    buttons(state, env) may add rows of buttons under the first question.
    """

    id: str
    finish: Callable[[DialogState, Env], Finish]
    steps: Mapping[str, Step] = field(default_factory=dict)
    start: str | None = None
    route: Callable[[DialogState, Env], str | None] | None = None
    make_step: Callable[[str, DialogState, Env], Step] | None = None
    intro: Callable[[DialogState, Env], str | None] | None = None
    setup: Callable[[DialogState, Env], None] | None = None
    check: Callable[[DialogState, Env], str | None] | None = None
    # Rows of buttons added under the first question (e.g. "change the saved facts this
    # dialog reused"); the buttons' routes belong to the feature that gives them.
    buttons: Callable[[DialogState, Env], list[list[Button]]] | None = None

    def step(self, step_id: str, state: DialogState, env: Env) -> Step:
        if step_id in self.steps:
            return self.steps[step_id]
        if self.make_step is None:
            raise KeyError(f"flow {self.id}: no step {step_id!r}")
        return self.make_step(step_id, state, env)

    def first(self, state: DialogState, env: Env) -> str | None:
        if self.route is not None:
            return self.route(state, env)
        return self.start

    def after(self, step: Step, state: DialogState, env: Env) -> str | None:
        """The step after an answered one."""
        if self.route is not None:
            return self.route(state, env)
        nxt = step.next
        return nxt(state.answers) if callable(nxt) else nxt

    def remaining(self, step_id: str) -> int | None:
        """Questions left from step_id (itself included) when the path is fixed."""
        if self.route is not None:
            return None
        count, current, seen = 0, step_id, set()
        while current is not None:
            if current in seen or current not in self.steps:
                return None
            seen.add(current)
            count += 1
            nxt = self.steps[current].next
            if callable(nxt):
                return None
            current = nxt
        return count


def yes_no_options(yes: str = "", no: str = "") -> tuple[Option, Option]:
    """Buttons for a yes/no step; labels default to plain Yes / No."""
    from bot.dialogs.engine.types import N_

    return (Option(True, yes or N_("Yes")), Option(False, no or N_("No")))
