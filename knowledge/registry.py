"""The programme registry: each programme's id, policy, titles, facts and rule."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from knowledge.facts import FactSpec

if TYPE_CHECKING:
    from knowledge.context import Ctx
    from knowledge.decision import Decision

Rule = Callable[["Ctx"], "Decision"]


@dataclass
class Program:
    id: str
    policy: str
    title_zh: str
    title_en: str
    facts: dict[str, FactSpec]
    rule: Rule
    roles: tuple[str, ...] = ("worker",)
    topic: str = ""
    annual: bool = False

    def title(self, locale: str) -> str:
        return self.title_en if locale.startswith("en") else self.title_zh

    def describe(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": {"zh": self.title_zh, "en": self.title_en},
            "policy": self.policy,
            "roles": list(self.roles),
            "topic": self.topic,
            "facts": {n: s.schema() for n, s in self.facts.items()},
        }


REGISTRY: dict[str, Program] = {}


def program(id: str, policy: str, title_zh: str, title_en: str, facts: Iterable[FactSpec],
            roles: Iterable[str] = ("worker",), topic: str = "", annual: bool = False
            ) -> Callable[[Rule], Rule]:
    """Register a program rule function under its contract id."""

    def wrap(fn: Rule) -> Rule:
        if id in REGISTRY:
            raise AssertionError(f"duplicate program {id}")
        REGISTRY[id] = Program(id=id, policy=policy, title_zh=title_zh, title_en=title_en,
                               facts={f.name: f for f in facts}, rule=fn, roles=tuple(roles),
                               topic=topic, annual=annual)
        return fn

    return wrap
