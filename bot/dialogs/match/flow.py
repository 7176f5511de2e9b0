"""/match, "What can I get?": a short profile dialog, then every programme that applies.

Steps: role, region, then only the profile facts that matter there (skill level, where
one works, Quzhou titles, a competition medal) or, for employers and training units,
the topics they care about. Facts a consenting user's profile holds are not asked
again. The end runs knowledge.api.match and lists the programmes largest first, each
with a button to open its full answer or continue its check; with consent the answers
are saved (`save_profile`) so those checks reuse them.
"""

from __future__ import annotations

import html
from dataclasses import replace
from typing import Any

from bot.dialogs.checks import catalog
from bot.dialogs.checks.flow import PROFILE_FACTS, build_step
from bot.dialogs.checks.questions import fact_name
from bot.dialogs.engine.flow import Finish, Flow, Option, Step
from bot.dialogs.engine.render import describe
from bot.dialogs.engine.types import (
    N_,
    Button,
    DialogState,
    Env,
    Event,
    Outcome,
    SaveProfile,
)
from bot.dialogs.home.lookup import REGION_NAMES, TOPIC_LABELS
from bot.dialogs.match.render import render_matches

FLOW_ID = "match"
ROLES = (Option("worker", N_("👷 A worker")), Option("employer", N_("🏭 An employer")),
         Option("training_unit", N_("🏫 A training unit")))
REGIONS = (Option("jiangsu", N_("Jiangsu (江苏)")), Option("quzhou", N_("Quzhou (衢州)")),
           Option("jiangmen", N_("Jiangmen (江门)")), Option("all", N_("All regions")))
NO_MEDAL = N_("No such award")
WORKER_FACTS = ("skill_level", "employer_type", "titles", "competition", "result")
MEDALS_WITH_RESULT = ("worldskills", "national")

STEPS = {
    "m:role": Step("m:role", N_("Who is asking?"), options=ROLES, save_as="role"),
    "m:region": Step("m:region", N_("Where is the work or the organisation?"),
                     options=REGIONS, save_as="region", columns=2),
}


def _spec(fact: str) -> Any:
    import knowledge.api  # noqa: F401  (registers the programmes)
    from knowledge.core import REGISTRY

    return next(p.facts[fact] for p in REGISTRY.values() if fact in p.facts)


def _program_facts(program: str) -> tuple[str, ...]:
    import knowledge.api  # noqa: F401  (registers the programmes)
    from knowledge.core import REGISTRY

    return tuple(REGISTRY[program].facts)


def _programs(role: str, region: str) -> list[catalog.ProgramInfo]:
    progs = catalog.select(role, None if region == "all" else region, tools=False)
    return [p for p in progs if p.topic != "retirement"]


def _topics(role: str, region: str) -> list[str]:
    return list(dict.fromkeys(p.topic for p in _programs(role, region)))


def facts_of(state: DialogState) -> dict[str, Any]:
    return {**state.data.get("preset", {}),
            **{k: v for k, v in state.answers.items() if k not in ("role", "region", "topics")}}


def _wanted(state: DialogState) -> list[str]:
    """The step ids this profile still needs, in order."""
    role, region = state.answers.get("role"), state.answers.get("region")
    if role != "worker":
        return ["m:topics"] if len(_topics(role, region)) > 1 else []
    used = {f for p in _programs(role, region) for f in _program_facts(p.id)}
    medal = facts_of(state).get("competition") in MEDALS_WITH_RESULT
    return ["f:" + f for f in WORKER_FACTS if f in used and (f != "result" or medal)]


def _route(state: DialogState, env: Env) -> str | None:
    for step in ("m:role", "m:region"):
        if STEPS[step].key not in state.answers:
            return step
    known = facts_of(state)
    for step in _wanted(state):
        key = step.removeprefix("f:").removeprefix("m:")
        if key not in known and key not in state.answers:
            return step
    return None


