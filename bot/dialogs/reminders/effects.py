"""Reminders in chat, transport-neutral: the storage side of the dialog effects, the
/reminders list and its buttons (cancel, snooze), broadcast opt-out.

Button data: `rmd:cancel:<id>`, `rmd:snz:<id>:<days>`, `rmd:list`, `rmd:optout`.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass

from bot.conversation import EffectContext
from bot.dialogs.engine.types import Button, Effect, Reply
from bot.dialogs.reminders.render import N_, body, format_when
from bot.dialogs.reminders.service import (
    ReminderInputError,
    create_personal,
    remind_program_on,
)
from bot.i18n import Translator
from storage.db import Session
from storage.models import Reminder
from storage.reminders import BroadcastRepo, ReminderRepo

LIST_LIMIT = 10
REPEAT_LABELS = {"weekly": N_("every week"), "monthly": N_("every month")}


def _error(t: Translator, err: ReminderInputError) -> Reply:
    return Reply(html.escape(t._(err.code, **err.args_)))


async def create_reminder(ctx: EffectContext, effect: Effect) -> list[Reply]:
    t, tz = ctx.env.t, ctx.services.settings.tz
    d = effect.data
    when = dt.datetime.combine(dt.date.fromisoformat(d["day"]),
                               dt.time.fromisoformat(d["time"]), tzinfo=tz)
    try:
        row, created = await create_personal(ctx.session, user_id=ctx.user.id,
                                             chat_id=ctx.chat_id, when=when, note=d["note"],
                                             now=ctx.env.now, repeat=d.get("repeat"),
                                             locale=t.locale)
    except ReminderInputError as err:
        again = html.escape(t._("Send /remind to try again."))
        return [Reply(_error(t, err).text + "\n" + again)]
    text = (t._("⏰ Done: I will remind you on {when}.", when=format_when(t, row.due_at.astimezone(tz)))
            if created else t._("You already have this reminder."))
    return [Reply(html.escape(text) + "\n" + html.escape(t._("See them all with /reminders.")))]


async def remind_on_result_date(ctx: EffectContext, effect: Effect) -> list[Reply]:
    """"⏰ Remind me then" under a result that says "not yet" until a date."""
    try:
        await remind_program_on(ctx.session, user_id=ctx.user.id, chat_id=ctx.chat_id,
                                program_id=effect.data["program"],
                                day=dt.date.fromisoformat(effect.data["date"]),
                                tz=ctx.services.settings.tz, now=ctx.env.now,
                                locale=ctx.env.t.locale)
    except ReminderInputError as err:
        return [_error(ctx.env.t, err)]
    return []  # the engine already said "Noted"


def describe(r: Reminder, t: Translator, tz: dt.tzinfo) -> str:
    when = format_when(t, r.due_at.astimezone(tz))
    line = f"<b>{html.escape(when)}</b> — {html.escape(body(r.payload, t, tz))}"
    if r.repeat in REPEAT_LABELS:
        line += f" ({html.escape(t._(REPEAT_LABELS[r.repeat]))})"
    return line


async def list_reply(session: Session, user_id: int, t: Translator, tz: dt.tzinfo,
                     *, edit: bool = False, note: str | None = None) -> Reply:
    rows = await ReminderRepo(session).list_for(user_id, limit=LIST_LIMIT)
    parts = [html.escape(note)] if note else []
    if not rows:
        parts.append(html.escape(t._("You have no reminders. Send /remind to set one.")))
        return Reply("\n\n".join(parts), [], edit=edit)
    title = t._("Your reminders:")
    parts.append(f"<b>{html.escape(title)}</b>")
    buttons: list[list[Button]] = []
    for n, r in enumerate(rows, start=1):
        parts.append(f"{n}. {describe(r, t, tz)}")
        buttons.append([Button(t._("✖ Cancel {n}", n=n), f"rmd:cancel:{r.id}"),
                        Button(t._("💤 {n}: +1 day", n=n), f"rmd:snz:{r.id}:1"),
                        Button(t._("💤 {n}: +7 days", n=n), f"rmd:snz:{r.id}:7")])
    deadlines = [Button(t._("📅 Policy deadlines"), "cal:list")]  # bot/dialogs/deadlines/flow.py
    return Reply("\n".join(parts), buttons + [deadlines], edit=edit)


@dataclass
class Pressed:
    """What a `rmd:*` button did: a short answer on the button, a message to edit or
    send, and whether the pressed message should lose its buttons."""

    toast: str
    reply: Reply | None = None
    clear_buttons: bool = False


async def press(session: Session, user_id: int, data: str, t: Translator,
                tz: dt.tzinfo, now: dt.datetime) -> Pressed:
    parts = data.split(":")
    repo = ReminderRepo(session)
    if parts[:2] == ["rmd", "optout"]:
        await BroadcastRepo(session).opt_out(user_id)
        for row in await repo.list_for(user_id, statuses=("pending",), limit=500):
            if row.kind == "broadcast":  # scheduled ones not sent yet: drop them too
                await repo.cancel(user_id, row.id)
        return Pressed(t._("You will no longer receive these messages."), clear_buttons=True)
    if len(parts) == 3 and parts[1] == "cancel" and parts[2].isdigit():
        done = await repo.cancel(user_id, int(parts[2]))
        toast = t._("Reminder cancelled.") if done else t._("That reminder is no longer active.")
        return Pressed(toast, await list_reply(session, user_id, t, tz, edit=True))
    if len(parts) == 4 and parts[1] == "snz" and parts[2].isdigit() and parts[3].isdigit():
        return await _snooze(session, user_id, int(parts[2]), int(parts[3]), t, tz, now)
    if parts[:2] == ["rmd", "list"]:
        return Pressed("", await list_reply(session, user_id, t, tz))
    return Pressed(t._("This button is no longer valid."))


async def _snooze(session: Session, user_id: int, reminder_id: int, days: int,
                  t: Translator, tz: dt.tzinfo, now: dt.datetime) -> Pressed:
    repo = ReminderRepo(session)
    row = await repo.get(reminder_id)
    if row is None or row.user_id != user_id or not 1 <= days <= 31:
        return Pressed(t._("That reminder is no longer active."))
    was_pending = row.status == "pending"
    until = max(row.due_at, now) + dt.timedelta(days=days)
    until = until.replace(second=0, microsecond=0)
    if not await repo.snooze(user_id, reminder_id, until):
        return Pressed(t._("That reminder is no longer active."))
    toast = t._("Snoozed until {when}.", when=format_when(t, until.astimezone(tz)))
    if was_pending:  # pressed in the /reminders list: show it updated
        return Pressed(toast, await list_reply(session, user_id, t, tz, edit=True))
    return Pressed(toast, clear_buttons=True)  # under a delivered reminder


async def show_list(ctx: EffectContext, effect: Effect) -> list[Reply]:
    return [await list_reply(ctx.session, ctx.user.id, ctx.env.t, ctx.services.settings.tz)]


async def pressed(ctx: EffectContext, effect: Effect) -> list[Reply]:
    done = await press(ctx.session, ctx.user.id, str(effect.data.get("data") or ""), ctx.env.t,
                       ctx.services.settings.tz, ctx.env.now)
    ctx.toast = done.toast or None
    ctx.clear_buttons = done.clear_buttons
    return [done.reply] if done.reply is not None else []
