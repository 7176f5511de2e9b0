"""Free-text questions through the real bot and the fake Bot API.

Realistic questions, colloquial, Chinese and English, some with typos, sent outside any
step. The bot answers with the best matching programmes and articles (cited) and a
"▶️ Check" button per programme; the expected programme must be among the first three.
The test prints the hit rate and the misses. Off-topic questions get "nothing found"
with the menu, and no amount.
"""

from __future__ import annotations

import asyncio

from tests.e2e.harness import running_bot

QUESTIONS: list[tuple[str, tuple[str, ...]]] = [
    ("国赛铜牌奖励多少", ("quzhou.competition_award",)),
    ("世赛拿了银牌衢州奖多少钱", ("quzhou.competition_award",)),
    ("我是高级技师，在衢州企业一线，每年有津贴吗", ("quzhou.technician_allowance",)),
    ("技师津贴一年多少", ("quzhou.technician_allowance",)),
    ("衢州杰出工匠能拿多少", ("quzhou.craftsman_award",)),
    ("评上青年工匠给钱吗", ("quzhou.craftsman_award",)),
    ("出去研修学习能报销多少", ("quzhou.study_exchange",)),
    ("单位有人进了世赛国家集训队，有补助吗", ("quzhou.worldskills_team_sponsor",)),
    ("我们是世赛集训基地，一个项目补多少", ("quzhou.worldskills_training_base",)),
    ("协会办职业技能竞赛有没有补贴",
     ("quzhou.competition_hosting", "jiangmen.competition_hosting")),
    ("技能等级认定示范企业奖励", ("quzhou.certification_demo_enterprise",)),
    ("省级技能大师工作室补助多少钱", ("quzhou.skills_master_studio",)),
    ("公共实训基地一年培训两千人次给多少", ("quzhou.public_training_base",)),
    ("民营企业招了个技师，招工补助能多拿吗", ("quzhou.recruitment_uplift",)),
    ("江门高新区培训基地资助", ("jiangmen.training_base",)),
    ("企业自主评价 取证30人 补贴", ("jiangmen.self_evaluation",)),
    ("二级培养项目资助多少", ("jiangmen.training_project",)),
    ("从国外引进技师江门补贴多少", ("jiangmen.talent_introduction",)),
    ("江门办比赛经费能补多少", ("jiangmen.competition_hosting",)),
    ("江门选手拿了金牌有奖励吗", ("jiangmen.competition_medal",)),
    ("首席技师评高新工匠给两万吗", ("jiangmen.gaoxin_craftsman",)),
    ("卓越技师培育计划谁能报", ("jiangsu.excellent_technician",)),
    ("卓越技师A类补多少", ("jiangsu.excellent_technician",)),
    ("培训学时只完成了六成会怎么样", ("jiangsu.excellent_technician.completion",)),
    ("培训班优秀等次最多评几个", ("jiangsu.excellent_technician.grade_quota",)),
    ("补助经费交通住宿能占多少", ("jiangsu.excellent_technician.funding_use",)),
    ("卓越技师培训有事能推迟一年吗", ("jiangsu.excellent_technician.deferral",)),
    ("特级技师要什么条件", ("jiangsu.special_technician",)),
    ("我们厂想当特级技师评聘试点", ("jiangsu.special_technician.pilot_enterprise",)),
    ("我哪年退休", ("china.retirement_age",)),
    # typos and missing characters
    ("世赛金排奖励", ("quzhou.competition_award",)),
    ("技能大师工做室 江门", ("jiangmen.skills_master_studio",)),
    ("卓越技帅补贴", ("jiangsu.excellent_technician",)),
    ("how much do I get for a national competition bronze", ("quzhou.competition_award",)),
    ("quzhou technician alowance per year", ("quzhou.technician_allowance",)),
    ("grant for hosting a skills competion",
     ("quzhou.competition_hosting", "jiangmen.competition_hosting")),
    ("WorldSkills training base money per project", ("quzhou.worldskills_training_base",)),
    ("Jiangmen in-house skill assesment grant", ("jiangmen.self_evaluation",)),
    ("excellent technician plan who can apply", ("jiangsu.excellent_technician",)),
    ("when do I retire, born 1975", ("china.retirement_age",)),
    ("recruiting senior workers subsidy uplift", ("quzhou.recruitment_uplift",)),
    ("provincial skills master studio grant", ("quzhou.skills_master_studio",)),
    ("Gaoxin craftsman award", ("jiangmen.gaoxin_craftsman",)),
    ("can a trainee defer the excellent technician training",
     ("jiangsu.excellent_technician.deferral",)),
]
OFF_TOPIC = ["今天天气怎么样", "帮我订一张去北京的机票", "what is the weather today", "asdfghjkl",
             "how do I cook rice", "股票怎么买"]
