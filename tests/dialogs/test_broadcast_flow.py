"""The officer broadcast dialog through the pure engine: who may open it, which segments
each officer is offered, the preview, typed dates and times, and the effect it emits."""

from __future__ import annotations

import datetime as dt
from typing import Any

from bot.dialogs.broadcast.flow import SendBroadcast
from bot.dialogs.home import menu
from tests.dialogs.chat import NOW, Chat, make_env

ADMIN = {"officer": True, "admin": True, "assessor": False, "cities": None}
CITY_OFFICER = {"officer": True, "admin": False, "assessor": False, "cities": ["wuxi"]}
CAMPAIGNS = [{"id": 7, "label": "数控培训 (Wuxi): 2 did not finish"}]


def chat_as(acc: dict[str, Any] | None, campaigns: list | None = None, count: int = 5,
            locale: str = "en") -> Chat:
    extras: dict[str, Any] = {"survey_access": acc or {},
                              "broadcast": {"campaigns": campaigns or [], "count": count}}
    chat = Chat(make_env(locale, extras=extras))
    chat.press_data("bc:new")
    return chat


def test_a_non_officer_is_refused_and_no_dialog_opens() -> None:
    chat = chat_as(None)
    assert chat.state is None and "⛔ Only officers can send messages" in chat.text
    assert chat.effects == []


def test_an_admin_gets_every_segment_and_is_told_answers_are_anonymous() -> None:
    chat = chat_as(ADMIN, CAMPAIGNS)
    assert chat.state is not None and chat.state.flow == "broadcast"
    assert "cannot be messaged as a group" in chat.text
    assert chat.labels[:4] == ["Everyone", "Users with one role", "Users of one language",
                               "People who started a survey and did not finish"]


def test_an_appointed_officer_only_gets_their_campaigns() -> None:
    chat = chat_as(CITY_OFFICER, CAMPAIGNS)
    assert chat.labels[0] == "People who started a survey and did not finish"
    assert "Everyone" not in chat.labels
    chat.press("People who started")
    chat.press("数控培训")
    chat.say("请于本周内完成问卷")
    chat.press("Now")
    assert "People who started “数控培训 (Wuxi): 2 did not finish”" in chat.text
    chat.press("📢 Send")
    (effect,) = chat.effects_of(SendBroadcast)
    assert effect.data["segment"] == {"segment": "camp", "campaign": 7}
    assert effect.data["when"] is None


def test_an_appointed_officer_without_campaigns_is_told_why() -> None:
    chat = chat_as(CITY_OFFICER, [])
    assert chat.state is None and "None of your survey campaigns" in chat.text


def test_scheduled_message_to_employers_with_preview() -> None:
    chat = chat_as(ADMIN, count=12)
    chat.press("Users with one role")
    chat.press("Employer")
    chat.say("<b>申报</b> 截止提醒")
    chat.press("At a date and time")
    chat.say("2026-03-05")
    chat.say("下午3点")
    preview = chat.question.text
    assert "&lt;b&gt;申报&lt;/b&gt; 截止提醒" in preview  # typed text is escaped
    assert "Users with the role 🏭 Employer / HR" in preview
    assert "March 5, 2026" in preview and "3:00" in preview
    assert "Recipients if sent now: 12" in preview
    chat.press("📢 Send")
    (effect,) = chat.effects_of(SendBroadcast)
    assert effect.data["segment"] == {"segment": "role", "role": "employer"}
    assert effect.data["text"] == "<b>申报</b> 截止提醒"
    assert dt.datetime.fromisoformat(effect.data["when"]) == dt.datetime(
        2026, 3, 5, 15, 0, tzinfo=NOW.tzinfo)


def test_past_times_long_texts_and_cancelling() -> None:
    chat = chat_as(ADMIN)
    chat.press("Everyone")
    assert "under 1000 characters" in chat.say("x" * 1001).replies[0].text
    chat.say("hello")
    chat.press("At a date and time")
    assert "already passed" in chat.say("2026-02-01").replies[0].text
    chat.say(NOW.date().isoformat())
    assert "already passed" in chat.say("08:00").replies[0].text  # earlier today
    chat.say("20:00")
    chat.press("Do not send")
    assert chat.state is None and "Nothing was sent." in chat.text
    assert chat.effects_of(SendBroadcast) == []


def test_officer_menu_shows_the_entry_in_chinese() -> None:
    env = make_env("zh_CN", extras={"menu_entries": [("📢 Message a group of users "
                                                      "(officers)", "bc:new")]})
    labels = [b.label for row in menu.menu_buttons(env) for b in row]
    assert "📢 向用户群发消息（工作人员）" in labels
