"""Reminders in chat, transport-neutral: the storage side of the dialog effects, the
/reminders list and its buttons (cancel, snooze), broadcast opt-out.

Button data: `rmd:cancel:<id>`, `rmd:snz:<id>:<days>`, `rmd:done:<id>` (under a delivered
reminder: stop it and the rest of its series), `rmd:last:<id>` (a deadline reminder moved to
the last useful time, offered when a snooze would pass the deadline), `rmd:list`,
`rmd:optout`.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass

from bot.conversation import EffectContext
from bot.dialogs.engine.types import Button, Effect, Reply
from bot.dialogs.reminders.render import (
    DONE,
    N_,
    body,
    format_when,
    lead_text,
    resolve_arg,
)
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
ONCE = N_("just once")
SET_PERSONAL = N_("⏰ Done: I will remind you on {when}.")
SET_DEADLINE = N_("⏰ Done: I will remind you of “{title}” (deadline {deadline}).")
WHAT = N_("What: {what}")
WHEN = N_("When: {when}")
LEAD = N_("Lead: {lead}")
REPEATS = N_("Repeats: {repeat}")
NOTE = N_("Note: {note}")
NO_NOTE = N_("(no note)")
OWN = N_("your own reminder")
DEADLINE_WHAT = N_("{title}, deadline {deadline}")
DONE_TOAST = N_("Marked done.")
DONE_SERIES = N_("✅ Marked done on {when}: it will not come again, and the other reminders "
                 "it had pending ({n}) are cancelled.")
DONE_ONE = N_("✅ Marked done on {when}: it will not come again.")
ALREADY_DONE = N_("You already marked this reminder done.")
INACTIVE = N_("That reminder is no longer active.")
BAD_BUTTON = N_("This button is no longer valid.")
PAST_DEADLINE = N_("⚠️ {when} would be after the deadline of “{title}” ({deadline}), so that "
                   "reminder would come too late. The last useful time is {last}: remind you "
                   "then?")
PAST_DEADLINE_NOW = N_("⚠️ {when} would be after the deadline of “{title}” ({deadline}), and "
                       "there is no useful time left before it: act on it now. The reminder "
                       "was not moved.")
AT_LAST = N_("⏰ Remind me on {last}")
ON_DAY_COMES = N_("The reminder on the deadline day already comes on {last}; nothing more to "
                  "set.")


def _error(t: Translator, err: ReminderInputError) -> Reply:
    return Reply(html.escape(t._(err.code, **err.args_)))


def _payload_text(value: object, t: Translator, tz: dt.tzinfo) -> str:
    return str(resolve_arg(value, t, tz) or "")


def what_of(r: Reminder, t: Translator, tz: dt.tzinfo) -> str:
    args = r.payload.get("args") or {}
    if r.kind == "calendar" and "title" in args:
        return t._(DEADLINE_WHAT, title=_payload_text(args["title"], t, tz),
                   deadline=_payload_text(args.get("deadline"), t, tz))
    if r.kind == "personal":
        return t._(OWN)
    return body(r.payload, t, tz)


def note_of(r: Reminder, t: Translator, tz: dt.tzinfo) -> str:
    args = r.payload.get("args") or {}
    if r.kind == "calendar" and "what" in args:
        return _payload_text(args["what"], t, tz)
    return str(args.get("note") or "") or t._(NO_NOTE)


def facts(rows: list[Reminder], t: Translator, tz: dt.tzinfo) -> list[str]:
    """What, when, lead, repeat and note of one reminder, or of the reminders (one per
    lead) of one deadline: the lines every confirmation and the list use."""
    r = rows[0]
    lines = [t._(WHAT, what=what_of(r, t, tz)),
             t._(WHEN, when="; ".join(format_when(t, x.due_at.astimezone(tz)) for x in rows))]
    leads = [x.payload.get("lead_days") for x in rows if x.kind == "calendar"]
    if leads and all(isinstance(n, int) for n in leads):
        lines.append(t._(LEAD, lead=lead_text([int(n) for n in leads], t)))
    repeat = t._(REPEAT_LABELS[r.repeat]) if r.repeat in REPEAT_LABELS else t._(ONCE)
    lines.append(t._(REPEATS, repeat=repeat))
    lines.append(t._(NOTE, note=note_of(r, t, tz)))
    if isinstance(r.payload.get("caveat"), dict):
        lines.append(_payload_text(r.payload["caveat"], t, tz))
    return lines


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
    if not created:
        text = html.escape(t._("You already have this reminder."))
    else:
        head = t._(SET_PERSONAL, when=format_when(t, row.due_at.astimezone(tz)))
        text = "\n".join(html.escape(line) for line in [head, *facts([row], t, tz)])
    return [Reply(text + "\n" + html.escape(t._("See them all with /reminders.")))]


async def remind_on_result_date(ctx: EffectContext, effect: Effect) -> list[Reply]:
    """"⏰ Remind me then" under a result that says "not yet" until a date."""
    t, tz = ctx.env.t, ctx.services.settings.tz
    day = dt.date.fromisoformat(effect.data["date"])
    try:
        row, _ = await remind_program_on(ctx.session, user_id=ctx.user.id,
                                         chat_id=ctx.chat_id,
                                         program_id=effect.data["program"], day=day, tz=tz,
                                         now=ctx.env.now, locale=t.locale)
    except ReminderInputError as err:
        return [_error(t, err)]
    lines = [t._("Noted: I will remind you on {date}.", date=t.date(day)), *facts([row], t, tz)]
    return [Reply("\n".join(html.escape(line) for line in lines))]


def describe(r: Reminder, t: Translator, tz: dt.tzinfo) -> str:
    """'<b>when</b> — what' and, indented, the lead, the repeat and the note."""
    when = format_when(t, r.due_at.astimezone(tz))
    _what, _when, *rest = facts([r], t, tz)
    line = f"<b>{html.escape(when)}</b> — {html.escape(what_of(r, t, tz))}"
    return line + "".join(f"\n    {html.escape(x)}" for x in rest)


async def list_reply(session: Session, user_id: int, t: Translator, tz: dt.tzinfo,
                     *, in_place: bool = False, note: str | None = None) -> Reply:
    rows = await ReminderRepo(session).list_for(user_id, limit=LIST_LIMIT)
    parts = [html.escape(note)] if note else []
    if not rows:
        parts.append(html.escape(t._("You have no reminders. Send /remind to set one.")))
        return Reply("\n\n".join(parts), [], in_place=in_place)
    title = t._("Your reminders:")
    parts.append(f"<b>{html.escape(title)}</b>")
    buttons: list[list[Button]] = []
    for n, r in enumerate(rows, start=1):
        parts.append(f"{n}. {describe(r, t, tz)}")
        buttons.append([Button(t._("✖ Cancel {n}", n=n), f"rmd:cancel:{r.id}"),
                        Button(t._("💤 {n}: +1 day", n=n), f"rmd:snz:{r.id}:1"),
                        Button(t._("💤 {n}: +7 days", n=n), f"rmd:snz:{r.id}:7")])
    deadlines = [Button(t._("📅 Policy deadlines"), "cal:list")]  # bot/dialogs/deadlines/flow.py
    return Reply("\n".join(parts), buttons + [deadlines], in_place=in_place)


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
        return Pressed(toast, await list_reply(session, user_id, t, tz, in_place=True))
    if len(parts) == 4 and parts[1] == "snz" and parts[2].isdigit() and parts[3].isdigit():
        return await _snooze(session, user_id, int(parts[2]), int(parts[3]), t, tz, now)
    if len(parts) == 3 and parts[1] == "done" and parts[2].isdigit():
        return await _done(session, user_id, int(parts[2]), t, tz, now)
    if len(parts) == 3 and parts[1] == "last" and parts[2].isdigit():
        return await _at_last(session, user_id, int(parts[2]), t, tz, now)
    if parts[:2] == ["rmd", "list"]:
        return Pressed("", await list_reply(session, user_id, t, tz))
    return Pressed(t._(BAD_BUTTON))


def _last_useful(row: Reminder) -> dt.datetime | None:
    """For a deadline reminder: the deadline day at the event's hour."""
    value = row.payload.get("last_useful") if row.kind == "calendar" else None
    try:
        return dt.datetime.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


