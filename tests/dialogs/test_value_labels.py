"""Every choice a check offers has a real name in both languages: the policy data's own
(meta.value_labels in knowledge/policies/*.yaml) where it gives one, the bot's otherwise."""

from __future__ import annotations

import re

import pytest

import knowledge.api  # noqa: F401  (registers the programs)
from bot.dialogs.checks.flow import build_step
from knowledge.core import REGISTRY
from knowledge.meta import value_labels
from tests.dialogs.chat import make_env

CJK = re.compile(r"[\u4e00-\u9fff]")


def _choice_facts() -> list[tuple[str, str, object]]:
    out = []
    for pid in sorted(REGISTRY):
        for fact, spec in REGISTRY[pid].facts.items():
            if spec.values and fact != "plan_year":
                out.append((pid, fact, spec))
    return out


@pytest.mark.parametrize("locale", ["zh_CN", "en"])
def test_every_offered_value_is_named_not_shown_as_its_code(locale: str) -> None:
    env = make_env(locale)
    unnamed = []
    for pid, fact, spec in _choice_facts():
        for opt in build_step(fact, spec, env, pid).options:
            label = opt.label if opt.raw else env.t._(opt.label)
            if opt.value is not None and label == str(opt.value):
                unnamed.append(f"{pid}.{fact}={opt.value}")
    assert not unnamed, unnamed
    assert _choice_facts(), "no choice facts found: the test would prove nothing"


def test_values_the_policy_data_names_take_the_policy_data_name() -> None:
    checked = 0
    for locale in ("zh_CN", "en"):
        env = make_env(locale)
        for pid, fact, spec in _choice_facts():
            named = value_labels(fact, locale)
            for opt in build_step(fact, spec, env, pid).options:
                if opt.value in named:
                    assert opt.raw and opt.label == named[opt.value], (pid, fact, opt)
                    checked += 1
    assert checked >= 10


def test_chinese_buttons_of_policy_named_values_are_chinese() -> None:
    env = make_env("zh_CN")
    opts = build_step("level", REGISTRY["quzhou.skills_master_studio"].facts["level"], env,
                      "quzhou.skills_master_studio").options
    labels = [o.label for o in opts if o.value is not None]
    assert labels and all(CJK.search(lab) for lab in labels), labels
