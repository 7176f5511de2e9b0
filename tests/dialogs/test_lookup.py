"""Lookup menus, question wording and payment notes cover every programme of the rules."""

from __future__ import annotations

from collections import deque

import pytest

import knowledge.api  # noqa: F401  (registers the programmes)
from bot.dialogs.checks.catalog import programs
from bot.dialogs.checks.paying import notes_for
from bot.dialogs.checks.questions import GENERIC, question_for
from bot.dialogs.engine.types import MAX_BUTTON_DATA
from bot.dialogs.home import lookup, menu
from knowledge.core import REGISTRY
from knowledge.meta import value_labels
from knowledge.policy import get_policy
from tests.dialogs.chat import Chat, make_env


def reachable_from_main() -> tuple[set[str], dict[str, list[str]]]:
    """Programmes whose check some path of menu presses from the main menu starts, and
    the label path to each (walking the menu data only)."""
    paths: dict[str, list[str]] = {}
    queue = deque((e.data, [e.label]) for e in menu.MAIN_MENU)
    seen: set[str] = set()
    while queue:
        data, path = queue.popleft()
        if data in seen:
            continue
        seen.add(data)
        if data.startswith("menu:check:"):
            paths.setdefault(data.removeprefix("menu:check:"), path)
        elif data.startswith("menu:n:"):
            node = lookup.node(data.removeprefix("menu:n:"))
            assert node is not None, data
            queue.extend((e.data, path + [e.label or e.program]) for e in node.entries)
    return set(paths), paths


def test_every_programme_of_the_rules_is_reachable_from_the_main_menu() -> None:
    found, _ = reachable_from_main()
    assert found == set(REGISTRY)
    assert lookup.reachable_programs() == set(REGISTRY)


def test_every_node_has_a_way_back_and_a_way_out_and_short_button_data() -> None:
    env = make_env("en")
    for node in lookup.tree().values():
        reply = menu.node_reply(node, env)
        nav = reply.buttons[-1]
        assert [b.data for b in nav] == [
            f"menu:n:{node.parent}" if node.parent else "menu:top", "menu:top"], node.id
        assert all(len(d.encode()) <= MAX_BUTTON_DATA for d in reply.button_data())
        assert len(reply.buttons) >= 2  # at least one entry besides the way back


def test_programmes_are_grouped_by_audience_region_and_topic() -> None:
    tree = lookup.tree()
    assert {"w", "e", "t", "tools"} <= set(tree)
    employers_quzhou = tree["e.qz"]
    # seven Quzhou employer grants: split by topic, two competitions grouped together
    assert "menu:n:e.qz.comp" in [e.data for e in employers_quzhou.entries]
    assert {e.data for e in tree["e.qz.comp"].entries} == {
        "menu:check:quzhou.worldskills_team_sponsor",
        "menu:check:quzhou.worldskills_training_base"}
    assert {e.data for e in tree["tools"].entries} == {
        f"menu:check:jiangsu.excellent_technician.{t}"
        for t in ("completion", "grade_quota", "funding_use", "deferral")}


def test_node_titles_and_labels_are_translated() -> None:
    zh, en = make_env("zh_CN"), make_env("en")
    for node in lookup.tree().values():
        zh_reply, en_reply = menu.node_reply(node, zh), menu.node_reply(node, en)
        assert zh_reply.text != en_reply.text, node.id
        assert any("\u4e00" <= ch <= "\u9fff" for ch in zh_reply.text), node.id


@pytest.mark.parametrize("program", sorted(REGISTRY))
def test_every_fact_has_its_own_wording_and_every_value_a_label(program: str) -> None:
    zh, en = make_env("zh_CN"), make_env("en")
    for fact, spec in REGISTRY[program].facts.items():
        q = question_for(fact, program)
        assert q.prompt != GENERIC, (program, fact)
        assert zh.t._(q.prompt) != en.t._(q.prompt), (program, fact)  # translated
        if spec.type in ("enum", "list") and fact != "plan_year":
            named = value_labels(fact, "zh_CN")  # the policy data's own names come first
            for value in spec.values or ():
                assert value in q.labels or value in named, (program, fact, value)
                label = named.get(value) or zh.t._(q.labels[value])
                assert label != "", (program, fact, value)


def test_payment_notes_cite_articles_that_exist() -> None:
    for prog in programs().values():
        policy = get_policy(prog.policy)
        for locale in ("zh_CN", "en"):
            for text, article in notes_for(prog.id, locale):
                assert text and article in policy.articles, (prog.id, article)


def test_a_lookup_walks_from_the_menu_to_the_answer() -> None:
    chat = Chat(make_env("en"))
    chat.cmd("menu")
    chat.press("For employers")
    chat.press("Quzhou")
    assert "⬅️ Back" in chat.labels and "🏠 Main menu" in chat.labels
    chat.press("🥇 Competitions")
    chat.press("squad")
    assert "Is this in Quzhou" in chat.question.text
    chat.press("Yes")
    assert "How many people from your unit" in chat.question.text
    chat.say("2")
    result = chat.last.replies[-1].text
    assert "Amount: ¥200,000." in result and "the unit that sent the squad members" in result
    assert "Part 2 (2) 6" in result and "draft for comments" in result
    assert "Paid for each squad member" in result


def test_back_from_a_topic_returns_to_its_region() -> None:
    chat = Chat(make_env("en"))
    chat.press_data("menu:n:e.qz.comp")
    chat.press("⬅️ Back")
    assert "Quzhou: choose a programme" in chat.text
    chat.press("⬅️ Back")
    assert "Employers: choose a region" in chat.text
    chat.press("⬅️ Back")
    assert "What would you like to do?" in chat.text


def test_an_unknown_node_falls_back_to_the_main_menu() -> None:
    chat = Chat(make_env("en"))
    chat.press_data("menu:n:nowhere")
    assert "What would you like to do?" in chat.text


def test_menu_leaves_an_open_check() -> None:
    chat = Chat(make_env("en"))
    chat.press_data("menu:check:quzhou.skills_master_studio")
    assert chat.state is not None
    chat.press_data("menu:n:w")
    assert chat.state is None and "Workers: choose a region" in chat.text


def test_expired_scheme_shows_the_period_it_ran() -> None:
    chat = Chat(make_env("en"))
    chat.press_data("menu:check:jiangmen.gaoxin_craftsman")
    chat.press("Yes")  # the employer is in the zone
    chat.press("Yes")  # an enterprise chief technician
    result = chat.last.replies[-1].text
    assert "Amount: ¥20,000." in result and "Part 2 (4)" in result
    assert "ran from December 29, 2018 to December 31, 2020 and has ended" in result
    assert "expired on December 31, 2020" in result
    assert "One-time grant" in result and "nothing is paid twice" in result


def test_training_project_asks_studio_first_then_grade() -> None:
    chat = Chat(make_env("zh_CN"))
    chat.press_data("menu:check:jiangmen.training_project")
    assert "技能大师工作室" in chat.question.text
    chat.press("否")
    assert "江门高新区" in chat.question.text
    chat.press("是")
    assert "几级" in chat.question.text
    chat.press("一级")
    result = chat.last.replies[-1].text
    assert "10万元" in result and "二（三）2" in result
