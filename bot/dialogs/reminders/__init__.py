"""Personal reminders: the /remind dialog, the /reminders list with cancel and snooze,
"⏰ Remind me then" under a result, and opting out of broadcasts. Delivery (the
dispatcher) is bot/delivery/; creating reminders in storage is service.py."""

from __future__ import annotations

from bot.dialogs.engine.registry import Command, Feature, Route
from bot.dialogs.engine.types import N_
from bot.dialogs.reminders import codec, effects, flow

FEATURE = Feature(
    name="reminders",
    flows=(flow.REMIND,),
    commands=(Command("remind", N_("Set a reminder"), flow.remind_command),
              Command("reminders", N_("My reminders"), flow.reminders_command)),
    routes=(Route(flow.PREFIX, flow.press_listed), Route(codec.PREFIX, flow.press_remind_then)),
    effects={flow.CreateReminder: effects.create_reminder,
             flow.RequestReminder: effects.remind_on_result_date,
             flow.ListReminders: effects.show_list,
             flow.PressReminder: effects.pressed},
)