async def _done(session: Session, user_id: int, reminder_id: int, t: Translator,
                tz: dt.tzinfo, now: dt.datetime) -> Pressed:
    """"✅ Done" under a delivered reminder: no more repeats or snoozes; the message is
    edited to say so."""
    repo = ReminderRepo(session)
    outcome, others = await repo.mark_done(user_id, reminder_id)
    if outcome == "inactive":
        return Pressed(t._(INACTIVE), clear_buttons=True)
    row = await repo.get(reminder_id)
    assert row is not None
    when = format_when(t, now.astimezone(tz))
    note = (t._(DONE_SERIES, when=when, n=others) if others else t._(DONE_ONE, when=when))
    text = html.escape(body(row.payload, t, tz)) + "\n\n" + html.escape(note)
    toast = t._(DONE_TOAST) if outcome == "done" else t._(ALREADY_DONE)
    # in place of the pressed reminder message (never the question of a dialog open now)
    return Pressed(toast, Reply(text, [], in_place=True) if outcome == "done" else None,
                   clear_buttons=outcome != "done")


def _past_deadline(row: Reminder, until: dt.datetime, t: Translator, tz: dt.tzinfo,
                   now: dt.datetime) -> Pressed | None:
    """A snooze that would pass the deadline: say so and offer the last useful time."""
    last = _last_useful(row)
    if last is None or until <= last:
        return None
    args = row.payload.get("args") or {}
    common = {"when": format_when(t, until.astimezone(tz)),
              "title": _payload_text(args.get("title"), t, tz),
              "deadline": _payload_text(args.get("deadline"), t, tz)}
    done = Button(t._(DONE), f"rmd:done:{row.id}")
    if last <= now:
        return Pressed("", Reply(html.escape(t._(PAST_DEADLINE_NOW, **common)), [[done]]))
    shown = format_when(t, last.astimezone(tz))
    text = t._(PAST_DEADLINE, last=shown, **common)
    return Pressed("", Reply(html.escape(text), [[Button(t._(AT_LAST, last=shown),
                                                         f"rmd:last:{row.id}")], [done]]))


