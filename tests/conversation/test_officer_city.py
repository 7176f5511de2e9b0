"""An officer of several cities (here an administrator: every city) is offered the city of
their last campaign first, marked, the next time they make one (zh and en)."""

from __future__ import annotations

import pytest

from bot.dialogs.engine.types import Event
from tests.conversation.handoff_helpers import onboard

ADMIN = 900  # an administrator in the `services` fixture
WORDS = {
    "English": {"city": "Suzhou", "last": "Suzhou (as last time)", "today": "Today",
                "week": "In a week", "make": "✅ Create the survey", "first": "Nanjing"},
    "中文": {"city": "苏州市", "last": "苏州市（上次选择）", "today": "今天", "week": "一周后",
             "make": "✅ 创建调查", "first": "南京市"},
}


def city_labels(user) -> list[str]:  # noqa: ANN001
    return [b.label for b in user.keyboard]


@pytest.mark.parametrize("language", ["English", "中文"])
async def test_the_last_campaigns_city_comes_first(services, language: str) -> None:
    w = WORDS[language]
    officer = await onboard(services, ADMIN, language=language)
    await officer.send(Event.press("svy:new:employer"))
    assert city_labels(officer)[0] == w["first"]  # nothing made yet: the usual order
    assert not any(w["last"] in label for label in city_labels(officer))
    await officer.tap(w["city"])
    await officer.say("2026 survey")
    await officer.tap(w["today"])
    await officer.tap(w["week"])
    await officer.tap(w["make"])
    assert "t.me" in officer.text or "start=" in officer.text or "/start" in officer.text, \
        officer.text

    await officer.send(Event.press("svy:new:employer"))
    labels = city_labels(officer)
    assert labels[0] == w["last"], labels
    assert sum(w["city"] in label for label in labels) == 1  # not offered twice
    await officer.tap(w["last"])
    assert officer.last.state.answers["city"] == "suzhou"
