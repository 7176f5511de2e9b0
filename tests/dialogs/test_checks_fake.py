"""The rules-driven check loop against a fake rules object (no knowledge/ programs)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from bot.dialogs.checks import flow as checks
from bot.dialogs.engine.flow import Step
from knowledge.core import Decision, FactSpec, RulesInputError
from tests.dialogs.chat import Chat, make_env

FACTS = {
    "employees": FactSpec("employees", "int", minimum=0),
    "budget_cny": FactSpec("budget_cny", "money", minimum=0),
    "share": FactSpec("share", "ratio", minimum=0, maximum=1),
    "opened": FactSpec("opened", "date", nullable=True),
    "level": FactSpec("level", "enum", ("city", "national")),
    "plan_year": FactSpec("plan_year", "year", minimum=2000, maximum=2100),
}


class FakeRules:
    """needs employees; then budget only for big firms; then the rest."""

    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []
        self.refuse: str | None = None

    def evaluate(self, program: str, facts: dict[str, Any], as_of: dt.date,
                 locale: str) -> Decision:
        self.calls.append(dict(facts))
        if self.refuse and self.refuse in facts:
            name, self.refuse = self.refuse, None
            raise RulesInputError("invalid_value", "no", f"facts.{name}")
        order = ["employees"]
        if facts.get("employees", 0) >= 100:
            order.append("budget_cny")
        order += ["share", "opened", "level", "plan_year"]
        missing = [f for f in order if f not in facts]
        outcome = "needs_info" if missing else "eligible"
        return Decision(program=program, as_of=as_of, outcome=outcome, policy_status="in_force",
                        missing_facts=missing, amount_cny=1000 if not missing else None,
                        payee="employer")

    def facts(self, program: str) -> dict[str, Any] | None:
        return FACTS if program == "fake.program" else None

    def title(self, program: str, locale: str) -> str:
        return "Fake <program>"

    def policy_end(self, program: str) -> dt.date | None:
        return None

    def value_labels(self, fact: str, locale: str) -> dict[Any, str]:
        from knowledge.meta import value_labels  # the real names of the real values

        return value_labels(fact, locale)


def start(rules: FakeRules, **kw: Any) -> Chat:
    chat = Chat(make_env("en", rules=rules, **kw))
    chat.press_data("menu:check:fake.program")
    return chat


def test_only_facts_that_matter_are_asked() -> None:
    rules = FakeRules()
    chat = start(rules)
    assert "Fake &lt;program&gt;" in chat.text and "employees" in chat.question.text
    chat.say("12")
    assert chat.state.step == "f:share"  # budget not asked for a small firm
    chat.say("80%")
    chat.press("None")  # nullable date: the null button
    chat.press("City level")  # enum values have labels (bot/dialogs/checks/labels.py)
    assert chat.state.step == "f:plan_year"
    assert chat.labels[:2] == ["This year (2026)", "Next year (2027)"]
    chat.press("Next year")
    assert chat.state is None and "✅" in chat.text
    assert rules.calls[-1] == {"employees": 12, "share": 0.8, "opened": None, "level": "city",
                               "plan_year": 2027}


def test_a_big_firm_is_asked_its_budget_in_money_words() -> None:
    chat = start(FakeRules())
    chat.say("一百二十")
    assert chat.state.answers["employees"] == 120 and chat.state.step == "f:budget_cny"
    chat.say("5万元")
    assert chat.state.answers["budget_cny"] == 50000


def test_fact_ranges_come_from_the_fact_spec() -> None:
    chat = start(FakeRules())
    chat.say("12")
    chat.say("150%")
    assert chat.state.step == "f:share" and "from 0% to 100%" in chat.text


def test_an_answer_the_rules_refuse_is_asked_again() -> None:
    rules = FakeRules()
    rules.refuse = "employees"
    chat = start(rules)
    chat.say("12")
    assert chat.state.step == "f:employees" and "employees" not in chat.state.answers
    chat.say("12")
    assert chat.state.step == "f:share"


def test_generic_question_for_a_fact_without_wording() -> None:
    step = checks.build_step("employees", FACTS["employees"], make_env("en"))
    assert isinstance(step, Step) and step.kind == "integer" and step.minimum == 0
    chat = start(FakeRules())
    assert "Please tell me: employees" in chat.question.text


def test_profile_facts_only_of_this_program_are_reused() -> None:
    chat = start(FakeRules(), consented=True, profile={"birth_date": "1975-06-15"})
    assert "Reused" not in chat.text
