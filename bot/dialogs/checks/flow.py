"""The eligibility check driven by the rules: ask only what changes the answer.

Loop: decision = evaluate(program, facts, today); while it is needs_info, ask the first
missing fact (a step built from its FactSpec and bot/dialogs/checks/questions.py); then show
the result. Facts the user's saved profile holds are reused (said once). Params:
{"program": "<program id>"}. Step ids are "f:<fact>"; answers are keyed by fact name.
"""

from __future__ import annotations

import html
from dataclasses import replace
from typing import Any

from bot.dialogs.checks import result
from bot.dialogs.checks.catalog import info as catalog_info
from bot.dialogs.checks.paying import payment_block
from bot.dialogs.checks.questions import (
    COUNT_HINT,
    DATE_HINT,
    MONEY_HINT,
    NUMBER_HINT,
    RATIO_HINT,
    YEAR_HINT,
    fact_name,
    question_for,
)
from bot.dialogs.checks.rules import rules_of
from bot.dialogs.engine.flow import Finish, Flow, Option, Step, yes_no_options
from bot.dialogs.engine.render import describe
from bot.dialogs.engine.types import (
    MAX_BUTTON_DATA,
    N_,
    Button,
    DialogState,
    Effect,
    Env,
    Event,
    Outcome,
    Reply,
    SaveProfile,
)
from bot.dialogs.home.menu import menu_reply
from knowledge.facts import UNSURE
from knowledge.meta import asking_order, refining_facts

PREFIX = "f:"
# Dates whose rules count in months (the retirement age): a year and month is enough, as
# on the special-technician application form (its annex asks the birth month).
MONTH_ENOUGH = ("birth_date",)
# Facts kept in a consenting user's profile and reused by later checks (same meaning in
# every programme that uses them).
PROFILE_FACTS = ("birth_date", "sex", "skill_level", "employer", "employer_type", "titles",
                 "competition", "result")
# Where a programme's rules would ask a less natural question first, and the facts that
# only refine the answer (asked once the outcome is known): programme data in knowledge/
# (knowledge.meta.asking_order, knowledge.meta.refining_facts).
KINDS = {"bool": "yes_no", "enum": "choice", "list": "multi_choice", "date": "date",
         "int": "integer", "year": "integer", "money": "money", "number": "number",
         "ratio": "ratio"}
HINTS = {"date": DATE_HINT, "integer": COUNT_HINT, "money": MONEY_HINT,
         "number": NUMBER_HINT, "ratio": RATIO_HINT}


def program_of(state: DialogState) -> str:
    return str(state.params.get("program", ""))


def facts_of(state: DialogState) -> dict[str, Any]:
    return {**state.data.get("preset", {}), **state.answers}


def _specs(state: DialogState, env: Env) -> dict[str, Any]:
    return rules_of(env).facts(program_of(state)) or {}


def _known_program(state: DialogState, env: Env) -> bool:
    """The programme exists (it may need no facts at all)."""
    return rules_of(env).facts(program_of(state)) is not None


# --- steps built from fact specs -----------------------------------------------------------


def _options(fact: str, spec: Any, kind: str, env: Env, program: str = "") -> list[Option]:
    q = question_for(fact, program)
    if kind == "yes_no":
        return list(yes_no_options())
    if fact == "plan_year":
        year = env.today.year
        return [Option(year, N_("This year ({year})"), {"year": year}),
                Option(year + 1, N_("Next year ({year})"), {"year": year + 1})]
    if kind in ("choice", "multi_choice"):
        # The policy data names a value where it can (knowledge/policies/*.yaml,
        # meta.value_labels); the bot's own labels cover the rest.
        named = rules_of(env).value_labels(fact, env.t.locale)
        return [Option(v, named[v], raw=True) if v in named
                else Option(v, q.labels[v]) if v in q.labels
                else Option(v, str(v), raw=True)
                for v in spec.values or ()]
    return []


NOT_SURE = N_("🤔 I am not sure")


def standard_hint(spec: Any, env: Env) -> str | None:
    """One line on the standard a yes/no question rests on and who decides it."""
    locale = env.t.locale
    what, who = spec.explanation(locale), spec.decider(locale)
    if not what:
        return None
    line = html.escape(what)
    return line + (" " + env.t._("Decided by: {who}.", who=html.escape(who)) if who else "")


