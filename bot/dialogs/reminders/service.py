"""Creating reminders from chat, decisions, policy calendars and officer broadcasts.

Functions take the caller's session (one transaction per update) and never commit. Each
reminder gets a dedupe key built from what it is about, so pressing a button twice, a
retried update or a re-run broadcast never creates a second one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

from bot.dialogs.reminders.render import N_
from bot.i18n import get_translator
from knowledge.calendars import get_event
from knowledge.core import REGISTRY
from knowledge.policy import get_policy
from storage.db import Session
from storage.models import Reminder
from storage.reminders import BroadcastRepo, ReminderRepo

MSG_PERSONAL = N_("⏰ Reminder: {note}")
MSG_PERSONAL_BARE = N_("⏰ This is the reminder you asked for.")
MSG_DECISION = N_("⏰ From {date} you may take part in “{program}” again ({document}, {article}). "
                  "Ask the bot again to check the other conditions.")
MSG_DECISION_SHORT = N_("⏰ From {date} you may take part in “{program}” again ({document}). "
                        "Ask the bot again to check the other conditions.")
MSG_CALENDAR = N_("📅 {title}: deadline {deadline}.\n{what}\nSource: {document}, {articles}.")
MSG_CALENDAR_AHEAD = N_("📅 {title}: deadline {deadline}, {lead}.\n{what}\nSource: {document}, "
                        "{articles}.")
IN_1_DAY = N_("tomorrow")
IN_N_DAYS = N_("in {n} days")
MSG_BROADCAST = N_("📢 Message from the human resources office:\n{text}")
MAX_NOTE = 200
DEFAULT_TIME = dt.time(9, 0)


class ReminderInputError(ValueError):
    """The request cannot become a reminder; `code` is a message id for the user."""

    def __init__(self, code: str, **args: Any) -> None:
        super().__init__(code)
        self.code = code
        self.args_ = args


ERR_PAST = N_("That time has already passed; please choose a later one.")
ERR_NOTE = N_("The note is too long; please keep it under 200 characters.")
ERR_NO_DATE = N_("This result gives no date to remind you of.")
MAY_MOVE = N_("Note: the official holiday calendar for {year} was not published when this "
              "reminder was set; if {date} is a rest day the deadline moves ({article}).")


def _utc_stamp(moment: dt.datetime) -> str:
    return f"{moment.astimezone(dt.UTC):%Y%m%dT%H%M}"


def _both(zh: str, en: str) -> dict[str, str]:
    return {"zh": zh, "en": en}


def _with_locale(payload: dict[str, Any], locale: str | None) -> dict[str, Any]:
    """The chat's language when the reminder was made: used if the owner never chose one."""
    if locale:
        payload["locale"] = locale
    return payload


async def create_personal(session: Session, *, user_id: int, chat_id: int,
                          when: dt.datetime, note: str, now: dt.datetime,
                          repeat: str | None = None, locale: str | None = None
                          ) -> tuple[Reminder, bool]:
    """"Remind me" from chat: `when` is timezone-aware; the same time and note twice is one."""
    note = " ".join(note.split())
    if when <= now:
        raise ReminderInputError(ERR_PAST)
    if len(note) > MAX_NOTE:
        raise ReminderInputError(ERR_NOTE)
    digest = hashlib.sha1(note.encode("utf-8")).hexdigest()[:10]
    payload: dict[str, Any] = ({"key": MSG_PERSONAL, "args": {"note": note}} if note
                               else {"key": MSG_PERSONAL_BARE, "args": {}})
    if repeat == "monthly":
        payload["anchor_day"] = when.day
    _with_locale(payload, locale)
    return await ReminderRepo(session).create(
        user_id=user_id, chat_id=chat_id, kind="personal", due_at=when, payload=payload,
        dedupe_key=f"personal:{user_id}:{_utc_stamp(when)}:{digest}", repeat=repeat)


def decision_date(decision: Any) -> dt.date | None:
    """The date from which a "not yet" decision turns possible, if it gives one."""
    values = decision.values if hasattr(decision, "values") else decision.get("values", {})
    again = values.get("eligible_again_from")
    if again is not None:
        return again if isinstance(again, dt.date) else dt.date.fromisoformat(str(again))
    year = values.get("may_apply_again_from_year")
    return dt.date(int(year), 1, 1) if isinstance(year, int) else None


def _decision_citation(decision: Any, day: dt.date) -> tuple[str, str | None]:
    """The article behind the date: the failed condition whose limit it is, else the
    first failed condition."""
    failed = [r for r in getattr(decision, "reasons", []) if not r.passed]
    for reason in sorted(failed, key=lambda r: r.limit != day and str(r.limit) != str(day)):
        return reason.citation.document, reason.citation.article
    return REGISTRY[decision.program].policy, None


async def offer_from_decision(session: Session, *, user_id: int, chat_id: int,
                              decision: Any, tz: dt.tzinfo, now: dt.datetime,
                              locale: str | None = None) -> tuple[Reminder, bool]:
    """"Remind me then" for a decision that says "not yet" until a date."""
    day = decision_date(decision)
    if day is None:
        raise ReminderInputError(ERR_NO_DATE)
    document, article = _decision_citation(decision, day)
    return await remind_program_on(session, user_id=user_id, chat_id=chat_id,
                                   program_id=decision.program, day=day, tz=tz, now=now,
                                   document=document, article=article, locale=locale)