async def _at_last(session: Session, user_id: int, reminder_id: int, t: Translator,
                   tz: dt.tzinfo, now: dt.datetime) -> Pressed:
    """"⏰ Remind me on <the deadline's morning>", offered by a snooze past the deadline."""
    repo = ReminderRepo(session)
    row = await repo.get(reminder_id)
    last = _last_useful(row) if row is not None and row.user_id == user_id else None
    if row is not None and row.user_id == user_id and row.status == "done":
        return Pressed(t._(ALREADY_DONE), clear_buttons=True)
    if last is None:
        return Pressed(t._(INACTIVE), clear_buttons=True)
    if last <= now:
        return Pressed(t._(PAST_DEADLINE_NOW, when=format_when(t, last.astimezone(tz)),
                           title=_payload_text((row.payload.get("args") or {}).get("title"),
                                               t, tz),
                           deadline=_payload_text((row.payload.get("args") or {})
                                                  .get("deadline"), t, tz)),
                       clear_buttons=True)
    series = row.payload.get("series")
    if series and any(r.id != row.id and r.payload.get("series") == series and r.due_at == last
                      for r in await repo.list_for(user_id, statuses=("pending",), limit=500)):
        return Pressed(t._(ON_DAY_COMES, last=format_when(t, last.astimezone(tz))),
                       clear_buttons=True)
    if not await repo.snooze(user_id, reminder_id, last):
        return Pressed(t._(INACTIVE), clear_buttons=True)
    return Pressed(t._("Snoozed until {when}.", when=format_when(t, last.astimezone(tz))),
                   clear_buttons=True)


async def _snooze(session: Session, user_id: int, reminder_id: int, days: int,
                  t: Translator, tz: dt.tzinfo, now: dt.datetime) -> Pressed:
    repo = ReminderRepo(session)
    row = await repo.get(reminder_id)
    if row is None or row.user_id != user_id or not 1 <= days <= 31:
        return Pressed(t._("That reminder is no longer active."))
    if row.status == "done":
        return Pressed(t._(ALREADY_DONE), clear_buttons=True)
    was_pending = row.status == "pending"
    until = max(row.due_at, now) + dt.timedelta(days=days)
    until = until.replace(second=0, microsecond=0)
    warned = _past_deadline(row, until, t, tz, now)
    if warned is not None:
        return warned
    if not await repo.snooze(user_id, reminder_id, until):
        return Pressed(t._("That reminder is no longer active."))
    toast = t._("Snoozed until {when}.", when=format_when(t, until.astimezone(tz)))
    if was_pending:  # pressed in the /reminders list: show it updated
        return Pressed(toast, await list_reply(session, user_id, t, tz, in_place=True))
    return Pressed(toast, clear_buttons=True)  # under a delivered reminder


async def show_list(ctx: EffectContext, effect: Effect) -> list[Reply]:
    return [await list_reply(ctx.session, ctx.user.id, ctx.env.t, ctx.services.settings.tz)]


async def pressed(ctx: EffectContext, effect: Effect) -> list[Reply]:
    done = await press(ctx.session, ctx.user.id, str(effect.data.get("data") or ""), ctx.env.t,
                       ctx.services.settings.tz, ctx.env.now)
    ctx.toast = done.toast or None
    ctx.clear_buttons = done.clear_buttons
    return [done.reply] if done.reply is not None else []
