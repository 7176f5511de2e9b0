"""Subsidy lookups as menu trees: who asks → region → topic → programme check.

The tree is a value (`tree()` maps node ids to `menu.Node`), built once from the rules'
catalogue so every programme of the contract is reachable and nothing is listed twice by
hand. Node ids are short paths: `w` (workers), `w.qz` (workers in Quzhou), `e.qz.comp`
(employers in Quzhou, competitions); `tools` holds the Excellent Technician plan tools
for training units and officers. A programme entry starts its check
(`menu:check:<program id>`).
"""

from __future__ import annotations

from functools import cache

from bot.dialogs.checks import catalog
from bot.dialogs.engine.types import N_
from bot.dialogs.home.menu import Entry, Node

AUDIENCES = (("w", "worker", N_("Workers: choose a region.")),
             ("e", "employer", N_("Employers: choose a region.")),
             ("t", "training_unit", N_("Training units: choose a region.")))
REGION_CODES = {"jiangsu": "js", "quzhou": "qz", "jiangmen": "jm", "china": "cn"}
REGION_LABELS = {
    "jiangsu": N_("📍 Jiangsu (江苏)"),
    "quzhou": N_("📍 Quzhou, Zhejiang (衢州) – draft"),
    "jiangmen": N_("📍 Jiangmen High-tech Zone (江门) – 2018-2020, ended"),
    "china": N_("📍 Nationwide"),
}
REGION_NAMES = {
    "jiangsu": N_("Jiangsu"), "quzhou": N_("Quzhou"), "jiangmen": N_("Jiangmen"),
    "china": N_("Nationwide"),
}
TOPIC_CODES = {"titles_medals": "ttl", "competitions": "comp", "allowances": "allw",
               "studios_bases": "base", "recruiting": "recr", "hosting": "host",
               "evaluation": "eval", "training_plan": "plan", "retirement": "ret"}
TOPIC_ICONS = {"titles_medals": "🏆", "competitions": "🥇", "allowances": "💴",
               "studios_bases": "🏛", "recruiting": "🤝", "hosting": "🏁", "evaluation": "📋",
               "training_plan": "📚", "retirement": "⏳"}
TOPIC_LABELS = {
    "titles_medals": N_("🏆 Titles and medals"),
    "competitions": N_("🥇 Competitions"),
    "allowances": N_("💴 Allowances"),
    "studios_bases": N_("🏛 Studios and training bases"),
    "recruiting": N_("🤝 Recruiting"),
    "hosting": N_("🏁 Hosting a competition"),
    "evaluation": N_("📋 Skill assessment"),
    "training_plan": N_("📚 Training and training-plan rules"),
    "retirement": N_("⏳ Retirement age"),
}
REGION_TITLE = N_("{region}: choose a programme. I ask only what its rules need.")
TOPIC_TITLE = N_("{region}, {topic}: choose a programme.")
FLAT_LIMIT = 4  # a region with more programmes than this is split by topic

TOOLS = Node("tools", N_("Rules for running the Excellent Technician plan, for training units "
                         "and officers: choose a tool."), (
    Entry(N_("📏 Attendance threshold (pass or automatic fail)"),
          "menu:check:jiangsu.excellent_technician.completion"),
    Entry(N_("📊 Grade quota for a class (excellent and good)"),
          "menu:check:jiangsu.excellent_technician.grade_quota"),
    Entry(N_("💰 Subsidy spending shares"), "menu:check:jiangsu.excellent_technician.funding_use"),
    Entry(N_("⏸ Deferral of a trainee"), "menu:check:jiangsu.excellent_technician.deferral"),
))


def program_entry(prog: catalog.ProgramInfo) -> Entry:
    return Entry(TOPIC_ICONS.get(prog.topic, "•"), f"menu:check:{prog.id}", program=prog.id)


def _region_nodes(code: str, role: str, region: str) -> list[Node]:
    """The node of one audience in one region, and its topic nodes if it has many."""
    progs = catalog.select(role, region)
    node_id = f"{code}.{REGION_CODES[region]}"
    args = (("region", REGION_NAMES[region]),)
    if len(progs) <= FLAT_LIMIT:
        return [Node(node_id, REGION_TITLE, tuple(program_entry(p) for p in progs), code, args)]
    entries, children = [], []
    for topic in dict.fromkeys(p.topic for p in progs):
        inside = [p for p in progs if p.topic == topic]
        if len(inside) == 1:
            entries.append(program_entry(inside[0]))
            continue
        child = f"{node_id}.{TOPIC_CODES.get(topic, topic)}"
        entries.append(Entry(TOPIC_LABELS.get(topic, topic), f"menu:n:{child}"))
        children.append(Node(child, TOPIC_TITLE, tuple(program_entry(p) for p in inside),
                             node_id, args + (("topic", TOPIC_LABELS.get(topic, topic)),)))
    return [Node(node_id, REGION_TITLE, tuple(entries), code, args), *children]


@cache
def tree() -> dict[str, Node]:
    """Every lookup node by id (built once from the rules' catalogue)."""
    nodes: dict[str, Node] = {TOOLS.id: TOOLS}
    for code, role, title in AUDIENCES:
        regions = [r for r in catalog.REGIONS if catalog.select(role, r)]
        nodes[code] = Node(code, title, tuple(
            Entry(REGION_LABELS[r], f"menu:n:{code}.{REGION_CODES[r]}") for r in regions))
        for region in regions:
            nodes.update((n.id, n) for n in _region_nodes(code, role, region))
    return nodes


def node(node_id: str) -> Node | None:
    return tree().get(node_id)


def reachable_programs() -> set[str]:
    """Programme ids that some lookup node starts a check for."""
    return {e.data.removeprefix("menu:check:") for n in tree().values() for e in n.entries
            if e.data.startswith("menu:check:")}
