"""The conversations, transport-neutral: the kernel in engine/, one folder per feature.

`features()` is the one list of features, in the order their commands are listed and
their menus offered; `registry()` indexes it for the kernel and the conversation
service. A new feature is a folder with a `FEATURE` value, added to this list.
"""

from __future__ import annotations

from functools import cache

from bot.dialogs.engine.registry import Feature, Registry


def features() -> tuple[Feature, ...]:
    from bot.dialogs import (
        account,
        ask,
        broadcast,
        checks,
        deadlines,
        handoff,
        home,
        match,
        reminders,
        surveys,
    )

    return (account.FEATURE, home.FEATURE, match.FEATURE, checks.FEATURE,
            reminders.FEATURE, deadlines.FEATURE, ask.FEATURE, surveys.FEATURE,
            broadcast.FEATURE, handoff.FEATURE)


# How /help and Telegram's command menu list the commands.
COMMAND_ORDER = ("start", "menu", "match", "remind", "reminders", "help", "lang", "back",
                 "cancel", "mydata", "forget", "broadcast", "questions")


@cache
def registry() -> Registry:
    return Registry(features(), COMMAND_ORDER)