def _make_step(step_id: str, state: DialogState, env: Env) -> Step:
    if step_id in STEPS:
        return STEPS[step_id]
    if step_id == "m:topics":
        role, region = state.answers.get("role"), state.answers.get("region")
        options = tuple(Option(t, TOPIC_LABELS.get(t, t)) for t in _topics(role, region))
        return Step("m:topics", N_("Which of these interest you? Choose none to see "
                                   "everything."), kind="multi_choice", options=options,
                    save_as="topics")
    fact = step_id.removeprefix("f:")
    if not step_id.startswith("f:") or fact not in WORKER_FACTS:
        raise KeyError(step_id)
    step = build_step(fact, _spec(fact), env)
    if fact == "competition":
        prompt = N_("Have you won an award at one of these competitions?")
        step = replace(step, prompt=prompt, options=step.options + (Option(None, NO_MEDAL),))
    return step


# The role chosen at /start, where /match asks the same question ("who is asking?").
MATCH_ROLE = {"worker": "worker", "trainee": "worker", "employer": "employer",
              "training_unit": "training_unit"}


def _setup(state: DialogState, env: Env) -> None:
    profile = env.profile if env.consented else {}
    state.data["preset"] = {k: v for k, v in profile.items()
                            if k in WORKER_FACTS and v is not None}
    if env.role in MATCH_ROLE:  # known from /start: not asked again
        state.answers["role"] = MATCH_ROLE[env.role]
    if profile.get("region") in {o.value for o in REGIONS}:  # saved by an earlier /match
        state.answers["region"] = profile["region"]
        state.data["region_kept"] = True


def _intro(state: DialogState, env: Env) -> str:
    lines = [env.t._("<b>What can I get?</b> A few questions, then every programme that may "
                     "apply, largest first.")]
    preset = state.data.get("preset") or {}
    colon = "：" if env.t.is_zh else ": "
    items = [f"{fact_name(k, env)}{colon}{html.escape(_value(k, v, env))}"
             for k, v in preset.items()]
    if state.data.get("region_kept"):
        region = next(o.label for o in REGIONS if o.value == state.answers.get("region"))
        items.insert(0, f"{env.t._(N_('region'))}{colon}{html.escape(env.t._(region))}")
    if items:
        sep = "；" if env.t.is_zh else "; "
        lines.append(env.t._("Reused from your profile: {items}.", items=sep.join(items)))
    return "\n".join(lines)


def _value(fact: str, value: Any, env: Env) -> str:
    return describe(build_step(fact, _spec(fact), env), value, env)


def _finish(state: DialogState, env: Env) -> Finish:
    from knowledge.api import match

    role = state.answers.get("role", "worker")
    region = state.answers.get("region", "all")
    facts = {k: v for k, v in facts_of(state).items() if v is not None}
    allowed = {p.id for p in _programs(role, region)}
    topics = set(state.answers.get("topics") or ())
    decisions = [d for d in match(facts, role, env.today, env.t.locale)
                 if d.program in allowed
                 and (not topics or catalog.programs()[d.program].topic in topics)]
    all_regions = N_("all regions")
    where = env.t._(REGION_NAMES.get(region, all_regions))
    saved = {k: v for k, v in state.answers.items() if k in PROFILE_FACTS and v is not None}
    reply = render_matches(decisions, env, where, profile=bool(saved))
    if "region" in state.answers and not state.data.get("region_kept"):
        saved["region"] = region  # where the work is: /match starts there next time
    effects = []
    if env.consented and saved:
        effects.append(SaveProfile({"facts": saved}))
    return Finish([reply], effects)


def _buttons(state: DialogState, env: Env) -> list[list[Button]]:
    """Under the first question, when saved facts were reused: a way to change them."""
    from bot.dialogs.account.edit import change_button, reused

    return [change_button(env)] if env.consented and reused(state) else []


MATCH = Flow(id=FLOW_ID, finish=_finish, route=_route, make_step=_make_step,
             intro=_intro, setup=_setup, buttons=_buttons)


def match_command(state: DialogState | None, event: Event, env: Env) -> Outcome:
    from bot.dialogs.engine.kernel import start_flow

    return start_flow(FLOW_ID, env, previous=state)