async def remind_program_on(session: Session, *, user_id: int, chat_id: int,
                            program_id: str, day: dt.date, tz: dt.tzinfo, now: dt.datetime,
                            document: str | None = None, article: str | None = None,
                            locale: str | None = None) -> tuple[Reminder, bool]:
    """A reminder at 09:00 on `day` that `program_id` is open to the user again."""
    program = REGISTRY.get(program_id)
    if program is None:
        raise ReminderInputError(ERR_NO_DATE)
    policy = get_policy(document or program.policy)
    when = dt.datetime.combine(day, DEFAULT_TIME, tzinfo=tz)
    if when <= now:
        raise ReminderInputError(ERR_PAST)
    args: dict[str, Any] = {"date": {"date": day.isoformat()},
            "program": _both(program.title_zh, program.title_en),
            "document": _both(policy.title_zh, policy.title_en)}
    if article:
        args["article"] = article
    return await ReminderRepo(session).create(
        user_id=user_id, chat_id=chat_id, kind="decision", due_at=when,
        payload=_with_locale({"key": MSG_DECISION if article else MSG_DECISION_SHORT,
                              "args": args}, locale),
        dedupe_key=f"decision:{program_id}:{user_id}:{day.isoformat()}")


def _in_both(key: str, **args: Any) -> dict[str, str]:
    """A message in both languages now, for a payload rendered later in either."""
    return _both(get_translator("zh_CN")._(key, **args), get_translator("en")._(key, **args))


def calendar_series(event_id: str, user_id: int, deadline: dt.date) -> str:
    """The dedupe-key prefix shared by the reminders (one per lead) of one deadline."""
    return f"calendar:{event_id}:{user_id}:{deadline.isoformat()}:"


async def schedule_policy_calendar(session: Session, *, user_id: int, chat_id: int,
                                   event_id: str, today: dt.date, tz: dt.tzinfo,
                                   now: dt.datetime, start: dt.date | None = None,
                                   leads: tuple[int, ...] = (0,), locale: str | None = None
                                   ) -> list[tuple[Reminder, bool]]:
    """The next occurrence of a policy calendar event (knowledge/calendars.yaml): one
    reminder per lead (days before the deadline, at the event's hour in `tz`).

    A stated date is always remindable, holiday data or not; where a working-day rule
    could still move it, the reminder carries the caveat. Raises
    knowledge.calendars.CalendarRangeError for a working-day period beyond the holiday
    data, and ReminderInputError when the deadline has passed or no lead is ahead."""
    event = get_event(event_id)
    found = event.next_deadline(today, start)
    deadline = found.day
    if deadline < today:
        raise ReminderInputError(ERR_PAST)
    policy = get_policy(event.document)
    last_useful = dt.datetime.combine(deadline, event.time, tzinfo=tz)
    series = calendar_series(event_id, user_id, deadline)
    base: dict[str, Any] = {
        "title": _both(event.title_zh, event.title_en),
        "what": _both(event.what_zh, event.what_en),
        "deadline": {"date": deadline.isoformat()},
        "document": _both(policy.title_zh, policy.title_en),
        "articles": "、".join(event.articles)}
    out = []
    for lead in sorted(set(leads), reverse=True):
        due = dt.datetime.combine(deadline - dt.timedelta(days=lead), event.time, tzinfo=tz)
        if lead and due <= now:
            continue  # that lead has passed: the flow did not offer it
        args = dict(base)
        if lead:
            args["lead"] = (_in_both(IN_1_DAY) if lead == 1 else _in_both(IN_N_DAYS, n=lead))
        payload: dict[str, Any] = {
            "key": MSG_CALENDAR_AHEAD if lead else MSG_CALENDAR, "args": args,
            "event": event_id, "deadline": deadline.isoformat(), "lead_days": lead,
            "last_useful": last_useful.astimezone(dt.UTC).isoformat(), "series": series}
        if not found.exact:
            zh, en = get_translator("zh_CN"), get_translator("en")
            payload["caveat"] = _both(*(tr._(MAY_MOVE, year=deadline.year,
                                             date=tr.date(deadline), article=found.article)
                                        for tr in (zh, en)))
        # The reminder day may be today with its hour gone: then it goes out at once.
        out.append(await ReminderRepo(session).create(
            user_id=user_id, chat_id=chat_id, kind="calendar", due_at=max(due, now),
            payload=_with_locale(payload, locale), dedupe_key=f"{series}L{lead}"))
    if not out:
        raise ReminderInputError(ERR_PAST)
    return out


@dataclass(frozen=True)
class Segment:
    """Who receives a broadcast: every active user, narrowed by role, locale or ids."""

    role: str | None = None
    locale: str | None = None
    telegram_ids: tuple[int, ...] | None = None


async def broadcast(session: Session, *, broadcast_id: str, text: str, segment: Segment,
                    when: dt.datetime) -> int:
    """Queue one reminder per recipient who has not opted out; returns how many were new.
    Running the same broadcast id again adds only recipients who were not queued yet."""
    repo = BroadcastRepo(session)
    ids = list(segment.telegram_ids) if segment.telegram_ids is not None else None
    prefix = f"broadcast:{broadcast_id}:"
    done = await repo.existing_keys(prefix)
    rows = [dict(user_id=uid, chat_id=chat, kind="broadcast", due_at=when, available_at=when,
                 payload={"key": MSG_BROADCAST, "args": {"text": text}}, status="pending",
                 attempts=0, dedupe_key=f"{prefix}{uid}")
            for uid, chat in await repo.recipients(segment.role, segment.locale, ids)
            if f"{prefix}{uid}" not in done]
    await repo.queue_many(rows)
    return len(rows)
