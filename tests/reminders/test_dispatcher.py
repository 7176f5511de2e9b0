"""The dispatcher against the fake Bot API: delivery, faults, missed reminders, stop."""

from __future__ import annotations

import asyncio
import datetime as dt

from sqlalchemy import select

from bot.delivery.limiter import SendLimiter
from storage.models import User
from tests.fakebot import FakeBotAPI
from tests.reminders.conftest import SH, add_reminder, add_user, fast_config, reminders

NOW = dt.datetime.now(dt.UTC)


def sent_texts(api: FakeBotAPI, chat_id: int) -> list[str]:
    return [str(c.params.get("text")) for c in api.calls_of("sendMessage", chat_id) if c.ok]


async def test_delivers_due_reminders_in_owner_language(fake_api, sessions,
                                                        dispatcher_factory) -> None:
    zh, en = await add_user(sessions, 501, "zh_CN"), await add_user(sessions, 502, "en")
    payload = {"key": "{what}", "args": {"what": {"zh": "交研修报告", "en": "hand in the report"}}}
    await add_reminder(sessions, zh, 501, "a", payload=payload)
    await add_reminder(sessions, en, 502, "b", payload=payload)
    await add_reminder(sessions, en, 502, "future", due=NOW + dt.timedelta(hours=1))
    d = await dispatcher_factory()
    await d.run_until_settled()
    assert sent_texts(fake_api, 501) == ["交研修报告"]
    assert sent_texts(fake_api, 502) == ["hand in the report"]
    rows = await reminders(sessions)
    assert [r.status for r in rows] == ["sent", "sent", "pending"]
    buttons = fake_api.buttons(501)
    assert [data for _, data in buttons] == [f"rmd:done:{rows[0].id}", f"rmd:snz:{rows[0].id}:1",
                                             f"rmd:snz:{rows[0].id}:7"]


async def test_retry_after_is_honoured(fake_api, sessions, dispatcher_factory) -> None:
    uid = await add_user(sessions, 601)
    await add_reminder(sessions, uid, 601, "flood")
    fake_api.fail("sendMessage", times=1, status=429, retry_after=1)
    d = await dispatcher_factory()
    await d.run_until_settled()
    calls = fake_api.calls_of("sendMessage", 601)
    assert [c.status for c in calls] == [429, 200]
    assert calls[1].at - calls[0].at >= 1.0  # waited as long as Telegram asked
    (row,) = await reminders(sessions)
    assert row.status == "sent" and row.attempts == 1 and d.stats["retry_after"] == 1


async def test_server_errors_retried_with_backoff_then_sent(fake_api, sessions,
                                                           dispatcher_factory) -> None:
    uid = await add_user(sessions, 602)
    await add_reminder(sessions, uid, 602, "flaky")
    fake_api.fail("sendMessage", times=2, status=500)
    d = await dispatcher_factory()
    await d.run_until_settled()
    assert [c.status for c in fake_api.calls_of("sendMessage", 602)] == [500, 500, 200]
    (row,) = await reminders(sessions)
    assert (row.status, row.attempts, row.last_error) == ("sent", 3, None)


async def test_persistent_server_error_fails_with_reason(fake_api, sessions,
                                                         dispatcher_factory) -> None:
    uid = await add_user(sessions, 603)
    await add_reminder(sessions, uid, 603, "down")
    fake_api.fail("sendMessage", times=None, status=502)
    d = await dispatcher_factory(fast_config(max_attempts=3))
    await d.run_until_settled()
    (row,) = await reminders(sessions)
    assert row.status == "failed" and row.attempts == 3
    assert "gave up after 3 attempts" in row.last_error and "Bad Gateway" in row.last_error
    assert len(fake_api.calls_of("sendMessage", 603)) == 3


async def test_timeout_is_retried(fake_api, sessions, dispatcher_factory) -> None:
    uid = await add_user(sessions, 604)
    await add_reminder(sessions, uid, 604, "slow")
    fake_api.delay("sendMessage", 1.5, times=1)
    d = await dispatcher_factory(timeout=0.3)
    await d.run_until_settled()
    (row,) = await reminders(sessions)
    assert row.status == "sent" and row.attempts == 2 and d.stats["retried"] == 1


async def test_blocked_user_fails_and_becomes_inactive(fake_api, sessions,
                                                       dispatcher_factory) -> None:
    uid = await add_user(sessions, 605)
    await add_reminder(sessions, uid, 605, "first")
    fake_api.block(605)
    d = await dispatcher_factory()
    await d.run_until_settled()
    await add_reminder(sessions, uid, 605, "second")  # later: not even tried
    await d.run_until_settled()
    first, second = await reminders(sessions)
    assert first.status == "failed" and "blocked" in first.last_error
    assert second.status == "failed" and "inactive" in second.last_error
    assert len(fake_api.calls_of("sendMessage", 605)) == 1
    async with sessions() as s:
        user = (await s.execute(select(User).where(User.id == uid))).scalar_one()
    assert user.is_active is False


