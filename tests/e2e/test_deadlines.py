"""Policy-deadline reminders end to end, in Chinese and English: the real Application
against the fake Bot API and a real dispatcher, from the main menu to the fired reminder.

The date is 1 January 2030, when the minimum pension contribution period starts rising
(china-retirement-age-2024 第二条): a date the document states, in a year the holiday
data does not cover, so it must be remindable all the same. The conversation clock is
fixed on 1 December 2026, the month the issue was found in.
"""

from __future__ import annotations

import datetime as dt

import pytest

from knowledge.calendars import supported_years
from tests.reminders.conftest import SH, dispatcher_factory, fast_config, reminders, sessions
from tests.reminders.test_calendar_chat import button_labels, fix_clock, open_deadlines
from tests.reminders.test_chat import click_containing, running_bot, texts

__all__ = ["dispatcher_factory", "sessions"]  # fixtures used below

NOW = dt.datetime(2026, 12, 1, 10, 0, tzinfo=SH)
EVENT = "pension-minimum-contribution-rise"

LANGS = {
    "zh": dict(code="zh-hans", remind="提醒我：养老金最低缴费年限开始提高", fixed="该日期由文件直接规定",
               default="⏰ 提前3天和当天", facts=("提前量：提前3天和当天", "重复：仅一次",
                                              "备注：自2030年1月1日起", "2029年12月29日 09:00",
                                              "2030年1月1日 09:00"),
               ahead="还有3天", done="✅ 已完成", week="💤 一周后",
               warn="晚于“养老金最低缴费年限开始提高”的截止日", last="⏰ 改在2030年1月1日 09:00提醒我",
               comes="截止日当天的提醒已定于2030年1月1日 09:00发出", marked="已于2026年12月1日 10:00标记为完成",
               cancelled="（1条）也已取消", already="您已经把这条提醒标记为完成",
               inactive="这条提醒已经失效"),
    "en": dict(code="en", remind="Remind me: Minimum pension contribution period",
               fixed="The document states this date itself",
               default="⏰ 3 days before and on the day",
               facts=("Lead: 3 days before and on the day", "Repeats: just once",
                      "Note: From 1 January 2030", "December 29, 2029 9:00\u202fAM",
                      "January 1, 2030 9:00\u202fAM"),
               ahead="in 3 days", done="✅ Done", week="💤 In a week",
               warn="would be after the deadline of “Minimum pension contribution period",
               last="⏰ Remind me on January 1, 2030 9:00\u202fAM",
               comes="already comes on January 1, 2030 9:00\u202fAM",
               marked="Marked done on December 1, 2026 10:00\u202fAM",
               cancelled="pending (1) are cancelled", already="You already marked this",
               inactive="That reminder is no longer active"),
}


WAIT = 30.0  # a guard against a hung bot on a loaded machine, not a speed check


async def pressed(api, user, message_id: int, data: str) -> str:
    """Press a button (present or not: stale and forged presses too); the bot's toast."""
    query_id = await user.press(message_id, data, check=False)
    answer = await api.wait_for(lambda: api.callback_answer(query_id), WAIT,
                                f"the answer to {data}")
    await api.settle(user.id, 0, WAIT)
    return str(answer.get("text") or "")


async def click(user, label: str, message_id: int | None = None) -> list:
    found_id, data = user.find_button(label, message_id)
    return await user.press_and_wait(found_id, data, WAIT)


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_stated_date_reminded_ahead_snooze_warns_and_done_stops_it(
        fake_api, sessions, sqlite_url, dispatcher_factory, lang: str) -> None:
    w = LANGS[lang]
    chat = 3201 if lang == "zh" else 3202
    assert supported_years()[1] < 2030  # no holiday data for the deadline's year
    user = fake_api.user(chat, language_code=w["code"])
    async with running_bot(fake_api, sqlite_url) as app:
        fix_clock(app, NOW)
        await open_deadlines(user)
        shown = texts(await click_containing(user, w["remind"]))
        assert w["fixed"] in shown, shown
        assert button_labels(fake_api, chat)[0] == w["default"]
        done = texts(await click(user, w["default"]))
        for fact in w["facts"]:
            assert fact in done, (fact, done)
        ahead, on_day = await reminders(sessions)
        assert ahead.due_at == dt.datetime(2029, 12, 29, 9, 0, tzinfo=SH)
        assert on_day.due_at == dt.datetime(2030, 1, 1, 9, 0, tzinfo=SH)

        d = await dispatcher_factory(fast_config())
        fired_at = ahead.due_at + dt.timedelta(seconds=5)
        d.now = lambda: fired_at
        await d.run_until_settled(fired_at)
        fired = fake_api.last_bot_message(chat)
        assert w["ahead"] in fired.text and "第二条" in fired.text, fired.text
        assert [label for label, _ in fired.buttons][0] == w["done"]

        # a week's snooze would pass the deadline: warned, offered its morning instead
        warned = texts(await click(user, w["week"], fired.message_id))
        assert w["warn"] in warned, warned
        assert (await reminders(sessions))[0].due_at == ahead.due_at  # not moved
        comes = await pressed(fake_api, user, *user.find_button(w["last"]))
        assert w["comes"] in comes, comes  # the on-the-day reminder already comes then
        assert [r.due_at for r in await reminders(sessions)] == [ahead.due_at, on_day.due_at]

        # Done under the fired message: edited, and the rest of the deadline's reminders go
        edited = texts(await click(user, w["done"], fired.message_id))
        assert w["marked"] in edited and w["cancelled"] in edited, edited
        assert fake_api.message(chat, fired.message_id).buttons == []
        assert [r.status for r in await reminders(sessions)] == ["done", "cancelled"]

        # stale and forged presses get a clear answer and change nothing
        for data, said in ((f"rmd:done:{ahead.id}", w["already"]),
                           (f"rmd:snz:{ahead.id}:1", w["already"]),
                           ("rmd:done:99999", w["inactive"])):
            answer = await pressed(fake_api, user, fired.message_id, data)
            assert said in answer, (data, answer)
        last_shown = fake_api.last_bot_message(chat).message_id
    d.now = lambda: on_day.due_at + dt.timedelta(hours=1)
    await d.run_until_settled(on_day.due_at + dt.timedelta(hours=1))
    assert fake_api.last_bot_message(chat).message_id == last_shown  # nothing more was sent
    assert [r.status for r in await reminders(sessions)] == ["done", "cancelled"]
