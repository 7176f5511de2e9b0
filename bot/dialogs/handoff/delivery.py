"""Messages about a question sent outside the turn, through the reminder queue (kind
"handoff", delivered by bot/delivery/): new questions and overdue reminders to the
officers of the region, escalations to the administrators, answers and questions asked
back to the asker, on the channel they asked from.

Payloads carry the ticket number, region, topic and the officer's words, never the
asker's question (officers open the ticket to read it, and /forget reaches it there).
Dedupe keys `handoff:<ticket>:<what>:<recipient>` let one ticket's pending reminders be
called off together when it is answered, closed or passed on.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from bot.dialogs.engine.types import N_
from bot.dialogs.handoff import codec
from bot.dialogs.handoff.promise import ESCALATE_DAYS, REMIND_AT, reminder_days
from bot.dialogs.handoff.regions import REGION_NAMES, TOPIC_NAMES, role_label
from bot.i18n import get_translator
from storage.db import Session
from storage.handoff import TicketRepo
from storage.models import HandoffTicket
from storage.reminders import ReminderRepo
from storage.repos import UserRepo

MSG_NEW = N_("📥 New question #{ticket} for {region} ({topic}). Reply promised by {due}.")
MSG_NEW_NO_DAY = N_("📥 New question #{ticket} for {region} ({topic}).")
MSG_OVERDUE = N_("⏰ Question #{ticket} ({region}, {topic}) is past its promised reply day "
                 "({due}). Please answer it, ask back, pass it on or close it.")
MSG_ESCALATED = N_("⚠️ Question #{ticket} ({region}, {topic}) is still without an answer "
                   "{n} working days after its promised reply day ({due}).")
MSG_ANSWER = N_("💬 The answer to your question #{ticket}, from the {role}:\n{text}")
MSG_ASK_BACK = N_("❓ About your question #{ticket}, the {role} asks:\n{text}")
MSG_REPLIED = N_("✍️ The asker of question #{ticket} replied.")
MSG_CLOSED = N_("Your question #{ticket} is outside what officers answer here. Please "
                "contact the local human resources and social security bureau, or call "
                "12333.")
MSG_PASSED = N_("Your question #{ticket} was passed on to the officers for {region}.")
OPEN = N_("📂 Open the question")
REPLY = N_("✍️ Reply")
MENU = N_("🏠 Main menu")


def both(msgid: str) -> dict[str, str]:
    return {"zh": get_translator("zh_CN")._(msgid), "en": get_translator("en")._(msgid)}


def role_both(role: str) -> dict[str, str]:
    return {"zh": role_label(role, get_translator("zh_CN")),
            "en": role_label(role, get_translator("en"))}


def _about(ticket: HandoffTicket) -> dict[str, Any]:
    return {"ticket": ticket.id, "region": both(REGION_NAMES.get(ticket.region, ticket.region)),
            "topic": both(TOPIC_NAMES.get(ticket.topic, ticket.topic))}


async def _queue(session: Session, *, user_id: int, chat_id: int, key: str,
                 args: dict[str, Any], buttons: list[list[tuple[str, str]]], when: dt.datetime,
                 dedupe: str, locale: str | None = None, channel: str = "telegram") -> None:
    payload: dict[str, Any] = {"key": key, "args": args,
                               "buttons": [[list(b) for b in row] for row in buttons],
                               "channel": channel}
    if locale:
        payload["locale"] = locale
    await ReminderRepo(session).create(user_id=user_id, chat_id=chat_id, kind="handoff",
                                       due_at=when, payload=payload, dedupe_key=dedupe)


async def to_people(session: Session, telegram_ids: list[int], ticket: HandoffTicket,
                    what: str, key: str, args: dict[str, Any], when: dt.datetime) -> None:
    """Officers or administrators, by Telegram id (a private chat has the same id)."""
    for tid in telegram_ids:
        user = await UserRepo(session).get_or_create(tid)
        await _queue(session, user_id=user.id, chat_id=tid, key=key, args=args,
                     buttons=[[(OPEN, codec.ticket_data("t", ticket.id))]], when=when,
                     dedupe=f"handoff:{ticket.id}:{what}:{tid}")


async def to_asker(session: Session, ticket: HandoffTicket, what: str, key: str,
                   args: dict[str, Any], when: dt.datetime,
                   buttons: list[list[tuple[str, str]]] | None = None) -> bool:
    """The asker, on the channel and address they asked from; False after /forget."""
    if ticket.user_id is None or ticket.address is None:
        return False
    await _queue(session, user_id=ticket.user_id, chat_id=ticket.address, key=key, args=args,
                 buttons=buttons or [[(MENU, "menu:main")]], when=when,
                 dedupe=f"handoff:{ticket.id}:{what}:{when.astimezone(dt.UTC):%Y%m%dT%H%M%S}",
                 locale=ticket.locale, channel=ticket.channel)
    return True


async def officers_for(session: Session, region: str, admins: list[int]) -> tuple[list[int],
                                                                                 bool]:
    """The officers appointed for the region, or the administrators when there are none;
    the flag says whether officers were found."""
    found = await TicketRepo(session).officers_of(region)
    return (found, True) if found else (list(admins), False)


async def announce(session: Session, ticket: HandoffTicket, admins: list[int],
                   now: dt.datetime, tz: dt.tzinfo, round_: int = 0) -> bool:
    """Tell the region's officers about the ticket now, and queue the overdue reminder to
    them and the escalation to the administrators on their working days. `round_` tells
    reminder rounds apart (after a reply or a reassignment)."""
    people, appointed = await officers_for(session, ticket.region, admins)
    args = _about(ticket)
    if ticket.due_on is not None:
        args["due"] = {"date": ticket.due_on.isoformat()}
    await to_people(session, people, ticket, f"new{round_}",
                    MSG_NEW if ticket.due_on else MSG_NEW_NO_DAY, args, now)
    await schedule_overdue(session, ticket, people, admins, now, tz, round_)
    return appointed


async def schedule_overdue(session: Session, ticket: HandoffTicket, people: list[int],
                           admins: list[int], now: dt.datetime, tz: dt.tzinfo,
                           round_: int) -> None:
    asked_on = ticket.created_at.astimezone(tz).date()
    officers_day, admins_day = reminder_days(asked_on, ticket.due_on)
    due = ticket.due_on or officers_day - dt.timedelta(days=1)
    args = {**_about(ticket), "due": {"date": due.isoformat()}, "n": ESCALATE_DAYS + 1}
    officers_at = max(dt.datetime.combine(officers_day, REMIND_AT, tzinfo=tz), now)
    admins_at = max(dt.datetime.combine(admins_day, REMIND_AT, tzinfo=tz), now)
    await to_people(session, people, ticket, f"due{round_}", MSG_OVERDUE, args, officers_at)
    await to_people(session, admins, ticket, f"esc{round_}", MSG_ESCALATED, args, admins_at)


async def call_off(session: Session, ticket_id: int) -> None:
    """No more reminders about this ticket (answered, closed, asked back, passed on)."""
    repo = TicketRepo(session)
    for what in ("new", "due", "esc"):
        await repo.cancel_reminders(f"handoff:{ticket_id}:{what}")
