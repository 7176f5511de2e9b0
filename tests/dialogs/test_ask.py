"""Free-text questions outside a step: programmes and articles with citations, or nothing."""

from __future__ import annotations

from tests.dialogs.chat import Chat, checks_offered, make_env


def test_a_chinese_question_gets_programmes_articles_and_a_check_button() -> None:
    chat = Chat(make_env("zh_CN"))
    out = chat.say("国赛铜牌奖励多少")
    assert out.state is None
    (reply,) = out.replies
    assert "技能竞赛获奖奖励" in reply.text and "二（二）6" in reply.text
    assert "征求意见稿" in reply.text  # the Quzhou text is a draft
    # the check button carries what the question named: 国赛 + 铜牌
    assert reply.button_data()[0] == "menu:check:quzhou.competition_award:national,bronze"
    assert reply.button_data()[-1] == "menu:main"
    chat.press("测算：技能竞赛获奖奖励")
    assert chat.state is not None and chat.state.params["program"] == "quzhou.competition_award"
    assert "是否在衢州" in chat.question.text  # the award is for Quzhou contestants (二（二）6)
    chat.press("是")
    # 国赛 and 铜牌 came with the button (issue 11: no repeated questions): the result
    assert chat.state is None and "金额：10万元" in chat.text and "哪项竞赛" not in chat.text


def test_an_english_question_is_answered_in_english() -> None:
    chat = Chat(make_env("en"))
    (reply,) = chat.say("how much is the technician allowance in Quzhou").replies
    assert "Technician and senior technician allowance" in reply.text
    assert "(Quzhou Craftsman draft Part 2 (4) 13) – consultation draft" in reply.text
    assert "quzhou.technician_allowance" in checks_offered(reply)
    summaries = [line for line in reply.text.splitlines()
                 if line and not line.startswith(("•", "<i>"))]
    assert summaries and not any("\u4e00" <= ch <= "\u9fff" for ch in "".join(summaries))


def test_an_ended_scheme_is_marked_as_ended() -> None:
    chat = Chat(make_env("en"))
    (reply,) = chat.say("Jiangmen skills master studio").replies
    assert "District skills master studio grant" in reply.text and "– ended" in reply.text


def test_an_article_without_a_programme_is_cited_too() -> None:
    chat = Chat(make_env("en"))
    (reply,) = chat.say("高新工匠方案还有效吗").replies
    first = reply.text.split("\n\n")[1]
    assert "(Jiangmen Gaoxin Craftsman scheme (2018) Part 4) – ended" in first
    assert "31 December 2020" in first
    assert "jiangmen.gaoxin_craftsman" in checks_offered(reply)  # a later hit


def test_articles_only_say_no_check_covers_them() -> None:
    chat = Chat(make_env("zh_CN"))
    (reply,) = chat.say("江苏高技能人才能直接落户吗").replies
    assert "五（十八）" in reply.text and "暂无对应的测算" in reply.text
    assert reply.button_data() == ["hf:new", "menu:main"]  # an officer, or the menu


def test_nothing_found_says_so_offers_an_officer_and_names_no_amount() -> None:
    """Not guessing is right, a dead end is not: the question can go to an officer
    (bot/dialogs/handoff/), and Cancel leads back to the menu."""
    for question in ("今天天气怎么样", "what is the weather today", "asdfghjkl"):
        chat = Chat(make_env("en"))
        (reply,) = chat.say(question).replies
        assert "will not guess" in reply.text and "An officer can answer it" in reply.text
        assert chat.state is not None and chat.state.flow == "handoff"
        labels = [b.label for row in reply.buttons for b in row]
        assert "Suzhou" in labels and "✖️ Cancel" in labels, labels
        assert "¥" not in reply.text and "yuan" not in reply.text


def test_inside_a_step_a_question_is_not_taken_as_the_answer() -> None:
    # issue 15: the question is answered on the side and the step asked again (was: refused)
    chat = Chat(make_env("en"))
    chat.press_data("menu:check:quzhou.worldskills_team_sponsor")
    chat.press("Yes")  # the sending unit is in Quzhou
    chat.say("国赛铜牌奖励多少")
    assert chat.state is not None and chat.state.step == "f:members"
    assert "members" not in chat.state.answers and "members" not in chat.state.data.get(
        "answers", {})
    assert "Back to where we were" in chat.question.text


def test_an_empty_message_outside_a_step_offers_the_menu() -> None:
    chat = Chat(make_env("en"))
    (reply,) = chat.say("").replies
    assert "did not understand" in reply.text and "menu:match" in reply.button_data()


def test_a_question_inside_a_check_is_answered_and_the_check_goes_on() -> None:
    chat = Chat(make_env("zh_CN"))
    chat.press_data("menu:check:jiangsu.excellent_technician")
    step = chat.state.step
    out = chat.say("国赛银牌奖励多少")
    assert chat.state is not None and chat.state.step == step  # the check is still open
    assert "二（二）6" in out.replies[0].text or "银牌" in out.replies[0].text
    assert "quzhou.competition_award" in checks_offered(out.replies[0])
    assert out.replies[-1].question and "返回刚才的问题" in out.replies[-1].text
    assert "请点击下方的按钮" not in chat.text


def test_a_non_question_inside_a_check_is_asked_again() -> None:
    chat = Chat(make_env("en"))
    chat.press_data("menu:check:jiangsu.excellent_technician")
    out = chat.say("banana")
    assert len(out.replies) == 1 and "⚠️" in out.replies[0].text