MIN_RATE = 0.95  # 84 % before the colloquial fixes, 100 % after


def is_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def offered_checks(message) -> list[str]:
    """Programme ids of the answer's "▶️ Check" buttons, in order."""
    return [data.removeprefix("menu:check:").split(":")[0] for label, data in message.buttons
            if data and label.startswith("▶️") and data.startswith("menu:check:")]


async def ask_all(api, user, questions: list[str]) -> dict[str, object]:
    answers = {}
    for question in questions:
        await user.send_and_wait(question)
        answers[question] = api.last_bot_message(user.id)
    return answers


async def test_free_text_questions_find_their_programme_in_the_top_three(
        fake_api, sqlite_url) -> None:
    zh, en = fake_api.user(8801, language_code="zh-hans"), fake_api.user(8802,
                                                                         language_code="en")
    zh_q = [q for q, _ in QUESTIONS if is_chinese(q)]
    en_q = [q for q, _ in QUESTIONS if not is_chinese(q)]
    async with running_bot(fake_api, sqlite_url):
        zh_a, en_a = await asyncio.gather(ask_all(fake_api, zh, zh_q),
                                          ask_all(fake_api, en, en_q))
    answers = {**zh_a, **en_a}
    misses = []
    for question, expected in QUESTIONS:
        message = answers[question]
        offered = offered_checks(message)
        if not any(p in offered[:3] for p in expected):
            misses.append((question, expected, offered))
        if offered:  # an answer cites the article of each programme it offers
            assert "（" in message.text or "(" in message.text, message.text
    rate = 1 - len(misses) / len(QUESTIONS)
    print(f"\nfree-text hit rate (expected programme among the first 3 offered): "
          f"{rate:.0%} of {len(QUESTIONS)} questions "
          f"({len(zh_q)} Chinese, {len(en_q)} English)")
    for question, expected, offered in misses:
        print(f"  missed: {question!r} expected {expected} offered {offered}")
    assert len(QUESTIONS) >= 30 and zh_q and en_q
    assert rate >= MIN_RATE


async def test_off_topic_questions_get_nothing_and_an_officer(fake_api, sqlite_url) -> None:
    """Nothing is guessed; the dead end is an offer to ask an officer (bot/dialogs/handoff/),
    with Cancel back to the menu, and typing on is a new search."""
    user = fake_api.user(8803, language_code="en")
    async with running_bot(fake_api, sqlite_url):
        answers = await ask_all(fake_api, user, OFF_TOPIC)
    for question, message in answers.items():
        assert "will not guess" in message.text and "An officer can answer it" in \
            message.text, question
        assert offered_checks(message) == [], question
        labels = [label for label, _ in message.buttons]
        assert "Suzhou" in labels and "✖️ Cancel" in labels, question
        assert "¥" not in message.text and "yuan" not in message.text, question


async def test_the_check_button_of_an_answer_starts_that_check(fake_api, sqlite_url) -> None:
    user = fake_api.user(8804, language_code="zh-hans")
    async with running_bot(fake_api, sqlite_url):
        await user.send_and_wait("国赛铜牌奖励多少")
        answer = fake_api.last_bot_message(user.id)
        assert "二（二）6" in answer.text and "征求意见稿" in answer.text
        await user.click_and_wait("▶️ 测算：技能竞赛获奖奖励", answer.message_id)
        question = fake_api.last_bot_message(user.id)
        assert "是否在衢州" in question.text  # the award is for Quzhou contestants (二（二）6)
        shown = await user.click_and_wait("是", question.message_id)
        # the contest and the medal the question named are not asked again (issue 11)
        assert not any("您在哪项竞赛中获奖" in c.params.get("text", "") for c in shown)
        result = fake_api.last_bot_message(user.id).text
    assert "金额：10万元" in result and "二（二）6" in result
