"""The main menu and sub-menus as data, help text and the language picker.

Menu buttons carry `menu:*` data that the engine turns into actions:
`menu:main`, `menu:help`, `menu:lang`, `menu:check:<program id>` (start the
rules-driven eligibility check for that program), `menu:n:<node id>` (open a sub-menu,
see bot/dialogs/lookup.py), `menu:match` (the "what can I get?" profile dialog) and
`menu:ask` (how to ask a question in your own words); `cal:list` opens the policy
deadlines (bot/dialogs/calendar_flow.py). Language buttons carry
`lang:<locale>`. Every sub-menu is drawn by `node_reply`, with a way back and a way out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.dialogs.types import N_, Button, Env, Reply
from bot.i18n import SUPPORTED

MENU_TITLE = N_("What would you like to do?")
# What a channel says when the engine hands an event back unhandled (Outcome.handled).
NOT_UNDERSTOOD = N_("I did not understand that. Send /menu to see what I can do, or /help.")


@dataclass(frozen=True)
class Entry:
    """One menu button: a label message id, or a programme whose title is the label."""

    label: str
    data: str
    program: str = ""


@dataclass(frozen=True)
class Node:
    """A sub-menu: its title (message id and arguments), entries and parent node id
    ("" = the main menu)."""

    id: str
    title: str
    entries: tuple[Entry, ...]
    parent: str = ""
    title_args: tuple[tuple[str, str], ...] = field(default_factory=tuple)


MAIN_MENU: tuple[Entry, ...] = (
    Entry(N_("🏅 Check: Excellent Technician plan"), "menu:check:jiangsu.excellent_technician"),
    Entry(N_("🎖 Check: Special Technician pilot"), "menu:check:jiangsu.special_technician"),
    Entry(N_("🔎 What can I get?"), "menu:match"),
    Entry(N_("👷 For workers: subsidies and awards"), "menu:n:w"),
    Entry(N_("🏭 For employers: grants"), "menu:n:e"),
    Entry(N_("🏫 For training units"), "menu:n:t"),
    Entry(N_("🧰 Excellent Technician plan tools"), "menu:n:tools"),
    Entry(N_("📅 Policy deadlines"), "cal:list"),
    Entry(N_("💬 Ask a question"), "menu:ask"),
    Entry(N_("❓ Help"), "menu:help"),
    Entry(N_("🌐 Language"), "menu:lang"),
)

LANGUAGES: tuple[tuple[str, str], ...] = (("zh_CN", "中文"), ("en", "English"))


@dataclass(frozen=True)
class Action:
    """What a menu button asks for: kind is main | help | lang | check | node | match |
    ask."""

    kind: str
    arg: str = ""


def resolve(data: str) -> Action | None:
    """Decode `menu:*` data; None when it is not a menu button we know."""
    parts = data.split(":", 2)
    if len(parts) < 2 or parts[0] != "menu":
        return None
    if parts[1] in ("main", "help", "lang", "match", "ask", "setup") and len(parts) == 2:
        return Action(parts[1])
    if parts[1] in ("check", "n") and len(parts) == 3 and parts[2]:
        return Action("node" if parts[1] == "n" else "check", parts[2])
    return None


def menu_buttons(env: Env) -> list[list[Button]]:
    rows = [[Button(env.t._(e.label), e.data)] for e in MAIN_MENU]
    # Entries a feature grants this user, e.g. survey tools for officers (loaded into
    # Env.extras by bot/surveys/loader.py).
    granted = env.extras.get("menu_entries", ())
    rows += [[Button(env.t._(label), data)] for label, data in granted]
    return rows


def menu_reply(env: Env, *, note: str | None = None, edit: bool = False) -> Reply:
    """The main menu, optionally after a note (HTML)."""
    title = env.t._(MENU_TITLE)
    text = f"{note}\n\n{title}" if note else title
    return Reply(text, menu_buttons(env), edit=edit)


def welcome_back_reply(env: Env) -> Reply:
    """/start from someone who set up before: the menu, with a way to set up again."""
    reply = menu_reply(env, note=env.t._("Welcome back! Your language and role are kept; "
                                         "tap the last button to choose them again."))
    setup = [Button(env.t._("🔁 Language, role and privacy again"), "menu:setup")]
    return Reply(reply.text, reply.buttons + [setup])


def menu_button(env: Env) -> Button:
    return Button(env.t._("🏠 Main menu"), "menu:main")


def back_button(env: Env, parent: str) -> Button:
    return Button(env.t._("⬅️ Back"), f"menu:n:{parent}" if parent else "menu:main")


def entry_label(entry: Entry, env: Env) -> str:
    if entry.program:
        from bot.dialogs.catalog import info

        prog = info(entry.program)
        title = prog.title(env.t.locale) if prog else entry.program
        return f"{entry.label} {title}".strip()
    return env.t._(entry.label)


def node_reply(node: Node, env: Env, *, note: str | None = None) -> Reply:
    """A sub-menu: one button per entry, then ⬅️ back to the parent and 🏠 main menu."""
    title = env.t._(node.title, **{k: env.t._(v) for k, v in node.title_args})
    text = f"{note}\n\n{title}" if note else title
    rows = [[Button(entry_label(e, env), e.data)] for e in node.entries]
    nav = [back_button(env, node.parent)] if node.id else []
    rows.append(nav + [menu_button(env)])
    return Reply(text, rows)


def ask_reply(env: Env) -> Reply:
    """How to ask a question in one's own words (the answer cites the articles)."""
    text = env.t._("Type your question in your own words, in Chinese or English, for example "
                   "<i>国赛铜牌奖励多少</i> or <i>how much is the technician allowance in "
                   "Quzhou</i>. I answer with the programmes and articles that match, and a "
                   "button to check your case.")
    return Reply(text, [[menu_button(env)]])


def help_reply(env: Env) -> Reply:
    _ = env.t._
    lines = [
        _("<b>CraftBot</b> answers questions about skilled-worker policies in Jiangsu, "
          "Quzhou and Jiangmen: who is eligible, how much is paid, and why."),
        "",
        _("/menu – main menu"),
        _("/match – what can I get? Programmes that fit your profile"),
        _("/back – go back one question"),
        _("/cancel – stop the current questions"),
        _("/lang – change the language"),
        _("/remind – set a reminder; /reminders – my reminders"),
        _("/mydata – what I keep about you"),
        _("/forget – delete the data I keep about you"),
        _("/help – this help"),
        "",
        _("Outside a question you can also just type what you want to know, for example "
          "国赛铜牌奖励多少."),
        _("Every answer cites the article of the policy it rests on. The final say is always "
          "with the local human resources and social security bureau."),
    ]
    return Reply("\n".join(lines), [[menu_button(env)]])


def language_reply(env: Env) -> Reply:
    buttons = [[Button(label, f"lang:{code}") for code, label in LANGUAGES], [menu_button(env)]]
    return Reply(env.t._("Please choose a language:"), buttons)


def parse_language(data: str) -> str | None:
    if not data.startswith("lang:"):
        return None
    code = data[5:]
    return code if code in SUPPORTED else None
