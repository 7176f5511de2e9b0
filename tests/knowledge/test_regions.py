"""Recognising provinces and cities, and whether our documents cover them."""

from __future__ import annotations

import pytest

from knowledge.regions import coverage_note, covered_regions, find_regions, uncovered


@pytest.mark.parametrize("text,code,covered", [
    ("上海有什么技能补贴", "shanghai", False), ("I work in Shanghai", "shanghai", False),
    ("深圳的技师津贴", "shenzhen", False), ("南京卓越技师", "nanjing", True),
    ("江苏省特级技师", "jiangsu", True), ("衢州国赛奖励", "quzhou", True),
    ("江门高新区", "jiangmen", True), ("Jiangmen grant", "jiangmen", True),
    ("杭州技师津贴", "hangzhou", False), ("北京", "beijing", False),
])
def test_places_are_recognised_with_their_coverage(text: str, code: str, covered: bool) -> None:
    (m,) = find_regions(text)
    assert (m.region.code, m.covered) == (code, covered)


def test_a_province_covered_only_in_part_says_where() -> None:
    (m,) = find_regions("浙江有什么补贴")
    assert not m.covered and m.partly == ("quzhou",)
    assert "衢州" in (coverage_note("浙江有什么补贴") or "")


def test_no_place_or_covered_places_give_no_note() -> None:
    assert coverage_note("技师津贴多少钱") is None
    assert coverage_note("衢州技师津贴") is None


def test_the_note_names_the_place_and_what_is_covered_in_both_languages() -> None:
    zh = coverage_note("上海有什么技能补贴", "zh_CN")
    en = coverage_note("any subsidies in Shanghai?", "en")
    assert zh and "上海" in zh and "江苏" in zh and "衢州" in zh and "江门" in zh
    assert en and "Shanghai" in en and "Jiangsu" in en and "Quzhou" in en
    assert [r.code for r in covered_regions()] == ["jiangsu", "jiangmen", "quzhou"]
    assert [m.region.code for m in uncovered("上海和南京")] == ["shanghai"]
