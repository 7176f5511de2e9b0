"""Words in a question pre-fill the check it offers."""

from __future__ import annotations

from knowledge.api import evaluate
from knowledge.prefill import prefill


def test_contest_and_medal_are_taken_from_the_question() -> None:
    facts = prefill("国赛银牌奖励多少", "quzhou.competition_award")
    assert facts == {"competition": "national", "result": "silver"}
    d = evaluate("quzhou.competition_award", facts, "2026-06-01")
    assert d.amount_cny == 200_000 and d.missing_facts == ["in_quzhou"]  # only the place left
    assert prefill("I won WorldSkills gold", "quzhou.competition_award") == \
        {"competition": "worldskills", "result": "gold"}


def test_ambiguous_or_foreign_words_are_not_taken() -> None:
    assert prefill("金牌还是银牌", "quzhou.competition_award") == {}
    assert prefill("国赛银牌", "jiangsu.excellent_technician") == {}
    assert prefill("高级技师能报吗", "jiangsu.excellent_technician") == \
        {"skill_level": "senior_technician"}
    assert prefill("衢州国赛银牌", "quzhou.competition_award").get("in_quzhou") is None
    assert prefill("评上衢州大工匠和青年工匠", "quzhou.craftsman_award") == \
        {"titles": ["quzhou_great_craftsman", "quzhou_youth_craftsman"]}


def test_the_plan_name_is_not_a_skill_level() -> None:
    assert prefill("卓越技师年龄限制", "jiangsu.excellent_technician") == {}
    assert prefill("我是技师，能报卓越技师吗", "jiangsu.excellent_technician") == \
        {"skill_level": "technician"}
