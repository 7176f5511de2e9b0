"""Turning a typed message or a pressed option into a stored answer value.

Values are JSON-friendly: dates as 'YYYY-MM-DD', months as 'YYYY-MM', money as int yuan,
ratios as floats in 0..1, yes/no as bool, multi-choice as a list of option values.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from bot.dialogs.engine import parse
from bot.dialogs.engine.flow import Step
from bot.dialogs.engine.parse import Invalid
from bot.dialogs.engine.render import option_label
from bot.dialogs.engine.types import N_, Env

OUT_OF_RANGE = N_("Please enter a value from {minimum} to {maximum}.")
TOO_SMALL = N_("Please enter a value of at least {minimum}.")
TOO_LARGE = N_("Please enter a value of at most {maximum}.")
USE_BUTTONS = N_("Please choose one of the buttons below.")


def _typed_value(step: Step, text: str, env: Env) -> Any:
    kind = step.kind
    if kind == "date":
        try:
            return parse.parse_date(text, env.today).isoformat()
        except Invalid as err:
            if not step.month_ok or err.key != parse.BAD_DATE:
                raise
            try:
                year, month = parse.parse_month(text)
            except Invalid:
                raise err from None
            return f"{year:04d}-{month:02d}-01"
    if kind == "month":
        year, month = parse.parse_month(text)
        return f"{year:04d}-{month:02d}"
    if kind == "number":
        return parse.parse_number(text)
    if kind == "integer":
        return parse.parse_int(text)
    if kind == "money":
        return parse.parse_money(text)
    if kind == "ratio":
        return parse.parse_ratio(text)
    if kind == "yes_no":
        return parse.parse_yes_no(text)
    if kind == "free_text":
        value = text.strip()
        if not value:
            raise Invalid(N_("Please type an answer."))
        return value
    raise Invalid(USE_BUTTONS)


def _bare(text: str) -> str:
    """Letters and digits only, lower case: '👷 Skilled worker' -> 'skilledworker'."""
    text = parse.normalize(text).lower()
    return "".join(c for c in text if unicodedata.category(c)[0] in "LN")


def _match_option(step: Step, text: str, env: Env) -> Any:
    """A typed choice naming one option (its label, value, or a unique part of the label)."""
    wanted = _bare(text)
    if not wanted:
        raise Invalid(USE_BUTTONS)
    labels = [(_bare(option_label(opt, env)), opt) for opt in step.options]
    for label, opt in labels:
        if wanted in (label, _bare(str(opt.value))):
            return opt.value
    partial = [opt for label, opt in labels if len(wanted) >= 2 and wanted in label]
    if len(partial) == 1:
        return partial[0].value
    raise Invalid(USE_BUTTONS)


def _boolean(step: Step) -> bool:
    """A choice between True and False (agree / no thanks) also takes a typed yes or no."""
    return bool(step.options) and all(isinstance(o.value, bool) for o in step.options)


def _fmt(value: float | None, env: Env, step: Step) -> str:
    if value is None:
        return ""
    if step.kind == "ratio":
        return env.t.percent(value)
    if step.kind == "money":
        return env.t.money(int(value))
    return env.t.number(value)


def check_range(step: Step, value: Any, env: Env) -> None:
    if not isinstance(value, int | float) or isinstance(value, bool):
        return
    lo, hi = step.minimum, step.maximum
    too_low = lo is not None and value < lo
    too_high = hi is not None and value > hi
    if not (too_low or too_high):
        return
    args = {"minimum": _fmt(lo, env, step), "maximum": _fmt(hi, env, step)}
    if lo is not None and hi is not None:
        raise Invalid(OUT_OF_RANGE, **args)
    raise Invalid(TOO_SMALL if too_low else TOO_LARGE, **args)


def validate(step: Step, value: Any, env: Env) -> None:
    check_range(step, value, env)
    if step.validate is None or value is None:  # None: a "never"/"none" button
        return
    problem = step.validate(value, env)
    if problem is None:
        return
    if isinstance(problem, tuple):
        key, params = problem
        raise Invalid(key, **params)
    raise Invalid(problem)


def read_text(step: Step, text: str, env: Env) -> Any:
    """The value of a typed answer; raises Invalid with a message key."""
    if step.kind == "multi_choice":
        raise Invalid(USE_BUTTONS)
    if step.kind == "choice" and not _boolean(step):
        value = _match_option(step, text, env)
    elif step.kind in ("yes_no", "choice"):
        try:
            value = _match_option(step, text, env)
        except Invalid:
            try:
                value = parse.parse_yes_no(text)
            except Invalid:
                raise Invalid(USE_BUTTONS) from None
    else:
        try:
            value = _typed_value(step, text, env)
        except Invalid as err:
            if not step.options:
                raise
            try:
                return _match_option(step, text, env)
            except Invalid:
                raise err from None
    validate(step, value, env)
    return value
