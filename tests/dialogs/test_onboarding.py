"""/start: language, role, privacy consent, main menu; deep-link payload passed through."""

from __future__ import annotations

from bot.dialogs.engine.types import ForgetData, RecordConsent, SetLocale, SetRole
from tests.dialogs.chat import Chat, make_env


def test_start_asks_language_role_and_consent_then_shows_the_menu() -> None:
    chat = Chat(make_env("zh_CN"))
    chat.cmd("start")
    assert chat.state.flow == "onboarding" and {"中文", "English"} <= set(chat.labels)
    chat.press("English")
    assert chat.effects_of(SetLocale)[0].data == {"locale": "en"}
    # the rest of this turn is already in English
    assert "Who are you?" in chat.question.text
    chat.env = make_env("en")  # the channel resolves the saved locale on the next update
    chat.press("Employer")
    assert chat.effects_of(SetRole)[0].data == {"role": "employer"}
    assert "Privacy" in chat.question.text and "birth date" in chat.question.text
    chat.press("I agree")
    assert chat.effects_of(RecordConsent)[0].data == {"consent": True}
    assert chat.state is None
    menu = chat.last.replies[-1]
    assert "What would you like to do?" in menu.text
    assert {"menu:check:jiangsu.excellent_technician", "menu:check:jiangsu.special_technician",
            "menu:match", "menu:n:w", "menu:n:e", "menu:n:t", "menu:help",
            "menu:lang"} <= set(menu.button_data())


def test_declining_consent_is_recorded_and_said() -> None:
    chat = Chat(make_env("en"))
    chat.cmd("start")
    chat.press("中文")
    chat.env = make_env("zh_CN")
    chat.say("worker")  # typed: the option's value counts as pressing it
    assert chat.effects_of(SetRole)[-1].data == {"role": "worker"}
    assert "同意" in chat.labels[0]
    chat.say("不用了")  # the Chinese label typed
    assert chat.effects_of(RecordConsent)[-1].data == {"consent": False}
    assert chat.state is None


def test_typed_no_answers_a_two_way_choice() -> None:
    chat = Chat(make_env("zh_CN"))
    chat.cmd("start")
    chat.press("中文")
    chat.press("技能人才")
    chat.say("否")
    assert chat.effects_of(RecordConsent)[-1].data == {"consent": False}


def test_officer_is_only_a_wish() -> None:
    chat = Chat(make_env("en"))
    chat.cmd("start")
    chat.press("English")
    chat.press("officer")
    chat.press("No thanks")
    assert chat.effects_of(SetRole)[0].data == {"role": "officer"}
    assert "administrator" in chat.text
    admin = Chat(make_env("en", is_admin=True))
    admin.cmd("start")
    admin.press("English")
    admin.press("officer")
    admin.press("No thanks")
    assert "administrator" not in admin.text


def test_deep_link_payload_is_kept_and_handed_back_uninterpreted() -> None:
    chat = Chat(make_env("en"))
    chat.cmd("start", "survey-42_x")
    assert chat.state.params["payload"] == "survey-42_x"
    chat.press("English")
    chat.press("Trainee")
    chat.press("I agree")
    # A payload no feature knows leads to the ordinary onboarding and the menu, nothing else.
    assert chat.state is None and "What would you like to do?" in chat.text
    assert [type(e) for e in chat.effects] == [SetLocale, SetRole, RecordConsent]


def test_payload_from_env_when_the_channel_parsed_it() -> None:
    chat = Chat(make_env("en", payload="from-env"))
    chat.cmd("start")
    assert chat.state.params["payload"] == "from-env"


def test_start_again_in_the_middle_of_a_flow_makes_old_buttons_stale() -> None:
    chat = Chat(make_env("en"))
    chat.cmd("start")
    old = chat.button("English").data
    chat.cmd("start")
    chat.press_data(old)
    assert "old question" in chat.text and chat.state.step == "language"


def test_back_in_onboarding_returns_to_the_language() -> None:
    chat = Chat(make_env("en"))
    chat.cmd("start")
    chat.press("English")
    chat.press("Back")
    assert chat.state.step == "language" and "language" not in chat.state.answers


def test_forget_asks_first_then_asks_the_caller_to_delete() -> None:
    chat = Chat(make_env("en"))
    chat.cmd("forget")
    assert "cannot be undone" in chat.question.text
    chat.press("No, keep it")
    assert not chat.effects_of(ForgetData) and "Nothing was deleted" in chat.text
    chat.cmd("forget")
    chat.press("Yes, delete")
    assert len(chat.effects_of(ForgetData)) == 1 and chat.state is None
