"""/match: the profile dialog, the ordered list, saving and reusing the profile."""

from __future__ import annotations

import re

from bot.dialogs.engine.types import SaveProfile
from bot.dialogs.match.render import render_matches
from tests.dialogs.chat import Chat, make_env


def worker_in_quzhou(chat: Chat) -> None:
    chat.cmd("match")
    chat.press("A worker")
    chat.press("Quzhou")
    chat.press("senior technician")
    chat.press("An enterprise")
    chat.press("Quzhou Craftsman (衢州工匠)")
    chat.press("Done")
    chat.press("National Vocational")
    chat.press("Bronze")


def listed(text: str) -> list[str]:
    return re.findall(r"^\d+\. \S+ <b>(.+?)</b>", text, flags=re.M)


def test_worker_profile_lists_programmes_largest_first_and_saves_with_consent() -> None:
    chat = Chat(make_env("en", consented=True))
    worker_in_quzhou(chat)
    assert chat.state is None
    text = chat.last.replies[-1].text
    assert listed(text) == ["Awards for skills competition winners",
                            "Quzhou craftsman titles: one-time funding",
                            "Study and exchange trips for skilled talent",
                            "Technician and senior technician allowance"]
    assert "¥100,000" in text and "¥20,000" in text and "up to ¥20,000" in text
    assert "consultation draft" in text and "Part 2 (2) 6" in text
    # the city's measures ask the territorial condition first (the region chosen here is
    # not yet passed on as the fact in_quzhou)
    assert "Next question: Is this in Quzhou" in text
    data = chat.last.replies[-1].button_data()
    assert data[:4] == ["menu:check:quzhou.competition_award", "menu:check:quzhou.craftsman_award",
                        "menu:check:quzhou.study_exchange",
                        "menu:check:quzhou.technician_allowance"]
    assert data[-1] == "menu:main"
    saved = chat.effects_of(SaveProfile)[-1].data["facts"]
    assert saved == {"skill_level": "senior_technician", "employer_type": "enterprise",
                     "titles": ["quzhou_craftsman"], "competition": "national",
                     "result": "bronze", "region": "quzhou"}  # where to start next time


def test_nothing_is_saved_without_consent_and_the_list_says_so() -> None:
    chat = Chat(make_env("en", consented=False))
    worker_in_quzhou(chat)
    assert not chat.effects_of(SaveProfile)
    assert "I did not keep your answers" in chat.last.replies[-1].text


def test_saved_profile_skips_questions_and_later_checks_reuse_it() -> None:
    profile = {"skill_level": "senior_technician", "titles": ["quzhou_great_craftsman"],
               "competition": "worldskills", "result": "gold", "employer_type": "enterprise"}
    chat = Chat(make_env("en", consented=True, profile=profile))
    chat.cmd("match")
    chat.press("A worker")
    chat.press("Quzhou")
    assert chat.state is None  # every fact came from the profile
    text = chat.last.replies[-1].text
    assert listed(text)[0] == "Awards for skills competition winners" and "¥1,000,000" in text
    # the full answer of a decided programme opens at once, from the saved facts
    chat.press("Full answer: Quzhou craftsman titles")
    assert chat.state is None
    answer = chat.last.replies[-1].text
    assert "Reused from your profile" in answer and "Amount: ¥100,000." in answer


def test_match_intro_says_what_was_reused() -> None:
    chat = Chat(make_env("zh_CN", consented=True, profile={"skill_level": "technician"}))
    chat.cmd("match")
    assert "技能等级：二级 – 技师" in chat.question.text and "档案" in chat.question.text


def test_employer_topics_filter_the_list_and_an_ended_scheme_comes_last() -> None:
    chat = Chat(make_env("en"))
    chat.press_data("menu:match")
    chat.press("An employer")
    chat.press("All regions")
    assert "interest you" in chat.question.text
    chat.press("Studios and training bases")
    chat.press("Done")
    text = chat.last.replies[-1].text
    titles = listed(text)
    assert titles[0] == "Public training base grant"
    assert titles[-1].endswith("(Jiangmen High-tech Zone)")
    assert "Skills master studio grant" in titles and "scheme ended" in text
    assert not any("competition" in t.lower() for t in titles)


def test_jiangmen_worker_is_asked_nothing_more_and_sees_the_ended_scheme() -> None:
    chat = Chat(make_env("en"))
    chat.cmd("match")
    chat.press("A worker")
    chat.press("Jiangmen")
    text = chat.last.replies[-1].text
    assert listed(text) == ["Gaoxin Craftsman title: one-time grant",
                            "Incentive for competition medallists (Jiangmen High-tech Zone)"]
    assert "scheme ended" in text and "Jiangmen High-tech Zone (Jianghai District)?" in text


def test_no_programme_applies() -> None:
    reply = render_matches([], make_env("en"), "Jiangsu", profile=True)
    assert "no programme in Jiangsu applies" in reply.text
    assert reply.button_data() == ["menu:main"]


def test_undecided_programme_shows_its_next_question() -> None:
    chat = Chat(make_env("en"))
    chat.cmd("match")
    chat.press("A worker")
    chat.press("Jiangsu")
    chat.press("Level 5")
    text = chat.last.replies[-1].text
    assert listed(text) == ["Jiangsu special technician assessment (staff of pilot "
                            "enterprises)"]  # the excellent-technician plan is ruled out
    assert "Next question: Is your employer one of the special-technician pilot" in text
    assert "▶️ Continue" in chat.labels[0]


def test_back_in_match_forgets_the_answer() -> None:
    chat = Chat(make_env("en"))
    chat.cmd("match")
    chat.press("A worker")
    chat.press("Quzhou")
    chat.press("⬅️ Back")
    assert "Where is the work" in chat.question.text and "region" not in chat.state.answers
    chat.press("Jiangsu")
    assert "skill level" in chat.question.text


def test_match_groups_open_draft_and_ended_in_that_order() -> None:
    from bot.dialogs.match.render import render_matches
    from knowledge.api import evaluate_request

    decisions = [evaluate_request({"program": p, "as_of": "2026-12-01", "facts": {}})
                 for p in ("jiangmen.competition_medal", "quzhou.craftsman_award",
                           "china.retirement_age")]
    assert [d.policy_status for d in decisions] == ["expired", "draft", "in_force"]
    text = render_matches(decisions, make_env("en"), "all regions", profile=False).text
    assert text.index("Open now") < text.index("In draft") < text.index("Ended"), text


def test_a_saved_role_and_region_are_not_asked_again() -> None:
    profile = {"region": "quzhou", "skill_level": "technician"}
    chat = Chat(make_env("en", consented=True, profile=profile))
    env = chat.env
    from dataclasses import replace

    chat.env = replace(env, role="worker")
    chat.cmd("match")
    text = chat.question.text
    assert "Who is asking" not in text and "Where is the work" not in text, text
    assert "region: Quzhou (衢州)" in text and "skill level" in text
    assert "✏️" in " ".join(b.label for b in chat.question.buttons[-1])
