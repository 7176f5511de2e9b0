"""The Quzhou +30% recruitment check no longer loops on "I don't know" for the base amount."""

from __future__ import annotations

from tests.dialogs.chat import Chat, make_env


def test_unknown_base_amount_leads_to_the_30_percent_rule_not_the_same_question() -> None:
    chat = Chat(make_env("en"))
    chat.press_data("menu:check:quzhou.recruitment_uplift")
    chat.press("Yes")  # the unit is in Quzhou
    chat.press("Level 2 – technician")
    assert "How much recruitment subsidy" in chat.question.text
    chat.press("I don't know the amount")
    assert "Does the enterprise receive the recruitment subsidy" in chat.question.text
    chat.press("Yes")
    assert chat.state is None  # answered, not asked again
    result = chat.last.replies[-1].text
    assert "130 percent" in result and "Part 2 (1) 4" in result
