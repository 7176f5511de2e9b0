"""Every programme of the rules contract end to end: the real bot and the fake Bot API.

A user opens /menu, walks the lookup menus by their labels (who asks → region → topic →
programme), answers exactly the questions that programme needs and reads the answer:
the amount and the cited article must be there. One language per programme; both
languages across the file.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from knowledge.articles import article_label
from tests.e2e.harness import running_bot


@dataclass(frozen=True)
class Tap:
    label: str


@dataclass(frozen=True)
class Case:
    program: str
    locale: str
    path: tuple[str, ...]  # menu labels from /menu to the programme
    answers: tuple[Tap | str, ...]  # one per question, in the order asked
    expect: tuple[str, ...]  # the amount (or the decisive figure) and more
    article: str


W_EN, E_EN, T_EN = ("👷 For workers: subsidies and awards", "🏭 For employers: grants",
                    "🏫 For training units")
W_ZH, E_ZH, T_ZH = "👷 职工：补贴与奖励", "🏭 用人单位：资助", "🏫 培训单位"
JS_EN, QZ_EN, JM_EN = ("📍 Jiangsu (江苏)", "📍 Quzhou, Zhejiang (衢州) – draft",
                       "📍 Jiangmen High-tech Zone (江门) – 2018-2020, ended")
JS_ZH, QZ_ZH, JM_ZH = "📍 江苏", "📍 浙江衢州（征求意见稿）", "📍 江门高新区（2018-2020年，已结束）"
TOOLS_EN, TOOLS_ZH = "🧰 Excellent Technician plan tools", "🧰 卓越技师培育工具"
ENDED_EN = "ran from December 29, 2018 to December 31, 2020 and has ended"
ENDED_ZH = "本方案实施期为2018年12月29日至2020年12月31日，现已结束"
DRAFT_EN, DRAFT_ZH = "draft for comments", "征求意见稿"

CASES = [
    Case("china.retirement_age", "en",
         (W_EN, "📍 Nationwide", "⏳ Statutory retirement age (gradual rise from 2025)"),
         ("1975-06-15", Tap("Man")), ("62 years 8 months", "2038-02"), "附件1"),
    Case("jiangsu.excellent_technician", "zh_CN",
         (W_ZH, JS_ZH, "📚 江苏省卓越技师培育计划（A/B类）"),
         (Tap("一级 – 高级技师"), "1975-06-15", Tap("男"), Tap("是"), Tap("从未参加过")),
         ("每年1万元", "2万元", "A"), "第二十三条"),
    Case("jiangsu.excellent_technician.completion", "en",
         (TOOLS_EN, "📏 Attendance threshold (pass or automatic fail)"),
         ("65%",), ("❌", "65.0%", "below 70% the trainee fails automatically"), "第二十一条"),
    Case("jiangsu.excellent_technician.grade_quota", "zh_CN",
         (TOOLS_ZH, "📊 班级优秀、良好等次比例"), ("20", "7"),  # 7 > 6: decided at once
         ("❌", "7", "6"), "第二十条"),
    Case("jiangsu.excellent_technician.funding_use", "en",
         (T_EN, JS_EN, "📚 Excellent technician plan: spending shares (teaching at least 80%)"),
         ("85000", "15000"), ("85.0%", "15.0%"), "第十条"),
    Case("jiangsu.excellent_technician.deferral", "zh_CN",
         (W_ZH, JS_ZH, "📚 卓越技师培育：申请延期（最多一次）"), ("1",), ("❌", "1"), "第二十四条"),
    Case("jiangsu.special_technician", "en", ("🎖 Check: Special Technician pilot",),
         (Tap("Yes"), Tap("Never"), Tap("Level 1 – senior technician (高级技师)"), "6",
          Tap("Yes"), Tap("✔️ Done")),
         ("Amount: not stated in the document", "6 years (at least 5)"), "一（二）"),
    Case("jiangsu.special_technician.pilot_enterprise", "zh_CN",
         (E_ZH, JS_ZH, "📋 江苏省特级技师评聘试点企业申报"), (Tap("是"), Tap("是"), "12"),
         ("⚠️", "12"), "一（一）"),
    Case("quzhou.craftsman_award", "zh_CN", (W_ZH, QZ_ZH, "🏆 衢州工匠系列称号经费支持"),
         (Tap("▫️ 衢州大工匠"), Tap("▫️ 衢州青年工匠"), Tap("✔️ 完成")),
         ("金额：10万元", "一次性发放", DRAFT_ZH), "二（一）2"),
    Case("quzhou.study_exchange", "en", (W_EN, QZ_EN, "📚 Study and exchange trips for skilled "
                                                      "talent"),
         (Tap("Yes"),), ("Amount: up to ¥20,000.", DRAFT_EN), "二（一）3"),
    Case("quzhou.competition_award", "en", (W_EN, QZ_EN, "🥇 Awards for skills competition "
                                                         "winners"),
         (Tap("Yes"), Tap("WorldSkills Competition (世界技能大赛)"), Tap("🥇 Gold")),
         ("Amount: ¥1,000,000.", "One-time award", DRAFT_EN), "二（二）6"),
    Case("quzhou.technician_allowance", "zh_CN", (W_ZH, QZ_ZH, "💴 技师（高级技师）人才津贴"),
         (Tap("是"), Tap("二级 – 技师"), Tap("企业"), Tap("是"), Tap("是")),
         ("每年5,000元", "每年发放"), "二（四）13"),
    Case("quzhou.worldskills_training_base", "zh_CN",
         (T_ZH, QZ_ZH, "🥇 世界技能大赛国家级集训基地补助"), (Tap("是"), "2"), ("金额：100万元",),
         "二（二）6"),
    Case("quzhou.worldskills_team_sponsor", "en",
         (E_EN, QZ_EN, "🥇 Competitions",
          "🥇 Grant to units sending members to the WorldSkills national squad"),
         (Tap("Yes"), "3"), ("Amount: ¥300,000.", "the unit that sent the squad members"),
         "二（二）6"),
    Case("quzhou.competition_hosting", "zh_CN", (E_ZH, QZ_ZH, "🏁 举办职业技能竞赛补助"),
         (Tap("是"), "3"), ("金额：3万元", "发放对象：主办单位"), "二（二）6"),
    Case("quzhou.certification_demo_enterprise", "en",
         (E_EN, QZ_EN, "📋 City skill certification demonstration enterprise grant"), (),
         ("Amount: ¥50,000.", "Paid to: the employer."), "二（二）7"),
    Case("quzhou.skills_master_studio", "zh_CN",
         (E_ZH, QZ_ZH, "🏛 工作室与培训基地", "🏛 技能大师工作室经费"), (Tap("是"), Tap("市级")),
         ("金额：5万元", "开办经费"), "二（三）9"),
    Case("quzhou.public_training_base", "en",
         (E_EN, QZ_EN, "🏛 Studios and training bases", "🏛 Public training base grant"),
         (Tap("Yes"), Tap("City level"), "1500"), ("Amount: up to ¥200,000.",), "二（三）10"),
    Case("quzhou.recruitment_uplift", "zh_CN", (E_ZH, QZ_ZH, "🤝 引进高级工以上招工补助上浮"),
         (Tap("是"), Tap("二级 – 技师"), "3000"), ("金额：3,900元", "上浮30%"), "二（一）4"),
    Case("jiangmen.training_base", "en",
         (T_EN, JM_EN, "🏛 District high-skill training base grant (Jiangmen High-tech Zone)"),
         (Tap("Yes"),), ("Amount: ¥100,000.", ENDED_EN), "二（一）"),
    Case("jiangmen.skills_master_studio", "zh_CN",
         (E_ZH, JM_ZH, "🏛 工作室与培训基地", "🏛 区级技能大师工作室资助"),
         (Tap("是"), Tap("一级 – 高级技师")),
         ("金额：5万元", ENDED_ZH), "二（二）"),
    Case("jiangmen.self_evaluation", "en",
         (E_EN, JM_EN, "📋 In-house skill assessment grant (Jiangmen High-tech Zone)"),
         (Tap("Yes"), Tap("Large enterprise"), "65"), ("Amount: ¥60,000.",
                                                       "training project grant"),
         "二（三）1"),
    Case("jiangmen.training_project", "zh_CN", (T_ZH, JM_ZH, "📚 高技能人才培养项目分级资助"),
         (Tap("否"), Tap("是"), Tap("一级")), ("金额：10万元", ENDED_ZH), "二（三）2"),
    Case("jiangmen.talent_introduction", "en",
         (E_EN, JM_EN, "🤝 Grant for recruiting technicians (Jiangmen High-tech Zone)"),
         (Tap("Yes"), Tap("Yes"), Tap("Yes"), Tap("Yes"), "2", "3"),
         ("Amount: ¥35,000.", ENDED_EN), "二（三）3"),
    Case("jiangmen.competition_hosting", "zh_CN", (E_ZH, JM_ZH, "🏁 举办职业技能竞赛资助"),
         (Tap("是"), "8万"), ("金额：最高4万元", ENDED_ZH), "二（三）4"),
    Case("jiangmen.competition_medal", "en",
         (W_EN, JM_EN, "🥇 Incentive for competition medallists (Jiangmen High-tech Zone)"),
         (Tap("Yes"),),
         ("Amount: not stated in the document", ENDED_EN), "二（三）4"),
    Case("jiangmen.gaoxin_craftsman", "zh_CN", (W_ZH, JM_ZH, "🏆 “高新工匠”一次性资助"),
         (Tap("是"), Tap("是")),
         ("金额：2万元", "一次性资助", ENDED_ZH), "二（四）"),
]


def is_question(message) -> bool:
    return any(data.startswith(("a:", "n:")) for _, data in message.buttons if data)


async def run_case(api, user, case: Case) -> str:
    """Walk the menus, answer every question in order; return the answer's text."""
    await user.send_and_wait("/menu")
    for label in case.path:
        await user.click_and_wait(label, api.last_bot_message(user.id).message_id)
    for answer in case.answers:
        msg = api.last_bot_message(user.id)
        assert is_question(msg), f"{case.program}: expected a question, got {msg.text}"
        if isinstance(answer, Tap):
            await user.click_and_wait(answer.label, msg.message_id)
        else:
            await user.send_and_wait(answer)
    result = api.last_bot_message(user.id)
    assert not is_question(result), f"{case.program}: one more question: {result.text}"
    return result.text