def build_step(fact: str, spec: Any, env: Env, program: str = "") -> Step:
    """The question for one fact: kind from the FactSpec type, words from questions.py
    (the programme's own wording when it has one)."""
    q = question_for(fact, program)
    kind = KINDS.get(spec.type, "free_text")
    if fact == "plan_year":
        kind = "choice"
    options = _options(fact, spec, kind, env, program)
    if spec.nullable:
        options.append(Option(None, q.none_label or N_("None")))
    hint = q.hint or HINTS.get(kind)
    if getattr(spec, "unsure", False):  # another authority's standard: "not sure" is fine
        options.append(Option(UNSURE, NOT_SURE))
        hint = standard_hint(spec, env) or hint
    if spec.type == "year" and kind == "integer":
        hint = q.hint or YEAR_HINT
    return Step(id=PREFIX + fact, prompt=q.prompt, kind=kind, options=tuple(options),
                prompt_args={"fact": fact_name(fact, env)}, hint=hint, validate=q.validate,
                minimum=spec.minimum, maximum=spec.maximum, save_as=fact,
                columns=q.columns if kind != "yes_no" else 2, month_ok=fact in MONTH_ENOUGH)


def _make_step(step_id: str, state: DialogState, env: Env) -> Step:
    fact = step_id.removeprefix(PREFIX)
    specs = _specs(state, env)
    if not step_id.startswith(PREFIX) or fact not in specs:
        raise KeyError(step_id)
    return build_step(fact, specs[fact], env, program_of(state))


# --- the loop ---------------------------------------------------------------------------------


def check_data(program: str, named: dict[str, Any] | None = None) -> str | None:
    """`menu:check:<programme>[:<value>,<value>]`: the button that starts a check, with the
    values a question already named (each an option of one of its facts); None when the
    programme id alone is over Telegram's 64 bytes."""
    data = f"menu:check:{program}"
    values = [v for v in (named or {}).values() if isinstance(v, str) and v.isascii()
              and ":" not in v and "," not in v]
    longer = f"{data}:{','.join(values)}" if values else data
    for candidate in (longer, data):
        if len(candidate.encode()) <= MAX_BUTTON_DATA:
            return candidate
    return None


def _named_facts(values: list[str], specs: dict[str, Any]) -> dict[str, Any]:
    """Each value given with the check's button, as the one fact whose options hold it."""
    out: dict[str, Any] = {}
    for value in values:
        owners = [f for f, spec in specs.items() if spec.type == "enum"
                  and value in (spec.values or ())]
        if len(owners) == 1:
            out[owners[0]] = value
    return out


def _setup(state: DialogState, env: Env) -> None:
    specs = _specs(state, env)
    preset = {}
    if env.consented:
        preset = {k: v for k, v in env.profile.items() if k in specs and k in PROFILE_FACTS}
    named = _named_facts([str(v) for v in state.params.get("named") or []], specs)
    state.data["named"] = sorted(named)
    state.data["preset"] = {**preset, **named}


def _evaluate(state: DialogState, env: Env) -> Any:
    return rules_of(env).evaluate(program_of(state), facts_of(state), env.today, env.t.locale)


def _drop(state: DialogState, fact: str) -> bool:
    """Forget a fact the rules refused, so it is asked again."""
    preset = state.data.get("preset", {})
    found = fact in state.answers or fact in preset
    state.answers.pop(fact, None)
    preset.pop(fact, None)
    if PREFIX + fact in state.history:
        state.history.remove(PREFIX + fact)
    return found


def _route(state: DialogState, env: Env) -> str | None:
    specs = _specs(state, env)
    if not _known_program(state, env):
        return None
    try:
        decision = _evaluate(state, env)
    except ValueError as err:  # RulesInputError: a stored answer the rules refuse
        fact = str(getattr(err, "field", "") or "").removeprefix("facts.")
        return PREFIX + fact if fact in specs and _drop(state, fact) else None
    known = facts_of(state)
    if decision.outcome in ("eligible", "conditional"):
        extra = refining_facts(program_of(state))
        return next((PREFIX + f for f in extra if f not in known and f in specs), None)
    if decision.outcome != "needs_info":
        return None
    first = [f for f in asking_order(program_of(state)) if f in decision.missing_facts]
    for fact in first + list(decision.missing_facts):
        if fact not in known and fact in specs:
            return PREFIX + fact
    return None


