"""The reminder dispatcher: claim due reminders, send them, record the outcome.

At-least-once: a reminder is claimed (status 'sending', a claim token, attempts + 1) and
committed before it is sent, and marked sent right after Telegram accepts it. If the
process dies in between, the claim outlives its lease and goes back to pending, so only
reminders in flight at the crash (at most `batch_size`) can be sent twice.

Errors: RetryAfter pauses all sending for the time asked and tries again; 5xx, timeouts
and network errors go back to pending with exponential backoff until `max_attempts`,
then fail with the reason; 403 (blocked, deactivated) fails and marks the user inactive;
other 400s fail at once.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden, RetryAfter, TelegramError

from bot.config import Settings
from bot.delivery.limiter import SendLimiter
from bot.dialogs.reminders.render import Rendered, render
from storage.db import SessionMaker, is_busy
from storage.reminders import Claimed, ReminderRepo
from storage.repos import DialogRepo
from storage.web import WEB, WebRepo

log = logging.getLogger(__name__)
MAX_FLOOD_WAITS = 10  # RetryAfter rounds for one message before it goes back to the queue


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class DispatchConfig:
    batch_size: int = 50
    poll_seconds: float = 1.0
    max_attempts: int = 5
    retry_base: float = 2.0
    retry_max: float = 300.0
    lease: dt.timedelta = dt.timedelta(seconds=120)
    missed_max_age: dt.timedelta = dt.timedelta(hours=72)
    late_after: dt.timedelta = dt.timedelta(minutes=10)
    tz: dt.tzinfo = dt.UTC
    default_locale: str = "zh_CN"
    # Dialogs untouched this long are deleted in housekeeping (their idle time and the
    # day an expired one is kept to be continued: bot/dialogs/account/resume.py).
    dialog_max_idle: dt.timedelta | None = None

    @classmethod
    def from_settings(cls, s: Settings) -> DispatchConfig:
        return cls(batch_size=s.reminder_batch_size, poll_seconds=s.reminder_poll_seconds,
                   max_attempts=s.reminder_max_attempts,
                   retry_base=s.reminder_retry_base_seconds,
                   retry_max=s.reminder_retry_max_seconds,
                   lease=dt.timedelta(seconds=s.reminder_lease_seconds),
                   missed_max_age=dt.timedelta(hours=s.reminder_missed_max_age_hours),
                   late_after=dt.timedelta(minutes=s.reminder_late_note_minutes), tz=s.tz,
                   default_locale=s.default_locale,
                   dialog_max_idle=s.idle_timeout + s.resume_keep)

    def backoff(self, attempts: int) -> float:
        delay = min(self.retry_base * 2 ** max(attempts - 1, 0), self.retry_max)
        return delay * random.uniform(0.9, 1.1)


class Dispatcher:
    """bot None: no Telegram sending; only web visitors' reminders are claimed (they go
    to the visitor's inbox, shown on the next visit or poll)."""

    def __init__(self, bot: Bot | None, sessions: SessionMaker,
                 config: DispatchConfig, limiter: SendLimiter,
                 clock: Callable[[], dt.datetime] = utc_now) -> None:
        self.bot, self.sessions, self.cfg, self.limiter = bot, sessions, config, limiter
        self.now = clock
        self.stats: Counter[str] = Counter()
        self._stop = asyncio.Event()
        self._room = asyncio.Event()
        self._tasks: dict[int, asyncio.Task[None]] = {}
        self._waiting: set[int] = set()  # claimed, not yet handed to Telegram
        self._tokens: dict[int, str] = {}
        self._housekept_at: dt.datetime | None = None

    # -- main loop -------------------------------------------------------------------------

    async def run(self) -> None:
        refill = max(1, self.cfg.batch_size // 2)
        while not self._stop.is_set():
            try:
                await self._housekeep()
                room = self.cfg.batch_size - len(self._tasks)
                got = await self._claim_and_start(room) if room >= refill else 0
            except Exception as exc:  # the database is away: log, wait, try again
                if is_busy(exc):  # busy or locked for now: one line, no traceback
                    log.warning("reminder dispatcher: database busy (%s); trying again",
                                type(exc).__name__)
                else:
                    log.exception("reminder dispatcher: claiming failed")
                got, room = 0, 1
            self._room.clear()
            nothing_more_due = room >= refill and got < room
            await self._sleep(self._stop.wait() if nothing_more_due else self._room.wait(),
                              self.cfg.poll_seconds)
        await self._drain()

    async def run_until_settled(self, horizon: dt.datetime | None = None) -> None:
        """Tests: dispatch until nothing due by `horizon` (default: now) is pending or in
        flight; reminders waiting for a retry count as not settled."""
        horizon = horizon or self.now()
        while True:
            await self._housekeep(force=True)
            got = await self._claim_and_start(self.cfg.batch_size - len(self._tasks))
            if self._tasks:
                await asyncio.wait(list(self._tasks.values()),
                                   return_when=asyncio.FIRST_COMPLETED)
            elif not got:
                async with self.sessions() as s:
                    if not await ReminderRepo(s).unsettled(horizon):
                        return
                await asyncio.sleep(min(self.cfg.poll_seconds, 0.05))

    def stop(self) -> None:
        self._stop.set()

    async def _sleep(self, awaitable: object, timeout: float) -> None:
        try:
            await asyncio.wait_for(awaitable, timeout)  # type: ignore[arg-type]
        except TimeoutError:
            pass

    async def _housekeep(self, force: bool = False) -> None:
        now = self.now()
        every = min(self.cfg.lease / 4, dt.timedelta(seconds=30))
        if not force and self._housekept_at is not None and now - self._housekept_at < every:
            return
        async with self.sessions() as s, s.begin():
            repo = ReminderRepo(s)
            stale = await repo.release_stale(now, self.cfg.lease, self.cfg.max_attempts)
            expired = await repo.expire_missed(now, self.cfg.missed_max_age)
            if self.cfg.dialog_max_idle is not None:
                await DialogRepo(s).purge_idle(now - self.cfg.dialog_max_idle)
        self._housekept_at = now
        self.stats.update(released_stale=stale, expired=expired)
        if stale or expired:
            log.info("reminders: %d stale claims released, %d missed ones expired",
                     stale, expired)

    async def _claim_and_start(self, room: int) -> int:
        if room <= 0:
            return 0
        async with self.sessions() as s, s.begin():
            token, claimed = await ReminderRepo(s).claim_due(
                self.now(), room, channels=None if self.bot is not None else (WEB,))
        for c in claimed:
            self._waiting.add(c.id)
            self._tokens[c.id] = token
            task = asyncio.create_task(self._deliver(c, token), name=f"reminder-{c.id}")
            self._tasks[c.id] = task
            task.add_done_callback(lambda _t, rid=c.id: self._done(rid))
        self.stats["claimed"] += len(claimed)
        return len(claimed)

    def _done(self, reminder_id: int) -> None:
        self._tasks.pop(reminder_id, None)
        self._tokens.pop(reminder_id, None)
        self._waiting.discard(reminder_id)
        if self.cfg.batch_size - len(self._tasks) >= max(1, self.cfg.batch_size // 2):
            self._room.set()

    async def _drain(self) -> None:
        """Graceful stop: unsent claims go back unspent; messages on the wire finish."""
        unsent: dict[str, list[int]] = {}
        for rid in list(self._waiting):
            unsent.setdefault(self._tokens[rid], []).append(rid)
            self._tasks[rid].cancel()
        if self._tasks:
            await asyncio.gather(*self._tasks.values(), return_exceptions=True)
        for token, ids in unsent.items():
            async with self.sessions() as s, s.begin():
                await ReminderRepo(s).release(ids, token)
        self.stats["released_on_stop"] += sum(len(ids) for ids in unsent.values())

    # -- one reminder ----------------------------------------------------------------------

    async def _deliver(self, c: Claimed, token: str) -> None:
        try:
            if not c.user_active:
                self._waiting.discard(c.id)
                await self._fail(c, token, "user inactive: the bot was blocked earlier")
                return
            if c.channel == WEB:
                await self._to_inbox(c, token)
            else:
                await self._send_with_flood_waits(c, token)
        except Exception as exc:  # never lose the task silently; the lease brings it back
            if is_busy(exc):
                log.warning("reminder %s: database busy (%s); its lease brings it back",
                            c.id, type(exc).__name__)
            else:
                log.exception("reminder %s: unexpected error", c.id)

    async def _to_inbox(self, c: Claimed, token: str) -> None:
        """A web visitor's reminder: stored in their inbox, in the same transaction that
        marks it sent (exactly once)."""
        self._waiting.discard(c.id)
        shown = self._render(c)
        buttons = [[{"label": label, "data": data} for label, data in row]
                   for row in shown.buttons]
        async with self.sessions() as s, s.begin():
            repo = ReminderRepo(s)
            if await repo.mark_sent(c.id, token, self.now()):
                await WebRepo(s).deliver(c.user_id, shown.text, buttons)
                await repo.schedule_next(c, self.cfg.tz)
        self.stats["sent"] += 1
        self.stats["to_inbox"] += 1

    def _render(self, c: Claimed) -> Rendered:
        locale = c.locale or c.payload.get("locale") or self.cfg.default_locale
        return render(c.id, c.kind, c.payload, c.due_at, locale, self.now(), self.cfg.tz,
                      self.cfg.late_after)

    async def _send_with_flood_waits(self, c: Claimed, token: str) -> None:
        shown = self._render(c)
        assert self.bot is not None
        markup = InlineKeyboardMarkup([[InlineKeyboardButton(label, callback_data=data)
                                        for label, data in row] for row in shown.buttons])
        for _ in range(MAX_FLOOD_WAITS):
            self._waiting.add(c.id)
            await self.limiter.acquire(c.chat_id)
            self._waiting.discard(c.id)
            try:
                await self.bot.send_message(c.chat_id, shown.text, parse_mode=ParseMode.HTML,
                                            reply_markup=markup)
            except RetryAfter as exc:
                seconds = _seconds(exc)
                self.stats["retry_after"] += 1
                self.limiter.pause(seconds)
                if seconds > self.cfg.lease.total_seconds() / 4:  # too long to hold a claim
                    await self._later(c, token, f"flood control: retry after {seconds:g} s",
                                      seconds)
                    return
                continue
            except Forbidden as exc:
                await self._fail(c, token, f"forbidden: {exc.message}", deactivate=True)
            except (BadRequest, ChatMigrated) as exc:
                await self._fail(c, token, f"rejected: {exc.message}")
            except TelegramError as exc:  # NetworkError, TimedOut, 5xx
                await self._retry_or_fail(c, token, f"{type(exc).__name__}: {exc.message}")
            else:
                await self._sent(c, token)
            return
        await self._later(c, token, "flood control: too many RetryAfter answers", 1.0)

    async def _sent(self, c: Claimed, token: str) -> None:
        async with self.sessions() as s, s.begin():
            repo = ReminderRepo(s)
            if await repo.mark_sent(c.id, token, self.now()):
                await repo.schedule_next(c, self.cfg.tz)
        self.stats["sent"] += 1

    async def _fail(self, c: Claimed, token: str, reason: str, deactivate: bool = False
                    ) -> None:
        async with self.sessions() as s, s.begin():
            await ReminderRepo(s).mark_failed(c.id, token, reason)
            if deactivate:
                await ReminderRepo(s).deactivate_user(c.user_id)
        self.stats["failed"] += 1
        log.info("reminder %s failed: %s", c.id, reason)

    async def _retry_or_fail(self, c: Claimed, token: str, reason: str) -> None:
        if c.attempts >= self.cfg.max_attempts:
            await self._fail(c, token, f"gave up after {c.attempts} attempts: {reason}")
            return
        self.stats["retried"] += 1
        await self._later(c, token, reason, self.cfg.backoff(c.attempts))

    async def _later(self, c: Claimed, token: str, reason: str, seconds: float) -> None:
        at = self.now() + dt.timedelta(seconds=seconds)
        async with self.sessions() as s, s.begin():
            await ReminderRepo(s).retry_later(c.id, token, reason, at)


def _seconds(exc: RetryAfter) -> float:
    # PTB 22 keeps a timedelta and warns when the int-valued `retry_after` is read.
    value = getattr(exc, "_retry_after", None)
    return value.total_seconds() if isinstance(value, dt.timedelta) else 1.0
