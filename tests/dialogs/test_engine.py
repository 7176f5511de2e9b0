"""The engine with small static flows: answers, navigation, bad input, staleness, expiry."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from bot.dialogs.engine import kernel as engine
from bot.dialogs.engine.types import Button, DialogState, Event, SetLocale
from tests.dialogs.chat import Chat, checks_offered, make_env
from tests.dialogs.flows_for_tests import Finished


def start(flow: str = "test.form", locale: str = "en") -> Chat:
    chat = Chat(make_env(locale))
    out = engine.start_flow(flow, chat.env)
    chat.state = out.state
    chat.outcomes.append(out)
    chat.keyboard = out.replies[-1]
    return chat


def fill_to_kids(chat: Chat) -> None:
    chat.say("Ann")
    chat.say("1980-02-03")
    assert chat.state.step == "kids"


def test_progress_shows_position_and_total_on_a_fixed_path() -> None:
    chat = start("test.short")
    assert "(1/2)" in chat.question.text
    chat.press("One")
    assert "(2/2)" in chat.question.text


def test_progress_without_known_total_counts_questions() -> None:
    chat = start()
    assert "(question 1)" in chat.question.text
    chat.say("Ann")
    assert "(question 2)" in chat.question.text


def test_button_answer_edits_the_question_and_asks_the_next_as_a_new_message() -> None:
    chat = start("test.short")
    rev = chat.state.rev
    out = chat.press("Two")
    edit, nxt = out.replies
    assert edit.edit and not edit.buttons and "Two" in edit.text and "First?" in edit.text
    assert nxt.question and not nxt.edit and "Second?" in nxt.text
    assert chat.state.rev == rev + 1 and chat.state.answers == {"a": 2}


def test_a_whole_form_with_typed_answers_in_both_languages_of_input() -> None:
    chat = start()
    chat.say("Ann")
    chat.say("1980年2月3日")
    chat.say("是")
    chat.say("两")
    chat.say("1.5万")
    chat.say("75%")
    chat.press("Blue")
    chat.press("Red")
    chat.press("Done")
    out = chat.press("Medium")
    assert chat.state is None
    done = out.effect(Finished)
    assert done is not None and done.data["flow"] == "test.form"
    assert done.data["answers"] == {"name": "Ann", "born": "1980-02-03", "kids": True,
                                    "count": 2, "salary": 15000, "share": 0.75,
                                    "colour": ["red", "blue"], "size": "m"}
    assert "Thanks Ann" in chat.text


def test_branching_skips_a_question_when_the_answer_says_so() -> None:
    chat = start()
    fill_to_kids(chat)
    chat.press("No")
    assert chat.state.step == "salary"


def test_garbage_date_is_asked_again_with_an_example_and_nothing_changes() -> None:
    chat = start()
    chat.say("Ann")
    rev = chat.state.rev
    out = chat.say("around spring")
    assert chat.state.step == "born" and chat.state.rev == rev and "born" not in chat.state.answers
    (reply,) = out.replies
    assert "could not read that date" in reply.text and "1975-06-15" in reply.text
    assert reply.question and not reply.edit and "What is your date of birth?" in reply.text


def test_impossible_date_names_the_input_escaped() -> None:
    chat = start()
    chat.say("Ann")
    chat.say("1975-13-40")
    assert "no such date (1975-13-40)" in chat.text and chat.state.step == "born"
    chat.say("<b>1975-02-30</b>")
    assert chat.state.step == "born" and "<b>1975" not in chat.text


def test_number_outside_the_allowed_range_is_refused() -> None:
    chat = start()
    fill_to_kids(chat)
    chat.press("Yes")
    chat.say("25")
    assert chat.state.step == "count" and "from 1 to 20" in chat.text
    chat.say("3.5")
    assert chat.state.step == "count" and "whole number" in chat.text
    chat.say("3")
    assert chat.state.answers["count"] == 3


def test_free_text_where_a_button_was_expected_explains_and_asks_again() -> None:
    chat = start()
    fill_to_kids(chat)
    out = chat.say("it is complicated")
    (reply,) = out.replies
    assert "choose one of the buttons" in reply.text and "Do you have children?" in reply.text
    assert reply.question and not reply.edit and chat.state.step == "kids"
    chat.say("no")  # a typed yes/no word is as good as the button
    assert chat.state.step == "salary" and chat.state.answers["kids"] is False


def test_typed_option_label_counts_as_a_press() -> None:
    chat = start("test.short")
    chat.say("two")
    assert chat.state.answers == {"a": 2}


def test_back_asks_the_previous_question_again_and_forgets_its_answer() -> None:
    chat = start()
    fill_to_kids(chat)
    rev = chat.state.rev
    out = chat.press("Back")
    assert chat.state.step == "born" and "born" not in chat.state.answers
    assert chat.state.rev == rev + 1
    assert out.replies[0].edit and "What is your date of birth?" in out.replies[0].text
    chat.cmd("back")
    assert chat.state.step == "name" and chat.state.answers == {}
    assert not chat.last.replies[0].edit
    chat.cmd("back")
    assert "first question" in chat.text and chat.state.step == "name"


def test_back_button_is_not_offered_on_the_first_question() -> None:
    chat = start()
    assert not any("Back" in label for label in chat.labels)
    assert any("Cancel" in label for label in chat.labels)


def test_cancel_ends_the_flow_and_offers_the_menu() -> None:
    chat = start()
    fill_to_kids(chat)
    chat.press("Cancel")
    assert chat.state is None and "Cancelled" in chat.text
    assert "menu:help" in chat.last.replies[-1].button_data()
    chat2 = start()
    chat2.cmd("cancel")
    assert chat2.state is None


def test_start_over_clears_the_answers() -> None:
    chat = start()
    fill_to_kids(chat)
    rev = chat.state.rev
    chat.press("Start over")
    assert chat.state.step == "name" and chat.state.answers == {} and chat.state.history == []
    assert chat.state.rev == rev + 1 and "(question 1)" in chat.question.text


def test_a_button_from_an_old_question_changes_nothing() -> None:
    chat = start()
    fill_to_kids(chat)
    old_yes = chat.button("Yes").data
    chat.press("No")
    before = chat.state.to_dict()
    out = chat.press_data(old_yes)
    assert "from an old question" in out.replies[0].text
    assert "Monthly pay?" in out.replies[0].text and out.replies[0].question
    after = chat.state.to_dict()
    for key in ("step", "rev", "data"):
        assert after[key] == before[key]


@pytest.mark.parametrize("data", ["garbage", "a:0:zzzzzz:1", "a:x:abcdef:1", "n:3:abcdef:q",
                                  "menu:nope", "lang:fr", "rem:2026-13-01:x", ""])
def test_forged_or_garbage_button_data_changes_nothing(data: str) -> None:
    chat = start()
    fill_to_kids(chat)
    before = chat.state.to_dict()
    out = chat.press_data(data)
    assert out.replies and "could not read that button" in out.replies[0].text
    assert {k: v for k, v in chat.state.to_dict().items() if k != "updated_at"} == \
        {k: v for k, v in before.items() if k != "updated_at"}


def test_right_rev_but_wrong_step_or_option_is_forged() -> None:
    chat = start()
    fill_to_kids(chat)
    yes = chat.button("Yes").data
    kind, rev, code, _ = yes.split(":")
    for data in (f"a:{rev}:{code}:9", f"a:{rev}:000000:0", f"a:{rev}:{code}:d"):
        chat.press_data(data)
        assert "could not read that button" in chat.text and chat.state.step == "kids"


def test_huge_input_is_refused_politely() -> None:
    chat = start()
    out = chat.say("x" * 5000)
    assert "too long" in out.replies[0].text and chat.state.step == "name"
    assert chat.state.answers == {}


def test_idle_state_expires_with_a_note() -> None:
    chat = start()
    chat.say("Ann")
    chat.later(dt.timedelta(hours=25))
    out = chat.say("1980-02-03")
    assert chat.state is None and "idle" in out.replies[0].text


def test_state_within_the_idle_timeout_is_kept() -> None:
    chat = start()
    chat.say("Ann")
    chat.later(dt.timedelta(hours=23))
    chat.say("1980-02-03")
    assert chat.state.step == "kids" and chat.state.updated_at == chat.env.now


def test_expiry_before_a_command_still_runs_the_command() -> None:
    chat = start()
    chat.later(dt.timedelta(days=3))
    chat.cmd("menu")
    closed, note = chat.last.replies[0], chat.last.replies[1]
    assert closed.edit and not closed.buttons and "What is your name?" in closed.text
    assert "idle" in note.text and "What would you like to do?" in chat.text


def test_expire_if_idle_directly() -> None:
    chat = start()
    env = chat.env
    kept, notes = engine.expire_if_idle(chat.state, env)
    assert kept is chat.state and notes == []
    gone, notes = engine.expire_if_idle(chat.state, make_env(now=env.now + dt.timedelta(days=2)))
    assert gone is None and len(notes) == 1
    assert engine.expire_if_idle(None, env) == (None, [])


def test_render_current_repeats_the_open_question_as_a_new_message() -> None:
    chat = start()
    fill_to_kids(chat)
    (reply,) = engine.render_current(chat.state, chat.env)
    assert reply.question and not reply.edit and "Do you have children?" in reply.text
    assert engine.render_current(None, chat.env) == []


def test_help_interrupts_and_then_shows_the_question_again() -> None:
    chat = start()
    fill_to_kids(chat)
    state = chat.state.to_dict()
    out = chat.cmd("help")
    assert "/back" in out.replies[0].text
    assert "Do you have children?" in out.replies[-1].text
    assert chat.state.to_dict()["rev"] == state["rev"]


def test_multi_choice_toggles_by_editing_the_question() -> None:
    chat = start()
    fill_to_kids(chat)
    chat.press("No")
    chat.say("5000")
    chat.say("0.5")
    out = chat.press("Green")
    (reply,) = out.replies
    assert reply.edit and reply.question and "✅ Green" in [b.label for r in reply.buttons
                                                          for b in r]
    chat.press("Green")
    assert "✅ Green" not in chat.labels
    chat.press("Done")
    assert chat.state.answers["colour"] == [] and chat.state.step == "size"


def test_menu_command_leaves_any_flow() -> None:
    chat = start()
    chat.cmd("menu")
    assert chat.state is None and "menu:check:jiangsu.excellent_technician" in \
        chat.last.replies[-1].button_data()
    closed = chat.last.replies[0]  # the question left behind loses its buttons
    assert closed.edit and not closed.buttons and "Closed" in closed.text


def test_free_text_outside_a_flow_is_answered_from_the_policies() -> None:
    chat = Chat(make_env())
    out = chat.say("国赛铜牌奖励多少")
    assert out.state is None and out.replies
    assert "quzhou.competition_award" in checks_offered(out.replies[0])


def test_unknown_command_is_answered_and_keeps_the_open_question() -> None:
    chat = start()
    out = chat.cmd("frobnicate")
    assert chat.state.flow == "test.form" and chat.state.step == "name"
    assert out.replies[0].text == "I do not know the command /frobnicate. Try /help or /menu."
    chat.cmd("<b>x")
    assert "<b>" not in chat.text and "/&lt;b&gt;x" in chat.text
    chat.cmd("y" * 500)
    assert "y" * 40 in chat.text and "y" * 41 not in chat.text


def test_question_button_after_the_flow_ended() -> None:
    chat = start("test.short")
    old = chat.button("One").data
    chat.press("One")
    chat.press("Two")
    assert chat.state is None
    chat.press_data(old)
    assert "has ended" in chat.text and chat.state is None


def test_user_input_is_escaped() -> None:
    chat = start("test.form")
    chat.say("<script>")
    chat.say("2000-01-01")
    chat.say("no")
    chat.say("1")
    chat.say("1")
    chat.press("Done")
    chat.press("Small")
    assert "&lt;script&gt;" in chat.text and "<script>" not in chat.text


def test_state_survives_a_json_round_trip_mid_flow() -> None:
    chat = start()
    fill_to_kids(chat)
    raw = json.loads(json.dumps(chat.state.to_dict()))
    restored = DialogState.from_dict(raw)
    assert restored.to_dict() == chat.state.to_dict()
    out = engine.advance(restored, Event.message("yes"), chat.env)
    assert out.state.step == "count"


def test_button_data_longer_than_64_bytes_is_rejected() -> None:
    with pytest.raises(ValueError):
        Button("x", "a" * 65)
    Button("x", "a" * 64)


def test_language_button_switches_and_re_renders_the_question_in_that_language() -> None:
    chat = start("test.short")
    out = chat.press_data("lang:zh_CN")
    assert out.effect(SetLocale).data == {"locale": "zh_CN"}
    assert "（1/2）" in out.replies[-1].text or "(1/2)" in out.replies[-1].text
    assert chat.state.step == "a"


def test_month_answers_are_stored_as_year_and_month() -> None:
    chat = start("test.month")
    chat.say("1975年6月")
    assert chat.last.effect(Finished).data["answers"] == {"when": "1975-06"}
    chat = start("test.month")
    chat.say("1975-13")
    assert chat.state.step == "when" and "no such date" in chat.text


def test_typed_answer_marks_the_old_question_as_answered() -> None:
    chat = start()
    chat.say("Ann")
    out = chat.say("1980-02-03")
    edit, nxt = out.replies
    assert edit.edit and not edit.buttons and "February 3, 1980" in edit.text
    assert nxt.question and "Do you have children?" in nxt.text


def test_advance_does_not_change_the_state_it_was_given() -> None:
    chat = start()
    fill_to_kids(chat)
    given = chat.state
    before = given.to_dict()
    out = engine.advance(given, Event.message("yes"), chat.env)
    assert given.to_dict() == before and out.state is not given