async def test_fault_storm_every_reminder_ends_sent_or_failed(fake_api, sessions,
                                                              dispatcher_factory) -> None:
    users = [await add_user(sessions, 700 + i) for i in range(12)]
    for i, uid in enumerate(users):
        for n in range(3):
            await add_reminder(sessions, uid, 700 + i, f"n{n}")
    fake_api.fail("sendMessage", times=3, status=429, retry_after=1)
    fake_api.fail("sendMessage", times=4, status=500)
    fake_api.fail("sendMessage", times=2, status=503, chat_id=703)
    fake_api.delay("sendMessage", 1.0, times=2)
    fake_api.block(705)
    fake_api.block(709)
    d = await dispatcher_factory(fast_config(max_attempts=6), timeout=0.4)
    await d.run_until_settled()
    rows = await reminders(sessions)
    assert len(rows) == 36 and {r.status for r in rows} <= {"sent", "failed"}
    failed = [r for r in rows if r.status == "failed"]
    assert {r.chat_id for r in failed} == {705, 709} and all(r.last_error for r in failed)
    for i in range(12):
        if 700 + i not in (705, 709):  # each note arrived (a timeout may repeat one)
            texts = sent_texts(fake_api, 700 + i)
            assert all(any(t.endswith(f"n{n}") for t in texts) for n in range(3)), texts


async def test_missed_reminders_sent_with_original_time_unless_too_old(
        fake_api, sessions, dispatcher_factory) -> None:
    uid = await add_user(sessions, 801, "en")
    due = dt.datetime(2026, 11, 20, 9, 30, tzinfo=SH)
    now = due + dt.timedelta(hours=5)
    await add_reminder(sessions, uid, 801, "late", due=due)
    await add_reminder(sessions, uid, 801, "ancient", due=now - dt.timedelta(hours=73))
    d = await dispatcher_factory(fast_config(missed_max_age=dt.timedelta(hours=72)))
    d.now = lambda: now
    await d.run_until_settled()
    (text,) = sent_texts(fake_api, 801)
    assert "Reminder: late" in text and "November 20, 2026 9:30\u202fAM" in text and "sent late" in text
    late, ancient = await reminders(sessions)
    assert late.status == "sent"
    assert ancient.status == "failed" and ancient.last_error.startswith("expired")


async def test_per_chat_pacing_avoids_flood_errors(fake_api, sessions,
                                                   dispatcher_factory) -> None:
    uid = await add_user(sessions, 901)
    for n in range(3):
        await add_reminder(sessions, uid, 901, f"n{n}")
    fake_api.enforce_limits(30, 1)
    d = await dispatcher_factory(limiter=SendLimiter(30, 1, 0.02))
    await d.run_until_settled()
    assert [c.status for c in fake_api.calls_of("sendMessage", 901)] == [200, 200, 200]


async def test_repeating_reminder_schedules_its_next_occurrence(fake_api, sessions,
                                                                dispatcher_factory) -> None:
    uid = await add_user(sessions, 902)
    due = NOW - dt.timedelta(minutes=1)
    await add_reminder(sessions, uid, 902, "weekly", due=due, repeat="weekly")
    d = await dispatcher_factory()
    await d.run_until_settled()
    sent, nxt = await reminders(sessions)
    assert sent.status == "sent" and nxt.status == "pending" and nxt.repeat == "weekly"
    assert nxt.due_at == due + dt.timedelta(days=7)


async def test_graceful_stop_gives_unsent_claims_back(fake_api, sessions,
                                                      dispatcher_factory) -> None:
    uid = await add_user(sessions, 903)
    for n in range(6):
        await add_reminder(sessions, uid, 903, f"n{n}")
    d = await dispatcher_factory(limiter=SendLimiter(100, 4, 0.0))  # one chat: 4 a second
    task = asyncio.create_task(d.run())
    await fake_api.wait_for_calls("sendMessage", 2, 903)
    d.stop()
    await task
    rows = await reminders(sessions)
    sent = [r for r in rows if r.status == "sent"]
    back = [r for r in rows if r.status == "pending"]
    assert len(sent) == len(sent_texts(fake_api, 903)) and len(sent) + len(back) == 6
    assert back and all(r.attempts == 0 and r.claim_token is None for r in back)


async def test_housekeeping_deletes_dialogs_idle_past_their_kept_day(fake_api, sessions,
                                                                     dispatcher_factory
                                                                     ) -> None:
    from sqlalchemy import update

    from storage.models import DialogStateRow
    from storage.repos import DialogRepo

    old, fresh = await add_user(sessions, 7101), await add_user(sessions, 7102)
    async with sessions() as s, s.begin():
        for uid in (old, fresh):
            await DialogRepo(s).save(uid, uid, "resume", {"step": "offer"}, None)
        long_ago = (NOW - dt.timedelta(hours=30)).replace(tzinfo=None)  # naive UTC: SQLite
        await s.execute(update(DialogStateRow).where(DialogStateRow.user_id == old)
                        .values(updated_at=long_ago))
    d = await dispatcher_factory(fast_config(dialog_max_idle=dt.timedelta(hours=24, minutes=30)))
    await d.run_until_settled()
    async with sessions() as s:
        left = [r.user_id for r in (await s.execute(select(DialogStateRow))).scalars()]
    assert left == [fresh]
