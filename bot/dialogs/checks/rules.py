"""The dialogs' window on the rules module: evaluate a program, list its facts.

`Env.rules` may hold any object with these methods (tests pass a fake); None means the
real rules module, imported lazily so the dialogs load without it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Protocol


class Rules(Protocol):
    def evaluate(self, program: str, facts: dict[str, Any], as_of: dt.date,
                 locale: str) -> Any: ...

    def facts(self, program: str) -> dict[str, Any] | None: ...

    def title(self, program: str, locale: str) -> str: ...

    def policy_end(self, program: str) -> dt.date | None: ...

    def value_labels(self, fact: str, locale: str) -> dict[Any, str]: ...


class KnowledgeRules:
    """The real rules module (knowledge.api and knowledge.core.REGISTRY)."""

    def evaluate(self, program: str, facts: dict[str, Any], as_of: dt.date,
                 locale: str) -> Any:
        from knowledge.api import evaluate

        return evaluate(program, facts, as_of, locale)

    def _program(self, program: str) -> Any:
        import knowledge.api  # noqa: F401  (registers the programs)
        from knowledge.core import REGISTRY

        return REGISTRY.get(program)

    def facts(self, program: str) -> dict[str, Any] | None:
        prog = self._program(program)
        return dict(prog.facts) if prog is not None else None

    def title(self, program: str, locale: str) -> str:
        prog = self._program(program)
        return prog.title(locale) if prog is not None else program

    def policy_end(self, program: str) -> dt.date | None:
        from knowledge.policy import get_policy

        prog = self._program(program)
        try:
            return get_policy(prog.policy).valid_to if prog is not None else None
        except KeyError:
            return None

    def value_labels(self, fact: str, locale: str) -> dict[Any, str]:
        """The names the policy data gives a fact's values (its `meta.value_labels`)."""
        from knowledge.meta import value_labels

        return value_labels(fact, locale)


DEFAULT = KnowledgeRules()


def rules_of(env: Any) -> Rules:
    return env.rules if env.rules is not None else DEFAULT
