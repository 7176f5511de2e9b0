"""ReminderRepo on SQLite and PostgreSQL: dedupe, list, cancel, snooze, claims, leases."""

from __future__ import annotations

import asyncio
import datetime as dt
import zoneinfo

import pytest
from sqlalchemy import inspect

from storage.db import make_engine, make_sessionmaker
from storage.models import Reminder
from storage.reminders import ReminderRepo, next_occurrence
from storage.repos import UserRepo

SH = zoneinfo.ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=SH)


@pytest.fixture
async def sessions(db_url: str):
    engine = make_engine(db_url)
    yield make_sessionmaker(engine)
    await engine.dispose()


async def _user(sessions, telegram_id: int = 100) -> int:
    async with sessions() as s, s.begin():
        return (await UserRepo(s).get_or_create(telegram_id)).id


async def _create(sessions, uid: int, key: str, due: dt.datetime = NOW, **kw) -> tuple[int, bool]:
    async with sessions() as s, s.begin():
        row, created = await ReminderRepo(s).create(
            user_id=uid, chat_id=100, kind=kw.pop("kind", "personal"), due_at=due,
            payload={"key": "Reminder: {note}", "args": {"note": key}}, dedupe_key=key, **kw)
        return row.id, created


async def test_table_exists_after_migration(sessions) -> None:
    async with sessions() as s:
        names = await s.run_sync(lambda ss: inspect(ss.connection()).get_table_names())
    assert {"reminders", "broadcast_optouts"} <= set(names)


async def test_create_is_idempotent_on_dedupe_key(sessions) -> None:
    uid = await _user(sessions)
    first = await _create(sessions, uid, "k1")
    again = await _create(sessions, uid, "k1", due=NOW + dt.timedelta(days=1))
    assert first[1] is True and again == (first[0], False)
    async with sessions() as s:
        assert len(await ReminderRepo(s).list_for(uid)) == 1


async def test_concurrent_creates_yield_one_row(sessions) -> None:
    uid = await _user(sessions)
    results = await asyncio.gather(*(_create(sessions, uid, "same") for _ in range(5)))
    assert len({rid for rid, _ in results}) == 1
    assert sum(created for _, created in results) == 1


async def test_times_round_trip_timezone_aware(sessions) -> None:
    uid = await _user(sessions)
    rid, _ = await _create(sessions, uid, "tz")
    async with sessions() as s:
        row = await ReminderRepo(s).get(rid)
    assert row is not None and row.due_at.tzinfo is not None
    assert row.due_at == NOW and row.due_at.astimezone(SH).hour == 9


async def test_list_cancel_and_snooze_only_own(sessions) -> None:
    uid, other = await _user(sessions, 1), await _user(sessions, 2)
    rid, _ = await _create(sessions, uid, "a", due=NOW + dt.timedelta(hours=2))
    await _create(sessions, uid, "b", due=NOW + dt.timedelta(hours=1))
    async with sessions() as s, s.begin():
        repo = ReminderRepo(s)
        assert [r.payload["args"]["note"] for r in await repo.list_for(uid)] == ["b", "a"]
        assert not await repo.cancel(other, rid)
        assert not await repo.snooze(other, rid, NOW)
        later = NOW + dt.timedelta(days=1)
        assert await repo.snooze(uid, rid, later)
    async with sessions() as s, s.begin():
        repo = ReminderRepo(s)
        row = await repo.get(rid)
        assert row is not None and row.due_at == later and row.available_at == later
        assert await repo.cancel(uid, rid)
        assert not await repo.cancel(uid, rid)  # already cancelled
    async with sessions() as s:
        assert [r.payload["args"]["note"] for r in await ReminderRepo(s).list_for(uid)] == ["b"]


async def test_claim_only_due_pending_and_mark(sessions) -> None:
    uid = await _user(sessions)
    due_id, _ = await _create(sessions, uid, "due", due=NOW - dt.timedelta(minutes=1))
    await _create(sessions, uid, "future", due=NOW + dt.timedelta(minutes=1))
    async with sessions() as s, s.begin():
        token, claimed = await ReminderRepo(s).claim_due(NOW, 10)
    assert [c.id for c in claimed] == [due_id] and claimed[0].attempts == 1
    assert claimed[0].user_active is True
    async with sessions() as s, s.begin():
        repo = ReminderRepo(s)
        assert (await repo.claim_due(NOW, 10))[1] == []  # already claimed
        assert not await repo.mark_sent(due_id, "wrong-token", NOW)
        assert await repo.mark_sent(due_id, token, NOW)
    async with sessions() as s:
        assert await ReminderRepo(s).counts() == {"sent": 1, "pending": 1}


async def test_claim_batch_limit_and_order(sessions) -> None:
    uid = await _user(sessions)
    for i in range(5):
        await _create(sessions, uid, f"r{i}", due=NOW - dt.timedelta(minutes=10 - i))
    async with sessions() as s, s.begin():
        _, first = await ReminderRepo(s).claim_due(NOW, 3)
    async with sessions() as s, s.begin():
        _, second = await ReminderRepo(s).claim_due(NOW, 3)
    assert [c.payload["args"]["note"] for c in first] == ["r0", "r1", "r2"]
    assert [c.payload["args"]["note"] for c in second] == ["r3", "r4"]


async def test_concurrent_claimers_never_share_a_reminder(sessions) -> None:
    uid = await _user(sessions)
    for i in range(40):
        await _create(sessions, uid, f"c{i}", due=NOW - dt.timedelta(seconds=i))

    async def claimer() -> list[int]:
        got: list[int] = []
        while True:
            async with sessions() as s, s.begin():
                _, claimed = await ReminderRepo(s).claim_due(NOW, 3)
            if not claimed:
                return got
            got += [c.id for c in claimed]

    results = await asyncio.gather(*(claimer() for _ in range(4)))
    every = [rid for ids in results for rid in ids]
    assert len(every) == len(set(every)) == 40


