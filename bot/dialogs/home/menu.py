"""The main menu and sub-menus as data, help text and the language picker.

Menu buttons carry `menu:*` data that the engine turns into actions:
`menu:main` (`menu:top` on a screen, shown in its place), `menu:help`, `menu:lang`, `menu:check:<program id>` (start the
rules-driven eligibility check for that program), `menu:n:<node id>` (open a sub-menu,
see bot/dialogs/home/lookup.py), `menu:match` (the "what can I get?" profile dialog) and
`menu:ask` (how to ask a question in your own words); `cal:list` opens the policy
deadlines (bot/dialogs/deadlines/flow.py) and `hf:new` asks an officer
(bot/dialogs/handoff/flow.py). Language buttons carry
`lang:<locale>`. Every sub-menu is drawn by `node_reply`, with a way back and a way out.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from bot.dialogs.engine.types import (
    N_,
    Button,
    DialogState,
    Env,
    Event,
    Outcome,
    Reply,
    SetLocale,
)
from bot.i18n import SUPPORTED

MENU_TITLE = N_("What would you like to do?")


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
    Entry(N_("🙋 Ask an officer"), "hf:new"),  # bot/dialogs/handoff/
    Entry(N_("❓ Help"), "menu:help"),
    Entry(N_("🌐 Language"), "menu:lang"),
)

MORE = Entry(N_("➕ More services"), "menu:more")
# The short main menu of each role chosen at /start: the role's own tasks first,
# everything else one tap away under "➕ More services" (the full MAIN_MENU).
(_ET, _ST, _MATCH, _WORKERS, _EMPLOYERS, _TRAINING, _TOOLS, _DEADLINES, _ASK,
 _OFFICER) = MAIN_MENU[:10]
ROLE_MENUS: dict[str, tuple[Entry, ...]] = {
    "worker": (_ET, _ST, _MATCH, _WORKERS, _ASK, _OFFICER),
    "employer": (_EMPLOYERS, _MATCH, _DEADLINES, _ASK, _OFFICER),
    "training_unit": (_TRAINING, _TOOLS, _MATCH, _DEADLINES, _ASK, _OFFICER),
    "trainee": (_ET, _TOOLS, _MATCH, _ASK, _OFFICER),
    "officer": (_DEADLINES, _ASK),
}

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
    if parts[1] in ("main", "top", "help", "lang", "match", "ask", "setup", "more") \
            and len(parts) == 2:
        return Action(parts[1])
    if parts[1] in ("check", "n") and len(parts) == 3 and parts[2]:
        return Action("node" if parts[1] == "n" else "check", parts[2])
    return None


def menu_buttons(env: Env, *, full: bool = False) -> list[list[Button]]:
    """The role's short menu (officers' granted tools first), or the full one."""
    # Entries features grant this user, e.g. survey tools or the questions' queue for
    # officers: every extras key "menu_entries" or "menu_entries.<feature>" (loaded by
    # bot/dialogs/surveys/effects/loader.py, bot/dialogs/handoff/effects.py ...).
    granted = [[Button(env.t._(label), data)]
               for key in sorted(k for k in env.extras if k.split(".")[0] == "menu_entries")
               for label, data in env.extras[key]]
    short = None if full else ROLE_MENUS.get(env.role or "")
    if short is None:
        return [[Button(env.t._(e.label), e.data)] for e in MAIN_MENU] + granted
    rows = [[Button(env.t._(e.label), e.data)] for e in short]
    rows = granted + rows if env.role == "officer" else rows + granted
    return rows + [[Button(env.t._(MORE.label), MORE.data)]]


def more_reply(env: Env) -> Reply:
    """Every service, whoever asks; back to the short menu."""
    rows = menu_buttons(env, full=True) + [[menu_button(env, screen=True)]]
    return Reply(env.t._("All services:"), rows)


def menu_reply(env: Env, *, note: str | None = None, edit: bool = False) -> Reply:
    """The main menu, optionally after a note (HTML)."""
    title = env.t._(MENU_TITLE)
    text = f"{note}\n\n{title}" if note else title
    return Reply(text, menu_buttons(env), edit=edit, home=True)


def welcome_back_reply(env: Env) -> Reply:
    """/start from someone who set up before: the menu, with a way to set up again."""
    reply = menu_reply(env, note=env.t._("Welcome back! Your language and role are kept; "
                                         "tap the last button to choose them again."))
    setup = [Button(env.t._("🔁 Language, role and privacy again"), "menu:setup")]
    return Reply(reply.text, reply.buttons + [setup], home=True)


def menu_button(env: Env, *, screen: bool = False) -> Button:
    """"🏠 Main menu". On a screen (a menu, help, the language picker) it is `menu:top`:
    the menu then replaces that screen; under an answer or a result (`menu:main`) it
    comes as a new message, so what was answered stays in the chat."""
    return Button(env.t._("🏠 Main menu"), "menu:top" if screen else "menu:main")


def back_button(env: Env, parent: str) -> Button:
    return Button(env.t._("⬅️ Back"), f"menu:n:{parent}" if parent else "menu:top")


def entry_label(entry: Entry, env: Env) -> str:
    if entry.program:
        from bot.dialogs.checks.catalog import info

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
    rows.append(nav + [menu_button(env, screen=True)])
    return Reply(text, rows)


def ask_reply(env: Env) -> Reply:
    """How to ask a question in one's own words (the answer cites the articles)."""
    text = env.t._("Type your question in your own words, in Chinese or English, for example "
                   "<i>国赛铜牌奖励多少</i> or <i>how much is the technician allowance in "
                   "Quzhou</i>. I answer with the programmes and articles that match, and a "
                   "button to check your case.")
    return Reply(text, [[menu_button(env, screen=True)]])


