""""🔎 What can I get?" (/match): a short profile, then every programme that may apply."""

from __future__ import annotations

from bot.dialogs.engine.registry import Command, Feature
from bot.dialogs.engine.types import N_
from bot.dialogs.match import flow

FEATURE = Feature(
    name="match",
    flows=(flow.MATCH,),
    commands=(Command("match", N_("What can I get? Programmes that fit my profile"),
                      flow.match_command),),
)
