"""The role chosen at /start decides the main menu: its own tasks first (4-6 entries),
everything else one tap away; /match does not ask the role again."""

from __future__ import annotations

import pytest

from tests.conversation.harness import ConvUser

ROLE_LABELS = {"worker": "Skilled worker", "employer": "Employer / HR",
               "training_unit": "Training unit", "trainee": "Trainee"}


async def onboard(services, uid: int, role: str) -> ConvUser:
    user = ConvUser(services, uid)
    await user.say("/start")
    await user.tap("English")
    await user.tap(ROLE_LABELS[role])
    await user.tap("No thanks")
    return user


@pytest.mark.parametrize(("role", "first"), [
    ("worker", "menu:check:jiangsu.excellent_technician"), ("employer", "menu:n:e"),
    ("training_unit", "menu:n:t"), ("trainee", "menu:check:jiangsu.excellent_technician")])
async def test_each_role_gets_a_short_menu_with_its_own_tasks_first(services, role, first):
    user = await onboard(services, 100 + len(role), role)
    data = [b.data for b in user.keyboard]
    assert data[0] == first and data[-1] == "menu:more" and 4 <= len(data) <= 7, data
    await user.tap("More services")
    everything = [b.data for b in user.keyboard]
    assert {"menu:n:w", "menu:n:e", "menu:n:t", "cal:list", "menu:help", "menu:lang"} <= \
        set(everything)


async def test_an_officer_sees_the_survey_tools_first(services) -> None:
    user = ConvUser(services, 900)  # ADMIN_IDS of the fixture
    await user.say("/start")
    await user.tap("English")
    await user.tap("Government officer")
    await user.tap("No thanks")
    data = [b.data for b in user.keyboard]
    assert data[:2] == ["svy:home", "bc:new"] and data[-1] == "menu:more", data


async def test_match_starts_from_the_role_chosen_at_start(services) -> None:
    user = await onboard(services, 130, "employer")
    await user.say("/match")
    assert "Who is asking?" not in user.text and "Where is the work" in user.text, user.text
