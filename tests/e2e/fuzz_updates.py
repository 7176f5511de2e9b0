"""A bounded random walk of users plus malformed and unusual updates, for the real bot
against the fake Bot API (tests/e2e/test_fuzz.py and benchmarks/fuzz_updates.py).

Every update type of the Bot API appears, well-formed and broken (required fields left
out, wrong types); private messages with huge, odd or hostile texts; forged callback data;
messages with no sender; group chatter. `run_fuzz` returns the counts the tests assert:
updates sent, updates whose handling raised (a traceback), private messages with a sender
that got no answer.
"""

from __future__ import annotations

import itertools
import logging
import random
from dataclasses import dataclass, field
from typing import Any

COMMANDS = ["/start", "/menu", "/help", "/lang", "/language", "/back", "/cancel", "/restart",
            "/match", "/remind", "/reminders", "/mydata", "/broadcast", "/check",
            "/check quzhou.competition_award", "/check no.such.programme", "/start sv_forged",
            "/start of_forged", "/forget", "/frobnicate", "/MENU", "/help@CraftTestBot",
            "/" + "x" * 300]
TEXTS = ["国赛银牌奖励多少", "我今年56岁能报卓越技师吗", "hello", "1975-06-15", "31/12/2026", "3pm",
         "5万", "about 1200", "yes", "不确定", "<b>bold</b> & <script>alert(1)</script>",
         "\u202eRTL override", "zero\u200bwidth", "😀" * 50, "a" * 5000, "字" * 4097, " ", "0",
         "-1", "1e309", "NaN", "2026-02-30", "\x00nul", "上海有什么技能补贴", "%s%s%n", "{x}",
         "' OR 1=1 --", "../../etc/passwd"]
FORGED = ["menu:n:zzz", "menu:check:no.such", "menu:", "lang:xx", "svy:c:99999:xlsx",
          "svy:home", "rmd:cancel:123456", "rmd:snz:1:99", "rmd:optout", "rem:2099-01-01:x",
          "rem:garbage", "cal:ev:nope", "bc:new", "a:999:abcdef:0", "n:0:000000:b", "", "x" * 64,
          "\u0000", "a:0:zzzzzz:9", "f:birth_date"]
OTHER_TYPES = ["edited_message", "channel_post", "edited_channel_post", "inline_query",
               "chosen_inline_result", "shipping_query", "pre_checkout_query", "poll",
               "poll_answer", "my_chat_member", "chat_member", "chat_join_request",
               "message_reaction", "message_reaction_count", "chat_boost", "removed_chat_boost",
               "business_connection", "business_message", "purchased_paid_media"]


@dataclass
class FuzzResult:
    updates: int = 0
    tracebacks: int = 0
    private_messages: int = 0
    unanswered: int = 0
    kinds: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


