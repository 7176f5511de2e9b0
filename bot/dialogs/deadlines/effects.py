"""The storage side of the policy-deadline flow (bot/dialogs/deadlines/flow.py): create the
reminder with `schedule_policy_calendar` and say what happened, kindly when it exists.
"""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

from bot.conversation import EffectContext
from bot.dialogs.deadlines import view
from bot.dialogs.engine.types import Effect, Event, Reply
from bot.dialogs.reminders.effects import SET_DEADLINE, facts
from bot.dialogs.reminders.render import N_, format_when
from bot.dialogs.reminders.service import ReminderInputError, schedule_policy_calendar
from knowledge.calendars import CalendarRangeError, get_event

ALREADY = N_("You already have this reminder: “{title}”, deadline {deadline}, on {when}. "
             "Nothing new was added.")
ALREADY_SENT = N_("I already sent you this reminder (“{title}”, deadline {deadline}) on "
                  "{when}. Nothing new was added.")
ALREADY_CANCELLED = N_("You set this reminder before (“{title}”, deadline {deadline}) and "
                       "cancelled it, so I have not set it again.")
SEE_ALL = N_("See them all with /reminders.")


async def load_leads(ctx: EffectContext, event: Event | None, payload: str | None
                     ) -> dict[str, Any]:
    """For the flow (Env.extras): the default lead of deadline reminders, from the
    DEADLINE_REMINDER_LEADS setting."""
    return {view.LEADS_EXTRA: tuple(ctx.services.settings.deadline_reminder_leads)}


async def schedule_from_flow(ctx: EffectContext, effect: Effect) -> list[Reply]:
    t, tz, now = ctx.env.t, ctx.services.settings.tz, ctx.env.now
    event = get_event(effect.data["event"])
    start = effect.data.get("start")
    leads = tuple(int(n) for n in effect.data.get("leads") or (0,))
    try:
        made = await schedule_policy_calendar(
            ctx.session, user_id=ctx.user.id, chat_id=ctx.chat_id, event_id=event.id,
            today=now.astimezone(tz).date(), tz=tz, now=now, locale=t.locale,
            start=dt.date.fromisoformat(start) if start else None, leads=leads)
    except CalendarRangeError as err:
        return [view.no_calendar_reply(event, err, ctx.env)]
    except ReminderInputError as err:
        return [Reply(html.escape(t._(err.code, **err.args_)), view.list_buttons(ctx.env))]
    rows = [row for row, _ in made]
    first = rows[0]
    args = {"title": event.title(t.locale),
            "deadline": t.date(dt.date.fromisoformat(first.payload["args"]["deadline"]["date"])),
            "when": "; ".join(format_when(t, (r.sent_at or r.due_at).astimezone(tz))
                              for r in rows)}
    if any(created for _, created in made):
        lines = [t._(SET_DEADLINE, **args), *facts(rows, t, tz)]
    else:
        key = (ALREADY_SENT if first.status == "sent"
               else ALREADY_CANCELLED if first.status == "cancelled" else ALREADY)
        lines = [t._(key, **args)]
    text = "\n".join(html.escape(line) for line in lines + [t._(SEE_ALL)])
    return [Reply(text, view.list_buttons(ctx.env))]
