"""The items of the profile a person can see and change: their names, their values in
words and the one-question step that changes each (built like the checks' own questions,
so typed answers go through the shared parser). Pure."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from bot.dialogs.account.onboarding import PRIVACY, ROLES
from bot.dialogs.checks.flow import PROFILE_FACTS, build_step
from bot.dialogs.checks.questions import fact_name
from bot.dialogs.engine.flow import Step, yes_no_options
from bot.dialogs.engine.render import describe
from bot.dialogs.engine.types import N_, Env
from bot.dialogs.match.flow import REGIONS

# Saved facts, in the order /mydata lists them ("region": where the work is, from /match).
ITEMS = ("birth_date", "sex", "skill_level", "employer_type", "titles", "competition",
         "result", "region")
FACTS = tuple(f for f in ITEMS if f in PROFILE_FACTS or f == "region")
# Items of the row itself, changed with their own effects.
ROW_ITEMS = ("role", "consent")
NAMES = {"region": N_("region"), "role": N_("role"), "consent": N_("consent")}
STEP = "v:"  # edit step ids: "v:<item>"


def spec_of(fact: str) -> Any:
    """The fact's spec in the rules (the same in every programme that uses it)."""
    import knowledge.api  # noqa: F401  (registers the programmes)
    from knowledge.core import REGISTRY

    return next((p.facts[fact] for p in REGISTRY.values() if fact in p.facts), None)


def item_name(item: str, env: Env) -> str:
    if item in NAMES:
        return env.t._(NAMES[item])
    return fact_name(item, env)


def step_for(item: str, env: Env) -> Step | None:
    """The question that changes `item` (None: not an item one can change)."""
    sid = STEP + item
    if item == "role":
        return Step(sid, N_("Who are you? This decides which services I show first."),
                    options=ROLES, save_as=item, columns=2)
    if item == "consent":
        return Step(sid, PRIVACY, kind="yes_no",
                    options=yes_no_options(N_("✅ I agree"), N_("No thanks")), save_as=item,
                    columns=2)
    if item == "region":
        return Step(sid, N_("Where is the work or the organisation?"), options=REGIONS,
                    save_as=item, columns=2)
    spec = spec_of(item) if item in ITEMS else None
    if spec is None:
        return None
    return replace(build_step(item, spec, env), id=sid, save_as=item)


def value_text(item: str, value: Any, env: Env) -> str:
    """A saved value in words: the option's label, a formatted date, a list of labels."""
    step = step_for(item, env) if item in ITEMS else None
    if step is None:
        return str(value)
    if value is None:
        return env.t._("None")
    try:
        return describe(step, value, env)
    except (TypeError, ValueError):  # an old or odd value: shown as it is
        return str(value)
