"""Eligibility checks of every programme, driven by the rules (knowledge/): ask only the
facts that change the answer, then the cited result. Menu entries "🏅 Check: …" and
"/check <programme id>"."""

from __future__ import annotations

from bot.dialogs.checks import flow
from bot.dialogs.engine.registry import Command, Feature
from bot.dialogs.engine.types import N_

FEATURE = Feature(
    name="checks",
    flows=(flow.CHECK,),
    commands=(Command("check", N_("Check one programme: /check <programme id>"),
                      flow.check_command, listed=False),),
)