async def test_retry_later_keeps_due_time_and_waits(sessions) -> None:
    uid = await _user(sessions)
    rid, _ = await _create(sessions, uid, "retry", due=NOW)
    async with sessions() as s, s.begin():
        repo = ReminderRepo(s)
        token, _ = await repo.claim_due(NOW, 5)
        assert await repo.retry_later(rid, token, "500 boom", NOW + dt.timedelta(seconds=30))
    async with sessions() as s, s.begin():
        repo = ReminderRepo(s)
        assert (await repo.claim_due(NOW + dt.timedelta(seconds=29), 5))[1] == []
        _, again = await repo.claim_due(NOW + dt.timedelta(seconds=30), 5)
    assert [c.id for c in again] == [rid] and again[0].attempts == 2 and again[0].due_at == NOW


async def test_stale_claims_released_then_failed_after_max_attempts(sessions) -> None:
    uid = await _user(sessions)
    rid, _ = await _create(sessions, uid, "stale", due=NOW)
    lease = dt.timedelta(seconds=60)
    for attempt in (1, 2):
        async with sessions() as s, s.begin():
            repo = ReminderRepo(s)
            _, claimed = await repo.claim_due(NOW, 5)
            assert [c.attempts for c in claimed] == [attempt]
            assert await repo.release_stale(NOW + dt.timedelta(seconds=59), lease, 2) == 0
            assert await repo.release_stale(NOW + dt.timedelta(seconds=61), lease, 2) == 1
    async with sessions() as s:
        row = await ReminderRepo(s).get(rid)
    assert row is not None and row.status == "failed" and "dispatcher" in row.last_error


async def test_release_gives_attempt_back(sessions) -> None:
    uid = await _user(sessions)
    rid, _ = await _create(sessions, uid, "rel", due=NOW)
    async with sessions() as s, s.begin():
        repo = ReminderRepo(s)
        token, _ = await repo.claim_due(NOW, 5)
        assert await repo.release([rid], token) == 1
    async with sessions() as s:
        row = await s.get(Reminder, rid)
    assert row is not None and (row.status, row.attempts, row.claim_token) == ("pending", 0, None)


async def test_expire_missed_reminders(sessions) -> None:
    uid = await _user(sessions)
    old, _ = await _create(sessions, uid, "old", due=NOW - dt.timedelta(hours=80))
    recent, _ = await _create(sessions, uid, "recent", due=NOW - dt.timedelta(hours=70))
    async with sessions() as s, s.begin():
        assert await ReminderRepo(s).expire_missed(NOW, dt.timedelta(hours=72)) == 1
    async with sessions() as s:
        repo = ReminderRepo(s)
        assert (await repo.get(old)).status == "failed"
        assert (await repo.get(recent)).status == "pending"


async def test_repeat_schedules_next_once(sessions) -> None:
    uid = await _user(sessions)
    await _create(sessions, uid, "weekly", due=NOW, repeat="weekly")
    async with sessions() as s, s.begin():
        repo = ReminderRepo(s)
        token, (claimed,) = await repo.claim_due(NOW, 5)
        first = await repo.schedule_next(claimed, SH)
        second = await repo.schedule_next(claimed, SH)  # a retried send: same next row
        assert first is not None and second is not None and first.id == second.id
        assert first.due_at == NOW + dt.timedelta(days=7) and first.repeat == "weekly"


def test_next_occurrence_monthly_clamps_and_keeps_anchor() -> None:
    jan31 = dt.datetime(2027, 1, 31, 8, 30, tzinfo=SH)
    feb = next_occurrence(jan31, "monthly", SH, anchor_day=31)
    assert feb == dt.datetime(2027, 2, 28, 8, 30, tzinfo=SH)
    assert next_occurrence(feb, "monthly", SH, anchor_day=31).day == 31
    dec = dt.datetime(2026, 12, 15, 9, tzinfo=SH)
    assert next_occurrence(dec, "monthly", SH) == dt.datetime(2027, 1, 15, 9, tzinfo=SH)
    assert next_occurrence(dec, "weekly", SH) == dt.datetime(2026, 12, 22, 9, tzinfo=SH)


async def test_done_stops_the_series_and_only_the_owner_can_say_so(sessions) -> None:
    """A weekly reminder sent, its next occurrence pending: "done" marks the sent one and
    cancels the pending rest of its series (keys `<base>@<stamp>`), not other reminders."""
    uid, other = await _user(sessions, 1), await _user(sessions, 2)
    rid, _ = await _create(sessions, uid, "base", repeat="weekly")
    nxt, _ = await _create(sessions, uid, "base@20261208T0100", repeat="weekly",
                           due=NOW + dt.timedelta(days=7))
    unrelated, _ = await _create(sessions, uid, "basement", due=NOW + dt.timedelta(days=1))
    async with sessions() as s, s.begin():
        repo = ReminderRepo(s)
        assert await repo.mark_done(other, rid) == ("inactive", 0)
        assert await repo.mark_done(uid, rid) == ("done", 1)
        assert await repo.mark_done(uid, rid) == ("already", 0)
        assert not await repo.snooze(uid, rid, NOW + dt.timedelta(days=1))
    async with sessions() as s:
        repo = ReminderRepo(s)
        got = {i: (await repo.get(i)).status for i in (rid, nxt, unrelated)}
    assert got == {rid: "done", nxt: "cancelled", unrelated: "pending"}
