"""Rendering decisions: outcome words, amounts, payee, conditions, status and warnings."""

from __future__ import annotations

import datetime as dt

from bot.dialogs.checks import result
from bot.dialogs.reminders import codec
from knowledge.core import Citation, Decision, Reason
from tests.dialogs.chat import make_env

DAY = dt.date(2026, 3, 1)


def decision(**kw: object) -> Decision:
    base: dict[str, object] = {"program": "quzhou.competition_award", "as_of": DAY,
                               "outcome": "eligible", "policy_status": "in_force"}
    base.update(kw)
    return Decision(**base)  # type: ignore[arg-type]


def reason(passed: bool, text: str, doc: str = "quzhou-craftsman-draft",
           article: str = "第十条") -> Reason:
    return Reason(passed=passed, text=text, citation=Citation(doc, article))


def test_upper_bound_amount_and_payee() -> None:
    d = decision(amount_cny=50000, upper_bound=True, payee="employer")
    reply = result.render(d, make_env("en"), "Award")
    assert "✅" in reply.text and "Amount: up to ¥50,000." in reply.text
    assert "Paid to: your employer." in reply.text
    assert not any(x.startswith("rem:") for x in reply.button_data())


def test_annual_amount_in_chinese_money_style() -> None:
    d = decision(amount_cny=20000, amount_per_year_cny=10000, years=2, payee="person")
    reply = result.render(d, make_env("zh_CN"), "Plan")
    assert "1万元" in reply.text and "2万元" in reply.text


def test_no_figure_says_the_amount_is_not_stated_and_names_no_payee() -> None:
    reply = result.render(decision(outcome="conditional", payee="person"), make_env(), "X")
    assert "Amount: not stated in the document" in reply.text and "⚠️" in reply.text
    assert "Paid to" not in reply.text and "¥" not in reply.text


def test_a_decision_that_is_not_about_money_has_no_amount_line() -> None:
    d = decision(program="jiangsu.excellent_technician.deferral", outcome="eligible")
    reply = result.render(d, make_env(), "Deferral")
    assert "Amount" not in reply.text


def test_payee_is_worded_for_an_organisation_in_its_own_programmes() -> None:
    d = decision(program="quzhou.skills_master_studio", amount_cny=50000, payee="employer")
    assert "Paid to: the employer." in result.render(d, make_env(), "Studio").text
    d = decision(program="quzhou.technician_allowance", amount_per_year_cny=5000,
                 payee="person")
    assert "Paid to: you." in result.render(d, make_env(), "Allowance").text


def test_conditions_are_listed_with_marks_and_citations_escaped() -> None:
    d = decision(outcome="ineligible",
                 reasons=[reason(True, "Level ok"), reason(False, "Too <old> & tired")])
    reply = result.render(d, make_env("en"), "T")
    assert "✔ Level ok <i>(Quzhou Craftsman draft Art. 10)</i>" in reply.text
    assert "✘ Too &lt;old&gt; &amp; tired" in reply.text and "❌" in reply.text


def test_unknown_document_is_cited_by_its_id() -> None:
    d = decision(reasons=[reason(True, "ok", doc="some-new-doc", article="3")])
    reply = result.render(d, make_env("en"), "T")
    assert "(some-new-doc 3)" in reply.text


def test_expired_policy_names_its_end_date() -> None:
    d = decision(policy_status="expired", warnings=["policy_expired"])
    reply = result.render(d, make_env("en"), "T", dt.date(2020, 12, 31))
    assert "Policy status on March 1, 2026: expired on December 31, 2020." in reply.text
    assert "has expired" not in reply.text  # said once, in the status line


def test_draft_and_not_yet_in_force_status() -> None:
    reply = result.render(decision(policy_status="draft", warnings=["policy_draft"]),
                             make_env("en"), "T")
    assert "draft for comments" in reply.text and "may still change" in reply.text
    reply = result.render(decision(policy_status="not_yet_in_force"), make_env("en"), "T")
    assert "not yet in force" in reply.text


def test_unknown_warning_code_is_still_shown() -> None:
    reply = result.render(decision(warnings=["brand_new_code"]), make_env("en"), "T")
    assert "brand_new_code" in reply.text


def test_eligible_again_in_the_past_offers_no_reminder() -> None:
    d = decision(outcome="eligible", values={"eligible_again_from": "2020-01-01"})
    reply = result.render(d, make_env("en"), "T")
    assert not any(x.startswith("rem:") for x in reply.button_data())


def test_eligible_again_as_iso_string_offers_a_reminder() -> None:
    d = decision(outcome="ineligible", values={"eligible_again_from": "2027-06-30"})
    reply = result.render(d, make_env("en"), "T")
    assert "rem:2027-06-30:quzhou.competition_award" in reply.button_data()


def test_reminder_data_round_trip_and_garbage() -> None:
    data = codec.reminder_data(dt.date(2027, 1, 1), "x.y")
    assert codec.parse_reminder(data) == (dt.date(2027, 1, 1), "x.y")
    assert codec.parse_reminder("rem:2027-02-30:x") is None
    assert codec.parse_reminder("rem:2027-01-01:") is None


def test_result_buttons_check_again_and_menu() -> None:
    reply = result.render(decision(), make_env("en"), "T")
    assert reply.button_data()[-2:] == ["menu:check:quzhou.competition_award", "menu:main"]


def test_category_and_priority_lines() -> None:
    reply = result.render(decision(category="B", priority=True), make_env("en"), "T")
    assert "Category: B" in reply.text and "🌟" in reply.text
    reply = result.render(decision(priority=False), make_env("en"), "T")
    assert "🌟" not in reply.text
