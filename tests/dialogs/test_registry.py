"""The feature registry: every effect has a handler, names and prefixes are unambiguous."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import bot
from bot.dialogs import features, registry
from bot.dialogs.engine.registry import Command, Feature, Registry, Route
from bot.dialogs.engine.types import Effect


def all_effect_types() -> set[type[Effect]]:
    for info in pkgutil.walk_packages(bot.__path__, "bot."):
        importlib.import_module(info.name)
    found, todo = set(), [Effect]
    while todo:
        for sub in todo.pop().__subclasses__():
            if sub.__module__.startswith("bot."):
                found.add(sub)
            todo.append(sub)
    return found


def test_every_effect_type_has_a_handler() -> None:
    kinds = all_effect_types()
    assert len(kinds) >= 20, sorted(k.__name__ for k in kinds)
    missing = sorted(k.__name__ for k in kinds if k not in registry().effect_handlers)
    assert missing == []


def test_every_flow_is_reachable_by_id_and_commands_have_descriptions() -> None:
    reg = registry()
    assert {"onboarding", "check", "match", "remind", "broadcast", "survey_trainee"} <= \
        set(reg.flows)
    for name, cmd in reg.commands.items():
        assert cmd.description and callable(cmd.action), name


def test_listed_commands_follow_the_command_order_and_hide_officer_ones() -> None:
    names = [c.name for c in registry().listed_commands()]
    assert names[:6] == ["start", "menu", "match", "remind", "reminders", "help"]
    assert "broadcast" not in names and "restart" not in names and "check" not in names
    assert "broadcast" in [c.name for c in registry().listed_commands(officer=True)]


def _noop(*_: object) -> None:
    return None


def test_two_features_cannot_claim_one_command_or_overlapping_prefixes() -> None:
    base = list(features())
    with pytest.raises(ValueError, match="command 'menu'"):
        Registry(base + [Feature("x", commands=(Command("menu", "m", _noop),))])
    with pytest.raises(ValueError, match="prefix"):
        Registry(base + [Feature("y", routes=(Route("menu:x", _noop),))])
    with pytest.raises(ValueError, match="exactly one"):
        Registry([f for f in base if f.home is None])
