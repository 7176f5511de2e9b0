"""Officer broadcasts end to end: the real Application against the fake Bot API.

An administrator schedules a message to employers for tomorrow; only employers who did
not opt out get a reminder row, due then; a dispatcher run before the time sends nothing,
one after it delivers. Someone who opts out after it was scheduled gets nothing. An
officer appointed for a city may only message the unfinished respondents of their own
city's campaigns. Everyone else is refused and nothing is queued.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from storage.reminders import BroadcastRepo
from storage.repos import DialogRepo, UserRepo
from storage.surveys import CampaignRepo, OfficerRepo, StartRepo
from tests.e2e import harness
from tests.reminders.conftest import SH, Sessions, fast_config, reminders
from tests.reminders.test_chat import click_containing

ADMIN, WUXI_OFFICER, STRANGER = 3101, 3102, 3103
EMPLOYER, EMPLOYER_ZH, OPTED_OUT, INACTIVE, WORKER, LATE_OPT_OUT = (
    3111, 3112, 3113, 3114, 3115, 3116)


def running_bot(api: Any, db_url: str) -> Any:
    return harness.running_bot(api, db_url, admin_ids=[ADMIN], reminders_in_bot=False)


def texts(calls) -> str:
    return "\n".join(str(c.params.get("text", "")) for c in calls)


async def add(sessions: Sessions, telegram_id: int, role: str | None, locale: str = "en",
              *, active: bool = True, opted_out: bool = False) -> int:
    async with sessions() as s, s.begin():
        user = await UserRepo(s).get_or_create(telegram_id)
        user.locale, user.role, user.is_active = locale, role, active
        await s.flush()
        if opted_out:
            await BroadcastRepo(s).opt_out(user.id)
        return user.id


def received(api: Any, chat_id: int, part: str) -> bool:
    return any(part in str(c.params.get("text", "")) for c in api.calls_of("sendMessage",
                                                                           chat_id))


def labels(api: Any, chat_id: int) -> list[str]:
    return [label for label, _ in api.buttons(chat_id)]


async def test_admin_schedules_a_message_to_employers(fake_api, sessions, sqlite_url,
                                                      dispatcher_factory) -> None:
    ids = {tg: await add(sessions, tg, role, locale, active=tg != INACTIVE,
                         opted_out=tg == OPTED_OUT)
           for tg, role, locale in [(EMPLOYER, "employer", "en"), (EMPLOYER_ZH, "employer",
                                    "zh_CN"), (OPTED_OUT, "employer", "en"),
                                    (INACTIVE, "employer", "en"), (WORKER, "worker", "en"),
                                    (LATE_OPT_OUT, "employer", "en")]}
    tomorrow = dt.datetime.now(SH).date() + dt.timedelta(days=1)
    due = dt.datetime.combine(tomorrow, dt.time(10, 0), tzinfo=SH)
    admin = fake_api.user(ADMIN, language_code="en")
    async with running_bot(fake_api, sqlite_url):
        opened = texts(await admin.send_and_wait("/broadcast"))
        assert "Who should receive the message?" in opened
        assert "cannot be messaged as a group" in opened
        await admin.click_and_wait("Users with one role")
        await admin.click_and_wait("🏭 Employer / HR")
        await admin.send_and_wait("Grant applications close on Friday <b>")
        await admin.click_and_wait("At a date and time")
        await admin.send_and_wait(tomorrow.isoformat())
        preview = texts(await admin.send_and_wait("10点"))
        assert "Grant applications close on Friday &lt;b&gt;" in preview
        assert "Recipients if sent now: 3 " in preview  # not opted out, not inactive
        done = texts(await admin.click_and_wait("📢 Send"))
        assert "Scheduled for" in done and "3 recipients" in done, done

        rows = await reminders(sessions)
        assert sorted(r.user_id for r in rows) == sorted(
            ids[tg] for tg in (EMPLOYER, EMPLOYER_ZH, LATE_OPT_OUT))
        assert {(r.kind, r.status, r.due_at) for r in rows} == {("broadcast", "pending", due)}

        # The administrators' shortcut still sends to everyone at once; one employer turns
        # such messages off under it, which also drops the scheduled one.
        shortcut = texts(await admin.send_and_wait("/broadcast Office closed today"))
        assert "Queued for" in shortcut
        d = await dispatcher_factory(fast_config())
        await d.run_until_settled()
        assert received(fake_api, LATE_OPT_OUT, "Office closed today")
        assert not received(fake_api, EMPLOYER, "Grant applications")  # not due yet
        late = fake_api.user(LATE_OPT_OUT, language_code="en")
        await click_containing(late, "🔕")

        d.now = lambda: due + dt.timedelta(minutes=1)
        await d.run_until_settled()
    assert received(fake_api, EMPLOYER, "Grant applications close on Friday &lt;b&gt;")
    assert received(fake_api, EMPLOYER_ZH, "Grant applications close on Friday")
    for tg in (OPTED_OUT, INACTIVE, WORKER, LATE_OPT_OUT):
        assert not received(fake_api, tg, "Grant applications"), tg
    scheduled = [r for r in await reminders(sessions) if r.due_at == due]
    assert {r.user_id: r.status for r in scheduled} == {
        ids[EMPLOYER]: "sent", ids[EMPLOYER_ZH]: "sent", ids[LATE_OPT_OUT]: "cancelled"}


async def test_a_non_officer_is_refused_and_nothing_is_queued(fake_api, sessions,
                                                             sqlite_url) -> None:
    await add(sessions, EMPLOYER, "employer")
    stranger = fake_api.user(STRANGER, language_code="en")
    async with running_bot(fake_api, sqlite_url):
        await stranger.send_and_wait("/menu")
        shown = labels(fake_api, STRANGER)
        assert shown and not any("Message a group" in label for label in shown)
        refused = texts(await stranger.send_and_wait("/broadcast"))
        assert "Only officers can send messages" in refused
        assert "Nothing was sent" in refused
        assert "Only officers" in texts(await stranger.send_and_wait("/broadcast hi all"))
    assert await reminders(sessions) == []
    async with sessions() as s:
        user = await UserRepo(s).get(STRANGER)
        assert await DialogRepo(s).load(user.id) is None


async def test_a_city_officer_messages_their_own_campaign_only(fake_api, sessions,
                                                               sqlite_url,
                                                               dispatcher_factory) -> None:
    now = dt.datetime.now(SH)
    starters = {"wuxi": (3121, 3122), "suzhou": (3123,)}
    ids = {tg: await add(sessions, tg, "trainee", "zh_CN")
           for group in starters.values() for tg in group}
    await add(sessions, 3124, "trainee", "zh_CN")  # never opened a survey
    async with sessions() as s, s.begin():
        await OfficerRepo(s).appoint(WUXI_OFFICER, "officer", "wuxi", ADMIN, now)
        for city, people in starters.items():
            camp = await CampaignRepo(s).create(
                kind="trainee", token=f"tok{city}", city=city, unit=f"{city}技校",
                category="机械制造", title="", courses=[], opens_on=now.date(),
                closes_on=now.date() + dt.timedelta(days=30), created_by=ADMIN,
                created_at=now)
            for tg in people:
                await StartRepo(s).mark(camp.id, tg, now)
    officer = fake_api.user(WUXI_OFFICER, language_code="zh-hans")
    async with running_bot(fake_api, sqlite_url):
        await officer.send_and_wait("/menu")
        opened = texts(await click_containing(officer, "📢 向用户群发消息"))
        assert "问卷答复是匿名的" in opened
        buttons = labels(fake_api, WUXI_OFFICER)
        assert "所有用户" not in buttons and "某一身份的用户" not in buttons
        await officer.click_and_wait("开始填写问卷但未完成的人")
        choices = labels(fake_api, WUXI_OFFICER)
        assert any("wuxi技校" in c for c in choices)
        assert not any("suzhou" in c for c in choices)
        await click_containing(officer, "wuxi技校")
        await officer.send_and_wait("请尽快完成满意度问卷")
        preview = texts(await officer.click_and_wait("立即发送"))
        assert "如现在发送，收件人数：2" in preview
        assert "已排队发送给2位收件人" in texts(await officer.click_and_wait("📢 发送"))
        d = await dispatcher_factory(fast_config())
        await d.run_until_settled()
    rows = await reminders(sessions)
    assert sorted(r.user_id for r in rows) == sorted(ids[tg] for tg in starters["wuxi"])
    for tg in starters["wuxi"]:
        assert received(fake_api, tg, "请尽快完成满意度问卷")
    assert not received(fake_api, 3123, "请尽快完成满意度问卷")
    assert not received(fake_api, 3124, "请尽快完成满意度问卷")