class CountErrors(logging.Handler):
    """Counts log records that carry a traceback (the bot's error handler logs them)."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.count = 0
        self.seen: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.exc_info:
            self.count += 1
            exc = record.exc_info[1]
            self.seen.append(f"{record.name}: {record.getMessage()} ({type(exc).__name__}: "
                             f"{str(exc)[:120]})")


_ids = itertools.count(10_000)


def _user(uid: int) -> dict[str, Any]:
    return {"id": uid, "is_bot": False, "first_name": f"F{uid}", "language_code":
            random.choice(["zh-hans", "en", "fr", None])}


def _message(uid: int | None, chat: dict[str, Any], **extra: Any) -> dict[str, Any]:
    msg: dict[str, Any] = {"message_id": next(_ids), "date": 1_700_000_000, "chat": chat}
    if uid is not None:
        msg["from"] = _user(uid)
    msg.update(extra)
    return msg


def _other(kind: str, uid: int, rng: random.Random) -> dict[str, Any]:
    """A plausible (or, half the time, broken) payload of another update type."""
    private = {"id": uid, "type": "private", "first_name": "F"}
    channel = {"id": -100_123, "type": "channel", "title": "News"}
    good: dict[str, Any] = {
        "edited_message": _message(uid, private, text="edited", edit_date=1_700_000_100),
        "channel_post": _message(None, channel, text="post"),
        "edited_channel_post": _message(None, channel, text="post2", edit_date=1_700_000_100),
        "inline_query": {"id": "iq1", "from": _user(uid), "query": "补贴", "offset": ""},
        "chosen_inline_result": {"result_id": "r", "from": _user(uid), "query": "q"},
        "shipping_query": {"id": "s", "from": _user(uid), "invoice_payload": "p",
                           "shipping_address": {"country_code": "CN", "state": "JS",
                                                "city": "Suzhou", "street_line1": "a",
                                                "street_line2": "", "post_code": "215000"}},
        "pre_checkout_query": {"id": "c", "from": _user(uid), "currency": "CNY",
                               "total_amount": 100, "invoice_payload": "p"},
        "poll": {"id": "p", "question": "Q", "options": [], "total_voter_count": 0,
                 "is_closed": True, "is_anonymous": True, "type": "regular",
                 "allows_multiple_answers": False},
        "poll_answer": {"poll_id": "p", "user": _user(uid), "option_ids": [0]},
        "my_chat_member": {"chat": private, "from": _user(uid), "date": 1_700_000_000,
                           "old_chat_member": {"status": "member", "user": _user(1)},
                           "new_chat_member": {"status": "kicked", "user": _user(1),
                                               "until_date": 0}},
        "chat_join_request": {"chat": channel, "from": _user(uid), "user_chat_id": uid,
                              "date": 1_700_000_000},
        "message_reaction": {"chat": private, "message_id": 1, "user": _user(uid),
                             "date": 1_700_000_000, "old_reaction": [],
                             "new_reaction": [{"type": "emoji", "emoji": "👍"}]},
    }
    payload = good.get(kind, {"id": "x", "chat": private})
    if rng.random() < 0.5:  # broken: drop a required field, or put in a wrong type
        payload = dict(payload)
        if payload and rng.random() < 0.5:
            payload.pop(rng.choice(list(payload)))
        else:
            payload["date"] = "not-a-date"
            payload["chat"] = "not-a-chat"
    return payload


async def run_fuzz(api: Any, n: int, seed: int = 2026, users: int = 25) -> FuzzResult:
    """Send `n` updates (bounded), wait until the bot has handled every one, count."""
    rng = random.Random(seed)
    random.seed(seed)
    result = FuzzResult()
    people = [api.user(70_000 + i, language_code=rng.choice(["zh-hans", "en"]))
              for i in range(users)]
    asked: dict[int, int] = {p.id: 0 for p in people}
    errors = CountErrors()
    logging.getLogger().addHandler(errors)
    try:
        for _ in range(n):
            person = rng.choice(people)
            roll = rng.random()
            kind = "private_text"
            if roll < 0.35:
                await person.send(rng.choice(COMMANDS + TEXTS))
                asked[person.id] += 1
            elif roll < 0.60:  # the walk: press a button the bot really showed
                shown = [(m.message_id, d) for m in person.messages for _, d in m.buttons if d]
                if shown:
                    message_id, data = rng.choice(shown[-12:])
                    await person.press(message_id, data)
                    kind = "press"
                else:
                    await person.send("/start")
                    asked[person.id] += 1
            elif roll < 0.70:
                shown = [m.message_id for m in person.messages if m.from_bot]
                if shown:
                    await person.press(rng.choice(shown), rng.choice(FORGED), check=False)
                    kind = "forged_press"
                else:
                    await person.send("/menu")
                    asked[person.id] += 1
            elif roll < 0.75:
                chat = {"id": person.id, "type": "private", "first_name": "F"}
                extra = rng.choice([{"sticker": {"file_id": "s", "file_unique_id": "u",
                                                 "width": 1, "height": 1, "is_animated": False,
                                                 "is_video": False, "type": "regular"}},
                                    {"location": {"latitude": 31.3, "longitude": 120.6}},
                                    {"contact": {"phone_number": "1", "first_name": "x"}}])
                await api.queue_update("message", _message(person.id, chat, **extra))
                kind = "private_other"
            elif roll < 0.80:
                query = {"id": f"q{next(_ids)}", "from": _user(person.id), "chat_instance": "c",
                         "inline_message_id": "im1", "data": rng.choice(FORGED)}
                await api.queue_update("callback_query", query)
                kind = "inline_press"
            elif roll < 0.85:
                group = {"id": -5_000, "type": "supergroup", "title": "G"}
                await api.queue_update("message", _message(
                    person.id, group, text=rng.choice(COMMANDS + TEXTS)))
                kind = "group"
            elif roll < 0.88:
                chat = {"id": person.id, "type": "private", "first_name": "F"}
                await api.queue_update("message", _message(None, chat, text="no sender"))
                kind = "no_sender"
            else:
                kind = rng.choice(OTHER_TYPES)
                await api.queue_update(kind, _other(kind, person.id, rng))
            result.kinds[kind] = result.kinds.get(kind, 0) + 1
            result.updates += 1
            if result.updates % 50 == 0:
                await api.wait_handled(timeout=120)
        await api.wait_handled(timeout=300)
    finally:
        logging.getLogger().removeHandler(errors)
    result.tracebacks = errors.count + len(api.failed_updates)
    result.errors = errors.seen[:20]
    for person in people:
        result.private_messages += asked[person.id]
        answered = len([c for c in api.calls if c.chat_id == person.id and c.method in (
            "sendMessage", "editMessageText", "sendPhoto", "sendDocument")])
        result.unanswered += max(0, asked[person.id] - answered)
    return result
