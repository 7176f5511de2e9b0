"""The account: /start (language, role, privacy consent), /mydata and /forget, continuing
an expired dialog (resume.py); the storage side of language, role, consent and saved facts is effects.py."""

from __future__ import annotations

from bot.dialogs.account import edit, effects, onboarding, privacy, resume
from bot.dialogs.engine.registry import Command, Feature, Route
from bot.dialogs.engine.types import N_

FEATURE = Feature(
    name="account",
    flows=(onboarding.ONBOARDING, privacy.FORGET, resume.RESUME, edit.PROFILE),
    routes=(Route(edit.PREFIX, edit.press),),
    commands=(Command("start", N_("Start and choose language and role"),
                      onboarding.start_command),
              Command("mydata", N_("What the bot stores about me"), privacy.mydata_command),
              Command("forget", N_("Delete my data"), privacy.forget_command)),
    effects=effects.HANDLERS,
)