def with_payment(reply: Reply, decision: Any, env: Env, end: Any) -> Reply:
    """The result with 'How it is paid' (and the period of an ended scheme) put just
    before its policy-status line."""
    prog = catalog_info(decision.program)
    if prog is None:
        return reply
    block = payment_block(decision, prog.policy, env, prog.valid_from, prog.valid_to)
    status = result.status_line(decision, env, end)
    if not block or status not in reply.text:
        return reply
    text = reply.text.replace(status, "\n".join(block) + "\n\n" + status, 1)
    return replace(reply, text=text)


def _value_text(fact: str, value: Any, spec: Any, env: Env) -> str:
    return describe(build_step(fact, spec, env), value, env) if spec is not None else str(value)


def profile_note(state: DialogState, env: Env) -> str | None:
    """'Reused from your profile: …' (once per check)."""
    preset = state.data.get("preset") or {}
    if not preset or state.data.get("profile_noted"):
        return None
    state.data["profile_noted"] = True
    specs = _specs(state, env)
    named = set(state.data.get("named") or [])
    sep = "；" if env.t.is_zh else "; "
    colon = "：" if env.t.is_zh else ": "

    def items(keys: list[str]) -> str:
        return sep.join(f"{fact_name(k, env)}{colon}"
                        f"{html.escape(_value_text(k, preset[k], specs.get(k), env))}"
                        for k in keys)

    notes = []
    own = [k for k in preset if k not in named]
    if own:
        notes.append(env.t._("Reused from your profile: {items}.", items=items(own)))
    asked = [k for k in preset if k in named]
    if asked:
        notes.append(env.t._("Taken from your question: {items}.", items=items(asked)))
    return "\n".join(notes)


def _intro(state: DialogState, env: Env) -> str:
    title = html.escape(rules_of(env).title(program_of(state), env.t.locale))
    lines = [env.t._("<b>Check: {title}</b>", title=title),
             env.t._("I will ask only what changes the answer.")]
    note = profile_note(state, env)
    if note:
        lines.append(note)
    return "\n".join(lines)


def _finish(state: DialogState, env: Env) -> Finish:
    program = program_of(state)
    if not _known_program(state, env):
        return Finish([menu_reply(env, note=env.t._("I do not know that check."))])
    try:
        decision = _evaluate(state, env)
    except ValueError:
        note = env.t._("Sorry, I could not work this out. Please try again from the menu.")
        return Finish([menu_reply(env, note=note)])
    rules = rules_of(env)
    effects: list[Effect] = []
    reply = result.render(decision, env, rules.title(program, env.t.locale),
                          rules.policy_end(program))
    reply = with_payment(reply, decision, env, rules.policy_end(program))
    note = profile_note(state, env)
    if note:
        reply = result.with_note(reply, note)
    saved = {k: v for k, v in state.answers.items() if k in PROFILE_FACTS}
    if env.consented and saved:
        effects.append(SaveProfile({"facts": saved}))
    return Finish([reply], effects)


def _buttons(state: DialogState, env: Env) -> list[list[Button]]:
    """Under the first question, when saved facts were reused: a way to change them."""
    from bot.dialogs.account.edit import change_button, reused

    return [change_button(env)] if env.consented and reused(state) else []


CHECK = Flow(id="check", finish=_finish, route=_route, make_step=_make_step,
             intro=_intro, setup=_setup, buttons=_buttons)


def check_command(state: DialogState | None, event: Event, env: Env) -> Outcome:
    """/check <programme id>: start that programme's check (the menu otherwise)."""
    from bot.dialogs.engine.kernel import start_flow

    program = event.args.split()[0] if event.args.split() else ""
    if not program:
        return Outcome(state, [menu_reply(env, note=env.t._(
            "Type the programme after the command, or choose it from the menu."))])
    return start_flow(CHECK.id, env, {"program": program}, previous=state)
