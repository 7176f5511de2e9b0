"""The evaluation context a programme rule receives (`Ctx`)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from knowledge.decision import OUTCOMES, Decision, NextStep, Reason, ToConfirm
from knowledge.facts import UNSURE
from knowledge.i18n import translator
from knowledge.policy import Citation, Policy, get_policy

if TYPE_CHECKING:
    from knowledge.registry import Program


class Ctx:
    """What a program sees while it decides: facts, date, policy parameters, a translator.

    Conditions are recorded with `check`; missing facts with `need`. `decide` builds the
    Decision, adding policy-status warnings so no program can forget them.
    """

    def __init__(self, program: Program, facts: dict[str, Any], as_of: dt.date,
                 locale: str) -> None:
        self.program = program
        self.facts = facts
        self.as_of = as_of
        self.locale = locale
        self.policy: Policy = get_policy(program.policy)
        self.reasons: list[Reason] = []
        self.missing: list[str] = []
        self.warnings: list[str] = []
        self.confirm: list[ToConfirm] = []
        self.steps: list[NextStep] = []
        self._ = translator(locale)

    # facts -------------------------------------------------------------
    def has(self, name: str) -> bool:
        return name in self.facts

    def get(self, name: str, default: Any = None) -> Any:
        return self.facts.get(name, default)

    def need(self, *names: str) -> None:
        """Record facts that would decide the outcome and are not given."""
        for n in names:
            if n not in self.facts and n not in self.missing:
                self.missing.append(n)

    def require(self, *names: str) -> Decision | None:
        """A `needs_info` decision when any of these facts is not given, else None:
        `if (asked := ctx.require("level")): return asked`."""
        absent = [n for n in names if n not in self.facts]
        if not absent:
            return None
        self.need(*absent)
        return self.decide("needs_info")

    # policy data ---------------------------------------------------------
    def param(self, name: str) -> Any:
        """Value of a dated parameter of this program's policy on as_of."""
        return self.policy.param(name, self.as_of).value

    def param_article(self, name: str) -> str:
        return self.policy.param(name, self.as_of).article

    def cite(self, article: str) -> Citation:
        return self.policy.citation(article)

    # conditions ------------------------------------------------------------
    def check(self, key: str, passed: bool, text: str, article: str,
              value: Any = None, limit: Any = None) -> bool:
        self.reasons.append(Reason(passed=bool(passed), text=text, citation=self.cite(article),
                                   key=key, value=value, limit=limit))
        return bool(passed)

    def note(self, key: str, text: str, article: str) -> None:
        """A passed, informative reason (e.g. the amount rule that was applied)."""
        self.check(key, True, text, article)

    def yes_no(self, name: str, article: str, yes: str, no: str) -> Any:
        """A yes/no fact: True or False is recorded as a passed or failed condition; UNSURE
        (for facts that admit it) as something an authority must confirm; a missing fact is
        recorded as needed. Returns the value given (None when missing)."""
        if not self.has(name):
            self.need(name)
            return None
        value = self.get(name)
        if value == UNSURE:
            self.unconfirmed(name, article)
            return UNSURE
        self.check(name, bool(value), yes if value else no, article, value=value, limit=True)
        return value

    def unconfirmed(self, name: str, article: str) -> None:
        """Record a fact answered "not sure": the decision becomes conditional and says what
        must be confirmed and by whom (from the fact's spec)."""
        spec = self.program.facts[name]
        who = spec.decider(self.locale)
        what = spec.explanation(self.locale)
        text = self._("Not sure: {what} To be confirmed by {who}.", what=what, who=who)
        self.check(name, True, text, article, value=UNSURE)
        self.confirm.append(ToConfirm(fact=name, text=what, who=who, citation=self.cite(article)))
        self.warn("to_confirm")

    def step(self, kind: str, text: str, article: str | None = None,
             who: str | None = None) -> None:
        """Add a next step (kind: see decision.STEP_KINDS), with the article it rests on."""
        self.steps.append(NextStep(kind=kind, text=text, who=who,
                                   citation=self.cite(article) if article else None))

    def warn(self, code: str) -> None:
        if code not in self.warnings:
            self.warnings.append(code)

    def decide(self, outcome: str, **kw: Any) -> Decision:
        if outcome not in OUTCOMES:
            raise AssertionError(outcome)
        status = self.policy.status_on(self.as_of)
        if status == "draft":
            self.warn("policy_draft")
        elif status == "expired":
            self.warn("policy_expired")
        elif status == "not_yet_in_force":
            self.warn("policy_not_yet_in_force")
        if self.policy.effective_date_unknown:
            self.warn("effective_date_unknown")
        if outcome == "needs_info" and not self.missing:
            raise AssertionError(f"{self.program.id}: needs_info without missing facts")
        if outcome == "eligible" and self.confirm:
            outcome = "conditional"  # a "not sure" answer leaves a confirmation open
        decision = Decision(program=self.program.id, as_of=self.as_of, outcome=outcome,
                            policy_status=status, missing_facts=list(self.missing)
                            if outcome == "needs_info" else [],
                            reasons=self.reasons, warnings=self.warnings,
                            to_confirm=list(self.confirm),
                            policy_period=self.policy.period(), **kw)
        from knowledge.steps import finish  # next steps and status line (data per programme)

        return finish(self, decision)