def test_every_programme_has_a_case_and_both_languages_are_used() -> None:
    import knowledge.api  # noqa: F401
    from knowledge.core import REGISTRY

    assert sorted(c.program for c in CASES) == sorted(REGISTRY)
    assert {c.locale for c in CASES} == {"zh_CN", "en"}


@pytest.mark.parametrize("case", CASES, ids=[c.program for c in CASES])
async def test_programme_end_to_end(case: Case, fake_api, sqlite_url) -> None:
    user = fake_api.user(7000 + CASES.index(case),
                         language_code="zh-hans" if case.locale == "zh_CN" else "en")
    async with running_bot(fake_api, sqlite_url):
        text = await run_case(fake_api, user, case)
    for fragment in case.expect:
        assert fragment in text, f"{case.program}: {fragment!r} not in\n{text}"
    cited = article_label(case.article, case.locale)  # 二（三）9 / Part 2 (3) 9
    assert cited in text, f"{case.program}: article {cited} not in\n{text}"
    status = "状态" if case.locale == "zh_CN" else "Policy status"
    assert status in text


async def test_match_lists_programmes_and_a_later_check_reuses_the_profile(
        fake_api, sqlite_url) -> None:
    """/match after consenting in /start: the list, largest first; the saved answers are
    reused by the check a result button opens."""
    user = fake_api.user(7100, language_code="en")
    async with running_bot(fake_api, sqlite_url):
        await fake_api.wait_for_calls("setMyCommands", count=3)
        await user.send_and_wait("/start")
        for label in ("English", "👷 Skilled worker", "✅ I agree"):
            await user.click_and_wait(label, fake_api.last_bot_message(user.id).message_id)
        first = "\n".join(c.params.get("text", "") for c in await user.send_and_wait("/match"))
        assert "Who is asking?" not in first  # the role chosen at /start is not asked again
        for label in ("Quzhou (衢州)", "Level 2 – technician (技师)",
                      "An enterprise", "▫️ Quzhou Outstanding Craftsman (衢州杰出工匠)",
                      "✔️ Done", "No such award"):
            await user.click_and_wait(label, fake_api.last_bot_message(user.id).message_id)
        listing = fake_api.last_bot_message(user.id)
        await user.click_and_wait("📄 Full answer: Quzhou craftsman titles: one-time funding",
                                  listing.message_id)
        answer = fake_api.last_bot_message(user.id).text
        await user.send_and_wait("/mydata")
        mydata = fake_api.last_bot_message(user.id).text
    # grouped by whether one can apply now: Quzhou's programmes are a consultation draft
    assert "In draft" in listing.text and "Open now" not in listing.text, listing.text
    lines = [ln for ln in listing.text.splitlines() if ln[:1].isdigit()]
    assert lines[0].startswith("1. ✅ Quzhou craftsman titles") and "¥60,000" in lines[0]
    assert "Study and exchange trips" in lines[1] and "up to ¥20,000" in lines[1]
    assert "Technician and senior technician allowance" in listing.text
    assert "I saved your answers" in listing.text
    assert "Reused from your profile" in answer and "Amount: ¥60,000." in answer
    assert "Part 2 (1) 2" in answer and "draft for comments" in answer
    # /mydata names the saved facts in words, never by their codes
    assert "technician" in mydata and "Quzhou Outstanding Craftsman" in mydata
    assert "quzhou_outstanding_craftsman" not in mydata
    commands = {c["command"] for c in fake_api.commands(language_code="en")}
    assert "match" in commands