def help_reply(env: Env) -> Reply:
    """What the bot does and its commands (from the command table, in its order)."""
    _ = env.t._
    officer = bool((env.extras.get("survey_access") or {}).get("officer")) or env.is_admin
    lines = [
        _("<b>CraftBot</b> answers questions about skilled-worker policies in Jiangsu, "
          "Quzhou and Jiangmen: who is eligible, how much is paid, and why."),
        "",
    ]
    lines += [f"/{c.name} – {_(c.description)}" for c in env.app.listed_commands(officer)]
    lines += [
        "",
        _("Outside a question you can also just type what you want to know, for example: "
          "how much is the technician allowance in Quzhou."),
        _("Every answer cites the article of the policy it rests on. The final say is always "
          "with the local human resources and social security bureau."),
    ]
    return Reply("\n".join(lines), [[menu_button(env, screen=True)]])


def language_reply(env: Env) -> Reply:
    buttons = [[Button(label, f"lang:{code}") for code, label in LANGUAGES],
               [menu_button(env, screen=True)]]
    return Reply(env.t._("Please choose a language:"), buttons)


def parse_language(data: str) -> str | None:
    if not data.startswith("lang:"):
        return None
    code = data[5:]
    return code if code in SUPPORTED else None


# --- commands and buttons ---------------------------------------------------------------------


def menu_command(state: DialogState | None, event: Event, env: Env) -> Outcome:
    return Outcome(None, [menu_reply(env)])


def help_command(state: DialogState | None, event: Event, env: Env) -> Outcome:
    from bot.dialogs.engine.kernel import render_current

    return Outcome(state, [help_reply(env)] + render_current(state, env))


def lang_command(state: DialogState | None, event: Event, env: Env) -> Outcome:
    return Outcome(state, [language_reply(env)])


def in_place(out: Outcome) -> Outcome:
    """The outcome with its first reply shown in place of the pressed message (a screen
    that replaces the screen tapped), so tapping through menus edits one message."""
    if out.replies and out.replies[0].kind == "text" and not out.replies[0].edit:
        out.replies[0] = replace(out.replies[0], in_place=True)
    return out


def press_menu(state: DialogState | None, data: str, env: Env) -> Outcome:
    """A `menu:*` button. Like every menu, it closes the open question (the dialog's own
    buttons then go stale) except for help and language, which keep it. A screen
    (a menu, help, the language picker) replaces the menu pressed; a dialog's first
    question comes as a new message."""
    from bot.dialogs.engine.kernel import start_flow

    action = resolve(data)
    if action is None:
        return Outcome(state, [Reply(env.t._("I could not read that button."))])
    if action.kind == "help":
        return in_place(help_command(state, Event.cmd("help"), env))
    if action.kind == "lang":
        return in_place(Outcome(state, [language_reply(env)]))
    if action.kind == "check":  # menu:check:<programme>[:<values the question named>]
        program, _, named = action.arg.partition(":")
        params: dict[str, object] = {"program": program}
        if named:
            params["named"] = named.split(",")[:6]
        return start_flow("check", env, params, previous=state)
    if action.kind == "match":
        return start_flow("match", env, previous=state)
    if action.kind == "ask":
        return in_place(Outcome(None, [ask_reply(env)]))
    if action.kind == "setup":
        return start_flow("onboarding", env, previous=state)
    if action.kind == "more":
        return in_place(Outcome(None, [more_reply(env)]))
    if action.kind == "node":
        from bot.dialogs.home import lookup

        found = lookup.node(action.arg)
        if found is not None:
            return in_place(Outcome(None, [node_reply(found, env)]))
    if action.kind == "top":  # from a screen: the menu takes its place
        return in_place(Outcome(None, [menu_reply(env)]))
    return Outcome(None, [menu_reply(env)])


def press_language(state: DialogState | None, data: str, env: Env) -> Outcome:
    """`lang:<locale>`: switch the language and show the open question again in it."""
    from bot.dialogs.engine.kernel import render_current
    from bot.dialogs.engine.moves import env_after

    locale = parse_language(data)
    if locale is None:
        return Outcome(state, [Reply(env.t._("I could not read that button."))])
    effects = [SetLocale({"locale": locale})]
    env = env_after(env, effects)
    note = env.t._("Language set: English.")
    if state is None:
        return in_place(Outcome(None, [menu_reply(env, note=note)], effects))
    return in_place(Outcome(state, [Reply(note)] + render_current(state, env), effects))
