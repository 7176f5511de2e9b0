"""The main menu as data, help text and the language picker.

Menu buttons carry `menu:*` data that the engine turns into actions:
`menu:main`, `menu:help`, `menu:lang` and `menu:check:<program id>` (start the
rules-driven eligibility check for that program). Language buttons carry `lang:<locale>`.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.dialogs.types import N_, Button, Env, Reply
from bot.i18n import SUPPORTED

MENU_TITLE = N_("What would you like to do?")


@dataclass(frozen=True)
class Entry:
    label: str
    data: str


MAIN_MENU: tuple[Entry, ...] = (
    Entry(N_("🏅 Check: Excellent Technician plan"), "menu:check:jiangsu.excellent_technician"),
    Entry(N_("🎖 Check: Special Technician pilot"), "menu:check:jiangsu.special_technician"),
    Entry(N_("❓ Help"), "menu:help"),
    Entry(N_("🌐 Language"), "menu:lang"),
)

LANGUAGES: tuple[tuple[str, str], ...] = (("zh_CN", "中文"), ("en", "English"))


@dataclass(frozen=True)
class Action:
    """What a menu button asks for: kind is main | help | lang | check."""

    kind: str
    arg: str = ""


def resolve(data: str) -> Action | None:
    """Decode `menu:*` data; None when it is not a menu button we know."""
    parts = data.split(":", 2)
    if len(parts) < 2 or parts[0] != "menu":
        return None
    if parts[1] in ("main", "help", "lang") and len(parts) == 2:
        return Action(parts[1])
    if parts[1] == "check" and len(parts) == 3 and parts[2]:
        return Action("check", parts[2])
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


def menu_button(env: Env) -> Button:
    return Button(env.t._("🏠 Main menu"), "menu:main")


def help_reply(env: Env) -> Reply:
    _ = env.t._
    lines = [
        _("<b>CraftBot</b> answers questions about skilled-worker policies in Jiangsu, "
          "Quzhou and Jiangmen: who is eligible, how much is paid, and why."),
        "",
        _("/menu – main menu"),
        _("/back – go back one question"),
        _("/cancel – stop the current questions"),
        _("/lang – change the language"),
        _("/forget – delete the data I keep about you"),
        _("/help – this help"),
        "",
        _("Every answer cites the article of the policy it rests on. The final say is always "
          "with the local human resources and social security bureau."),
    ]
    return Reply("\n".join(lines), [[menu_button(env)]])


def language_reply(env: Env) -> Reply:
    buttons = [[Button(label, f"lang:{code}") for code, label in LANGUAGES]]
    return Reply(env.t._("Please choose a language:"), buttons)


def parse_language(data: str) -> str | None:
    if not data.startswith("lang:"):
        return None
    code = data[5:]
    return code if code in SUPPORTED else None
