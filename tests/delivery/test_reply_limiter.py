"""ReplyLimiter on a virtual clock: per-chat windows, the shared budget, retries.

The callbacks stand in for the HTTP request PTB would make (they are not project code);
time is virtual, so nothing here depends on how fast the machine is.
"""

from __future__ import annotations

import datetime as dt

import pytest
from telegram.error import BadRequest, NetworkError, RetryAfter, TimedOut

from bot.delivery.limiter import SendLimiter
from bot.delivery.sending import ReplyConfig, ReplyLimiter


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += max(seconds, 0.0)


def limiter(clock: Clock, **cfg: float) -> ReplyLimiter:
    budget = SendLimiter(30, 1, 0.0, clock=clock, sleep=clock.sleep)
    config = ReplyConfig(margin=0.0, retry_base=1.0, retry_max=8.0, **cfg)  # type: ignore[arg-type]
    return ReplyLimiter(budget, config, clock=clock, sleep=clock.sleep)


def answering(*outcomes: object):  # noqa: ANN201
    """A stand-in for the request: raises or returns each outcome in turn."""
    queue = list(outcomes)
    calls: list[float] = []

    async def request(*_args: object, **_kw: object) -> object:
        calls.append(0)
        outcome = queue.pop(0) if queue else {"ok": True}
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    request.calls = calls  # type: ignore[attr-defined]
    return request


async def send(lim: ReplyLimiter, request, chat_id: int = 7, endpoint: str = "sendMessage"
               ) -> object:
    return await lim.process_request(request, (), {}, endpoint, {"chat_id": chat_id}, None)


async def test_a_private_chat_gets_a_burst_then_about_one_a_second() -> None:
    clock = Clock()
    lim = limiter(clock, chat_burst=3, chat_per_second=1.0)
    start = clock.now
    for _ in range(3):
        await send(lim, answering())
    assert clock.now == start  # the burst passes at once
    await send(lim, answering())
    assert clock.now == start + 3.0  # then: 3 sends in any 3 seconds
    await send(lim, answering(), chat_id=8)
    assert clock.now == start + 3.0  # another chat does not wait for this one


async def test_a_group_gets_twenty_a_minute() -> None:
    clock = Clock()
    lim = limiter(clock, group_per_minute=20)
    start = clock.now
    for _ in range(21):
        await send(lim, answering(), chat_id=-100123)
    assert clock.now == start + 60.0


async def test_edits_and_button_answers_are_not_paced() -> None:
    clock = Clock()
    lim = limiter(clock, chat_burst=1)
    for _ in range(5):
        await send(lim, answering(), endpoint="editMessageText")
    assert clock.slept == []


async def test_replies_take_room_in_the_budget_that_bulk_sends_share() -> None:
    clock = Clock()
    lim = limiter(clock)
    for chat in range(30):
        await send(lim, answering(), chat_id=100 + chat)
    assert clock.slept == []  # replies never wait for the global budget
    await lim.budget.acquire(999)  # a reminder: waits for the window the replies filled
    assert clock.now > 1000.0


async def test_retry_after_is_honoured_and_holds_bulk_sends() -> None:
    clock = Clock()
    lim = limiter(clock)
    request = answering(RetryAfter(dt.timedelta(seconds=4)), {"message_id": 1})
    assert await send(lim, request) == {"message_id": 1}
    assert clock.slept == [4.0] and len(request.calls) == 2
    assert lim.stats["retry_after"] == 1 and lim.budget._paused_until == 1004.0


async def test_5xx_and_resets_are_retried_with_growing_pauses() -> None:
    clock = Clock()
    lim = limiter(clock)
    request = answering(NetworkError("Internal Server Error"), NetworkError("Bad Gateway"),
                        {"message_id": 2})
    assert await send(lim, request) == {"message_id": 2}
    assert len(request.calls) == 3 and clock.slept[1] > clock.slept[0]
    assert lim.stats["retried"] == 2 and lim.stats["possible_duplicates"] == 0


async def test_a_timeout_is_retried_and_counted_as_a_possible_duplicate() -> None:
    clock = Clock()
    lim = limiter(clock)
    assert await send(lim, answering(TimedOut(), {"message_id": 3})) == {"message_id": 3}
    assert lim.stats["possible_duplicates"] == 1


async def test_a_bad_request_is_not_sent_again() -> None:
    clock = Clock()
    lim = limiter(clock)
    request = answering(BadRequest("message is too long"))
    with pytest.raises(BadRequest):
        await send(lim, request)
    assert len(request.calls) == 1


async def test_it_gives_up_after_the_retry_time() -> None:
    clock = Clock()
    lim = limiter(clock, retry_seconds=20.0)
    request = answering(*[NetworkError("Bad Gateway")] * 50)
    with pytest.raises(NetworkError):
        await send(lim, request)
    assert sum(clock.slept) <= 20.0 and lim.stats["gave_up"] == 1


async def test_idle_chats_are_forgotten() -> None:
    clock = Clock()
    lim = limiter(clock)
    for chat in range(5000):
        await send(lim, answering(), chat_id=chat + 1)
        clock.now += 0.01
    clock.now += 60
    await send(lim, answering(), chat_id=1)
    assert len(lim._chats) < 4200
