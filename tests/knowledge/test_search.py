"""Free-text search: realistic questions find the right program or article."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

import knowledge.programs  # noqa: F401  (registers every program)
from knowledge.core import REGISTRY
from knowledge.policy import all_policies
from knowledge.search import Hit, parent_of, search
from knowledge.search_text import coverage, token_groups, tokenize

TODAY = dt.date(2025, 6, 1)
QZ, JM = "quzhou-craftsman-draft", "jiangmen-gaoxin-craftsman-2018"
JS24 = "jiangsu-craftsman-measures-2024"

# (question, acceptable answers): a program id, or (document, article) for an article.
QUESTIONS: list[tuple[str, tuple[str | tuple[str, str], ...]]] = [
    ("技师津贴多少钱", ("quzhou.technician_allowance",)),
    ("我得了国赛铜牌", ("quzhou.competition_award",)),
    ("世赛金牌奖励", ("quzhou.competition_award",)),
    ("how much is the technician allowance in Quzhou", ("quzhou.technician_allowance",)),
    ("江门 技能大师工作室", ("jiangmen.skills_master_studio",)),
    ("高级技师每年有多少津贴", ("quzhou.technician_allowance",)),
    ("事业单位的技师也有人才津贴吗", ("quzhou.technician_allowance",)),
    ("评上衢州大工匠能拿多少钱", ("quzhou.craftsman_award",)),
    ("青年工匠有奖励没", ("quzhou.craftsman_award",)),
    ("出国研修交流有补贴吗", ("quzhou.study_exchange",)),
    ("我们厂有人入选世赛国家集训队，单位有钱吗", ("quzhou.worldskills_team_sponsor",)),
    ("世赛国家集训基地补助多少", ("quzhou.worldskills_training_base",)),
    ("我们协会想办个技能比赛，有补助吗",
     ("quzhou.competition_hosting", "jiangmen.competition_hosting")),
    ("技能等级认定示范企业给多少钱", ("quzhou.certification_demo_enterprise",)),
    ("市级公共实训基地一年培训1000人次", ("quzhou.public_training_base",)),
    ("招了个高级工，招工补助能上浮吗", ("quzhou.recruitment_uplift",)),
    ("江门 高技能人才培训基地 资助", ("jiangmen.training_base",)),
    ("企业自主评价 每30人 补贴", ("jiangmen.self_evaluation",)),
    ("高技能人才培养项目一级资助多少", ("jiangmen.training_project",)),
    ("从外地引进高级技师，江门给企业补贴吗", ("jiangmen.talent_introduction",)),
    ("江门办技能竞赛 筹办经费能补一半吗", ("jiangmen.competition_hosting",)),
    ("高新工匠怎么评", ("jiangmen.gaoxin_craftsman",)),
    ("首席技师能评高新工匠吗", ("jiangmen.gaoxin_craftsman",)),
    ("江门 比赛拿了银牌有奖励吗", ("jiangmen.competition_medal",)),
    ("WorldSkills gold medal prize", ("quzhou.competition_award",)),
    ("skills master studio grant at national level", ("quzhou.skills_master_studio",)),
    ("Jiangmen grant for recruiting a senior technician from abroad",
     ("jiangmen.talent_introduction",)),
    ("public training base subsidy", ("quzhou.public_training_base",)),
    ("浙江技能大赛获奖有配套奖励吗", ("quzhou.competition_award",)),
    ("国赛优胜奖衢州奖多少", ("quzhou.competition_award",)),
    # typos and missing characters
    ("技师津帖", ("quzhou.technician_allowance",)),
    ("技能大师工做室", ("quzhou.skills_master_studio", "jiangmen.skills_master_studio")),
    ("世界技能大金牌", ("quzhou.competition_award",)),
    ("techncian alowance", ("quzhou.technician_allowance",)),
    ("worldskils medal", ("quzhou.competition_award",)),
    ("公共实训基", ("quzhou.public_training_base",)),
    # articles without a program
    ("江苏高技能人才能直接落户吗", ((JS24, "五（十八）"),)),
    ("高新工匠方案还有效吗", ((JM, "四"),)),
    ("衢州 技工院校毕业生 职称", ((QZ, "二（二）8"), (QZ, "二（五）18"))),
    ("职业学校教师要有企业实践经历吗", ((JS24, "一（三）"),)),
    # K1's programs
    ("卓越技师培育计划 申请条件", ("jiangsu.excellent_technician",)),
    ("特级技师评聘条件", ("jiangsu.special_technician",)),
    ("延迟退休 我什么时候退休", ("china.retirement_age",)),
    ("卓越技师培训学时不够70%会怎样", ("jiangsu.excellent_technician.completion",)),
    ("企业想申报特级技师评聘试点", ("jiangsu.special_technician.pilot_enterprise",)),
    ("卓越技师 优秀良好比例", ("jiangsu.excellent_technician.grade_quota",)),
    ("卓越技师补助经费怎么花", ("jiangsu.excellent_technician.funding_use",)),
    ("卓越技师培训能延期吗", ("jiangsu.excellent_technician.deferral",)),
    ("特级技师 世赛奖牌 优先", ("jiangsu.special_technician",)),
    ("女职工退休年龄", ("china.retirement_age",)),
]

# Held-out questions, written before the search was tuned on the chat test's misses and
# never tuned on: colloquial, Chinese and English, typos; every region and role.
HELD_OUT: list[tuple[str, tuple[str | tuple[str, str], ...]]] = [
    ("我老婆是工人，她多大岁数能退休", ("china.retirement_age",)),
    ("1970年出生的男的几岁退休", ("china.retirement_age",)),
    ("what's the retirement age for women workers", ("china.retirement_age",)),
    ("衢州高级技师每个月有补贴拿吗", ("quzhou.technician_allowance",)),
    ("拿到衢州工匠称号有啥奖励", ("quzhou.craftsman_award",)),
    ("省赛拿了一等奖，衢州有奖金吗", ("quzhou.competition_award",)),
    ("I won silver at WorldSkils, is there a bonus", ("quzhou.competition_award",)),
    ("工匠出国学习交流的费用能补多少", ("quzhou.study_exchange",)),
    ("我们公司想建个技能大师工作室，衢州给多少经费", ("quzhou.skills_master_studio",)),
    ("企业招聘高级工有没有额外的招工补贴", ("quzhou.recruitment_uplift",)),
    ("我们是培训学校，建公共实训基地有钱吗", ("quzhou.public_training_base",)),
    ("江门高新区企业搞技能等级自主评价有啥补助", ("jiangmen.self_evaluation",)),
    ("江门企业从外省挖了个高级技师过来，有补贴吗", ("jiangmen.talent_introduction",)),
    ("高新区培训机构申报高技能人才培训基地", ("jiangmen.training_base",)),
    ("I got a medal in a Jiangmen skills contest, any reward?",
     ("jiangmen.competition_medal",)),
    ("江门技能大市工作室资助", ("jiangmen.skills_master_studio",)),
    ("卓越技师计划每人补助多少钱", ("jiangsu.excellent_technician",)),
    ("卓越技师培训课时没上够会不会挂", ("jiangsu.excellent_technician.completion",)),
    ("卓越技师的补助钱能用来买耗材吗", ("jiangsu.excellent_technician.funding_use",)),
    ("培训班学员评优秀的名额有限制吗", ("jiangsu.excellent_technician.grade_quota",)),
    ("how to become a special technician in Jiangsu", ("jiangsu.special_technician",)),
    ("我们公司能申请特级技帅评聘试点吗", ("jiangsu.special_technician.pilot_enterprise",)),
    ("can I postpone my excellent techician training",
     ("jiangsu.excellent_technician.deferral",)),
]
# 78 % (18 of 23) before the colloquial fixes, 91 % (21) after; a floor, not a target.
HELD_OUT_MIN_RATE = 0.85

NOISE = ["今天天气怎么样", "我想吃火锅", "what is the weather today", "股票怎么买",
         "帮我订一张去北京的机票", "asdfghjkl", "推荐一部电影", "医保报销比例",
         "个人所得税怎么算", "怎么申请护照", "best restaurant nearby", "what time is it",
         "how do I cook rice", "驾照考试报名多少钱", "我哪年能买房", "孩子上学有补贴吗"]


def _matches(hit: Hit, answer: str | tuple[str, str]) -> bool:
    if isinstance(answer, str):
        return hit.program == answer
    return (hit.document, hit.article) == answer


def _rank(question: str, answers: tuple[str | tuple[str, str], ...]) -> int | None:
    hits = search(question, limit=3, today=TODAY)
    for i, hit in enumerate(hits):
        if any(_matches(hit, a) for a in answers):
            return i
    return None


def _hit_rate(name: str, questions: list[tuple[str, tuple[str | tuple[str, str], ...]]]
              ) -> float:
    misses = [(q, a) for q, a in questions if _rank(q, a) is None]
    rate = 1 - len(misses) / len(questions)
    print(f"\n{name} hit rate (top 3): {rate:.0%} of {len(questions)} questions")
    for q, a in misses:
        got = [h.program or h.article for h in search(q, today=TODAY)]
        print("  missed:", q, "expected", a, "got", got)
    return rate


def test_questions_find_their_program_in_top_three() -> None:
    assert len(QUESTIONS) >= 30
    assert _hit_rate("search", QUESTIONS) >= 0.9


def test_held_out_questions() -> None:
    assert len(HELD_OUT) >= 20
    assert _hit_rate("held-out", HELD_OUT) >= HELD_OUT_MIN_RATE


@pytest.mark.parametrize("question,program", [
    ("技师津贴多少钱", "quzhou.technician_allowance"),
    ("我得了国赛铜牌", "quzhou.competition_award"),
    ("世赛金牌奖励", "quzhou.competition_award"),
    ("how much is the technician allowance in Quzhou", "quzhou.technician_allowance"),
    ("江门 技能大师工作室", "jiangmen.skills_master_studio"),
])
def test_key_questions_rank_the_program_first(question: str, program: str) -> None:
    hits = search(question, today=TODAY)
    assert hits and hits[0].program == program


def test_answers_refer_to_existing_programs_and_articles() -> None:
    policies = all_policies()
    for _, answers in QUESTIONS + HELD_OUT:
        for a in answers:
            if isinstance(a, str):
                assert a in REGISTRY, a
            else:
                assert a[1] in policies[a[0]].articles, a


@pytest.mark.parametrize("question", NOISE)
def test_off_topic_questions_return_nothing(question: str) -> None:
    assert search(question, today=TODAY) == []


def test_empty_query_and_zero_limit() -> None:
    assert search("", today=TODAY) == []
    assert search("   ", today=TODAY) == []
    assert search("技师津贴", limit=0, today=TODAY) == []


def test_hit_shape_and_order() -> None:
    hits = search("世赛 国赛 金牌 奖励 集训", limit=4, today=TODAY)
    assert 1 <= len(hits) <= 4
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True)
    d = hits[0].to_dict()
    assert set(d) == {"program", "document", "article", "score", "title"}
    assert d["score"] == round(d["score"], 2)
    assert d["document"] in all_policies()
    assert d["article"] in all_policies()[d["document"]].articles


def test_each_program_appears_once() -> None:
    hits = search("江门 培养项目 自主评价 不得重复", limit=10, today=TODAY)
    programs = [h.program for h in hits if h.program]
    assert len(programs) == len(set(programs))


def test_implemented_article_carries_program_and_other_article_does_not() -> None:
    hits = search("公共实训基地 1000人次", today=TODAY)
    assert hits[0].program == "quzhou.public_training_base"
    assert (hits[0].document, hits[0].article) == (QZ, "二（三）10")
    hits = search("工匠精神 宣传", today=TODAY)
    assert hits and hits[0].program is None


def test_title_follows_locale() -> None:
    zh = search("技师津贴", today=TODAY, locale="zh_CN")[0]
    en = search("技师津贴", today=TODAY, locale="en")[0]
    assert zh.title == REGISTRY["quzhou.technician_allowance"].title_zh
    assert en.title == REGISTRY["quzhou.technician_allowance"].title_en


def test_expired_scheme_ranks_lower_after_expiry() -> None:
    def score(today: dt.date) -> float:
        hits = search("江门 技能大师工作室", today=today)
        return next(h.score for h in hits if h.program == "jiangmen.skills_master_studio")

    assert score(dt.date(2019, 6, 1)) > score(dt.date(2025, 6, 1))


def test_tokenizer_mixes_words_and_fragments() -> None:
    toks = tokenize("我得了国赛铜牌 Allowances")
    assert "w:国赛" in toks and "w:铜牌" in toks
    assert "b:赛铜" in toks  # bigram across words tolerates segmentation errors
    assert "w:allowance" in toks and "t:all" in toks
    assert not any(t.endswith("了") or t == "w:我" for t in toks)


def test_colloquial_filler_does_not_count_against_a_match() -> None:
    words = [g[0] for g in token_groups("培训学时只完成了六成会怎么样 我哪年退休 what's up")]
    assert "w:培训学时" in words and "w:完成" in words and "w:退休" in words
    assert not any(w in words for w in ("w:只", "w:哪年", "w:会", "w:s", "w:怎么样"))
    assert search("我哪年退休", today=TODAY)[0].program == "china.retirement_age"


def test_coverage_counts_words_and_intent_words_weigh_half() -> None:
    tf = Counter(tokenize("技师津贴 申请"))
    assert coverage(token_groups("技师津贴"), tf) == 1.0
    assert coverage(token_groups("技师津贴 护照"), tf) == 0.5
    assert coverage(token_groups("申请 护照"), tf) == pytest.approx(1 / 3)
    assert coverage(token_groups("护照"), tf) == 0.0
    assert coverage([], tf) == 0.0


def test_parent_of_a_sub_rule() -> None:
    assert parent_of("jiangsu.excellent_technician.deferral") == "jiangsu.excellent_technician"
    assert parent_of("jiangsu.excellent_technician") is None
    assert parent_of("quzhou.craftsman_award") is None


def _programs(question: str) -> list[str]:
    return [h.program for h in search(question, today=TODAY) if h.program]


@pytest.mark.parametrize("question", ["卓越技师A类补多少", "卓越技师培育计划 补贴",
                                      "excellent technician plan who can apply"])
def test_the_plan_ranks_above_sub_rules_the_question_does_not_name(question: str) -> None:
    programs = [p for p in _programs(question) if p.startswith("jiangsu.excellent")]
    assert programs and programs[0] == "jiangsu.excellent_technician"


@pytest.mark.parametrize("question,sub_rule", [
    ("卓越技师培训能延期吗", "jiangsu.excellent_technician.deferral"),
    ("卓越技师补助经费交通住宿比例", "jiangsu.excellent_technician.funding_use"),
])
def test_a_named_sub_rule_keeps_its_rank(question: str, sub_rule: str) -> None:
    programs = _programs(question)
    assert sub_rule in programs
    assert "jiangsu.excellent_technician" not in programs[:programs.index(sub_rule)]


# --- article level: the right programme AND article in the top three ---------------------
# tests/knowledge/search/held_out.yaml was committed before the article-level tuning and
# never tuned on; benchmarks/search_bench.py prints both figures and the misses.
# Before tuning: tuning 76% (19 of 25), held-out 73% (33 of 45); after: 96% and 84%.
SETS = Path(__file__).parent / "search"
ARTICLE_FLOORS = {"tuning": 0.9, "held_out": 0.8}


def _article_rate(name: str) -> float:
    rows = yaml.safe_load((SETS / f"{name}.yaml").read_text(encoding="utf-8"))
    hits = 0
    for row in rows:
        wanted = {tuple(e) for e in row["expect"]}
        got = {(h.program, h.document, h.article)
               for h in search(row["q"], limit=3, today=dt.date(2026, 6, 1))}
        hits += bool(wanted & got)
    rate = hits / len(rows)
    print(f"\n{name}: top-3 programme+article {rate:.0%} of {len(rows)}")
    return rate


@pytest.mark.parametrize("name", sorted(ARTICLE_FLOORS))
def test_article_level_hit_rate(name: str) -> None:
    assert _article_rate(name) >= ARTICLE_FLOORS[name]


def test_held_out_set_is_large_and_cites_existing_articles() -> None:
    rows = yaml.safe_load((SETS / "held_out.yaml").read_text(encoding="utf-8"))
    assert len(rows) >= 40
    assert any(re.search(r"[a-z]", r["q"]) for r in rows)  # English too
    assert any(re.search(r"\d", r["q"]) for r in rows)  # with numbers
    for row in rows:
        for program, document, article in row["expect"]:
            assert program is None or program in REGISTRY
            assert article in all_policies()[document].articles


@pytest.mark.parametrize("question,program,article", [
    ("卓越技师年龄限制", "jiangsu.excellent_technician", "第二条"),
    ("我快退休了还能参加卓越技师吗", "jiangsu.excellent_technician", "第二条"),
    ("我今年56岁能报卓越技师吗", "jiangsu.excellent_technician", "第二条"),
    ("卓越技师的补贴是发给我个人吗", "jiangsu.excellent_technician", "第二十二条"),
    ("卓越技师补助经费怎么花", "jiangsu.excellent_technician.funding_use", "第十条"),
])
def test_the_questions_of_issue_11_find_their_article(question: str, program: str,
                                                      article: str) -> None:
    hits = search(question, limit=3, today=TODAY)
    assert (program, article) in [(h.program, h.article) for h in hits]


def test_a_place_we_do_not_cover_gets_no_regional_programmes() -> None:
    assert search("上海有什么技能补贴", today=TODAY) == []
    hits = search("上海退休年龄怎么算", today=TODAY)
    assert hits and all(h.document == "china-retirement-age-2024" for h in hits)
    assert search("南京 卓越技师年龄", today=TODAY)[0].document == "jiangsu-excellent-technician"
