"""The storage side of the policy-deadline flow (bot/dialogs/deadlines/flow.py): create the
reminder with `schedule_policy_calendar` and say what happened, kindly when it exists.
"""

from __future__ import annotations

import datetime as dt
import html

from bot.conversation import EffectContext
from bot.dialogs.deadlines import view
from bot.dialogs.engine.types import Effect, Reply
from bot.dialogs.reminders.render import N_, format_when
from bot.dialogs.reminders.service import ReminderInputError, schedule_policy_calendar
from knowledge.calendars import CalendarRangeError, get_event

DONE = N_("⏰ Done: I will remind you on {when} of “{title}” (deadline {deadline}).")
ALREADY = N_("You already have this reminder: “{title}”, deadline {deadline}, on {when}. "
             "Nothing new was added.")
ALREADY_SENT = N_("I already sent you this reminder (“{title}”, deadline {deadline}) on "
                  "{when}. Nothing new was added.")
ALREADY_CANCELLED = N_("You set this reminder before (“{title}”, deadline {deadline}) and "
                       "cancelled it, so I have not set it again.")
SEE_ALL = N_("See them all with /reminders.")


async def schedule_from_flow(ctx: EffectContext, effect: Effect) -> list[Reply]:
    t, tz, now = ctx.env.t, ctx.services.settings.tz, ctx.env.now
    event = get_event(effect.data["event"])
    start = effect.data.get("start")
    try:
        row, created = await schedule_policy_calendar(
            ctx.session, user_id=ctx.user.id, chat_id=ctx.chat_id, event_id=event.id,
            today=now.astimezone(tz).date(), tz=tz, now=now, locale=t.locale,
            start=dt.date.fromisoformat(start) if start else None)
    except CalendarRangeError as err:
        return [view.no_calendar_reply(event, err, ctx.env)]
    except ReminderInputError as err:
        return [Reply(html.escape(t._(err.code, **err.args_)), view.list_buttons(ctx.env))]
    args = {"title": event.title(t.locale),
            "deadline": t.date(dt.date.fromisoformat(row.payload["args"]["deadline"]["date"])),
            "when": format_when(t, (row.sent_at or row.due_at).astimezone(tz))}
    key = (DONE if created else ALREADY_SENT if row.status == "sent"
           else ALREADY_CANCELLED if row.status == "cancelled" else ALREADY)
    text = html.escape(t._(key, **args)) + "\n" + html.escape(t._(SEE_ALL))
    return [Reply(text, view.list_buttons(ctx.env))]
