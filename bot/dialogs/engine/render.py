"""Drawing a question: text with progress, option buttons, navigation, button data codec.

Button data of a question carries the state's rev and a short code of the step, so the
engine can tell a press on an old message (rev mismatch) from a forged one:
`a:<rev>:<step code>:<option index | d>` answers, `n:<rev>:<step code>:<b|c|r>` navigates.
"""

from __future__ import annotations

import datetime as dt
import html
import zlib
from dataclasses import dataclass
from typing import Any

from bot.dialogs.engine.flow import Flow, Option, Step
from bot.dialogs.engine.types import N_, Button, DialogState, Env, Reply

DONE = "d"
SHOWN_ANSWER = 500  # characters of a typed answer repeated under its question
NAV = {"b": "back", "c": "cancel", "r": "restart"}
CANCELLED = N_("✖️ Cancelled")
CLOSED = N_("⏹ Closed")


def step_code(step_id: str) -> str:
    return format(zlib.crc32(step_id.encode("utf-8")) & 0xFFFFFF, "06x")


@dataclass(frozen=True)
class Press:
    """A decoded question button."""

    kind: str  # "a" (answer) or "n" (navigation)
    rev: int
    code: str
    arg: str


def decode(data: str) -> Press | None:
    parts = data.split(":")
    if len(parts) != 4 or parts[0] not in ("a", "n") or not parts[1].isdigit():
        return None
    kind, rev, code, arg = parts
    if len(code) != 6 or any(c not in "0123456789abcdef" for c in code) or not arg:
        return None
    if kind == "n" and arg not in NAV:
        return None
    if kind == "a" and arg != DONE and not arg.isdigit():
        return None
    return Press(kind, int(rev), code, arg)


def answer_data(state: DialogState, step: Step, arg: str | int) -> str:
    return f"a:{state.rev}:{step_code(step.id)}:{arg}"


def nav_data(state: DialogState, step: Step, arg: str) -> str:
    return f"n:{state.rev}:{step_code(step.id)}:{arg}"


def option_label(option: Option, env: Env) -> str:
    if option.raw:
        return option.label
    return env.t._(option.label, **option.label_args)


def prompt_text(step: Step, env: Env) -> str:
    args = {k: html.escape(str(v)) for k, v in step.prompt_args.items()}
    return env.t._(step.prompt, **args)


def progress(flow: Flow, state: DialogState, step: Step, env: Env) -> str:
    number = len(state.history) + 1
    left = flow.remaining(step.id)
    if left is not None:
        return env.t._("({n}/{total})", n=number, total=len(state.history) + left)
    return env.t._("(question {n})", n=number)


def _option_rows(state: DialogState, step: Step, env: Env) -> list[list[Button]]:
    chosen = state.data.get("pending") or []
    buttons = []
    for i, opt in enumerate(step.options):
        label = option_label(opt, env)
        if step.kind == "multi_choice":
            label = ("✅ " if opt.value in chosen else "▫️ ") + label
        buttons.append(Button(label, answer_data(state, step, i)))
    cols = max(1, step.columns)
    rows: list[list[Button]] = []
    packed: list[Button] = []
    for opt, button in zip(step.options, buttons, strict=True):
        if opt.wide:
            rows += [packed[i:i + cols] for i in range(0, len(packed), cols)] + [[button]]
            packed = []
        else:
            packed.append(button)
    rows += [packed[i:i + cols] for i in range(0, len(packed), cols)]
    if step.kind == "multi_choice":
        rows.append([Button(env.t._("✔️ Done"), answer_data(state, step, DONE))])
    return rows


def nav_row(state: DialogState, step: Step, env: Env) -> list[Button]:
    row = []
    if state.history:
        row.append(Button(env.t._("⬅️ Back"), nav_data(state, step, "b")))
    row.append(Button(env.t._("✖️ Cancel"), nav_data(state, step, "c")))
    if state.history:
        row.append(Button(env.t._("🔄 Start over"), nav_data(state, step, "r")))
    return row


def question(flow: Flow, state: DialogState, step: Step, env: Env, *,
             notes: list[str] | None = None, edit: bool = False) -> Reply:
    """The question message for `step`, with any notes (already HTML) above it."""
    parts = list(notes or [])
    parts.append(f"<b>{progress(flow, state, step, env)}</b> {prompt_text(step, env)}")
    if step.kind == "multi_choice":
        parts.append(env.t._("Tap every item that applies, then Done."))
    if step.hint:
        parts.append(f"<i>{env.t._(step.hint)}</i>")
    rows = _option_rows(state, step, env)
    rows.append(nav_row(state, step, env))
    return Reply("\n\n".join(parts), rows, edit=edit, question=True)


def answered(flow: Flow, state: DialogState, step: Step, env: Env, label: str) -> Reply:
    """Edit of an answered question: the question and the chosen answer, no buttons."""
    if len(label) > SHOWN_ANSWER:  # a long typed text: the message must stay sendable
        label = label[:SHOWN_ANSWER].rstrip() + "…"
    text = f"{prompt_text(step, env)}\n→ <b>{html.escape(label)}</b>"
    return Reply(text, [], edit=True)


def closed(step: Step, env: Env, mark: str = CLOSED) -> Reply:
    """Edit of the question of a dialog that ended without answering it (cancelled,
    replaced by another dialog or a menu, or its survey closed): the question and the
    mark, no buttons, so nothing in the chat looks live any more."""
    return Reply(f"{prompt_text(step, env)}\n<i>{env.t._(mark)}</i>", [], edit=True)


def describe(step: Step, value: Any, env: Env) -> str:
    """A stored answer in words: the option label, a formatted date, amount or share."""
    for opt in step.options:
        if opt.value == value and type(opt.value) is type(value):
            return option_label(opt, env)
    if isinstance(value, list):
        if not value:
            return env.t._("None of these")
        labels = [describe(step, v, env) for v in value]
        return "、".join(labels) if env.t.is_zh else ", ".join(labels)
    if step.kind == "date" and isinstance(value, str):
        return env.t.date(dt.date.fromisoformat(value))
    if step.kind == "money" and isinstance(value, int):
        return env.t.money(value)
    if step.kind == "ratio" and isinstance(value, int | float):
        return env.t.percent(value)
    if step.kind in ("number", "integer") and isinstance(value, int | float):
        return env.t.number(value)
    return str(value)
