"""Officer broadcasts: choose a segment (everyone, a role, a language, the unfinished
respondents of one's own campaigns), the text, now or a date and time, preview, confirm.
`/broadcast <text>` is the administrators' shortcut. Queued as reminders (delivery by
bot/delivery/)."""

from __future__ import annotations

from bot.dialogs.broadcast import effects, flow
from bot.dialogs.engine.registry import Command, Feature, Loader, Route
from bot.dialogs.engine.types import N_

FEATURE = Feature(
    name="broadcast",
    flows=(flow.BROADCAST,),
    commands=(Command("broadcast", N_("Send a message to many users (officers)"),
                      flow.broadcast_command, audience="officers"),),
    routes=(Route(flow.PREFIX, flow.press),),
    effects={flow.SendBroadcast: effects.send, flow.BroadcastNow: effects.send_now},
    loaders=(Loader(effects.broadcast_extras, flows=(flow.FLOW_ID,), prefixes=(flow.PREFIX,),
                    commands=("broadcast",)),),
)
