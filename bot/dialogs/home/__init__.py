"""The main menu, its sub-menus by who asks, region and topic (lookup), help, language,
and the moves of any open dialog (/back, /cancel, /restart)."""

from __future__ import annotations

from bot.dialogs.engine.kernel import navigation_command
from bot.dialogs.engine.registry import Command, Feature, Route
from bot.dialogs.engine.types import N_
from bot.dialogs.home import menu

FEATURE = Feature(
    name="home",
    commands=(
        Command("menu", N_("Main menu"), menu.menu_command),
        Command("help", N_("Help"), menu.help_command),
        Command("lang", N_("Switch language"), menu.lang_command, aliases=("language",)),
        Command("back", N_("Go back one question"), navigation_command),
        Command("cancel", N_("Stop the current dialog"), navigation_command),
        Command("restart", N_("Start the current dialog over"), navigation_command,
                listed=False),
    ),
    routes=(Route("menu:", menu.press_menu), Route("lang:", menu.press_language)),
    home=menu.menu_reply,
)
