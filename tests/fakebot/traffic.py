"""Fault injection, optional flood limits and request-rate statistics."""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass

from tests.fakebot.state import Call

# Methods that count as "sending a message" for Telegram's flood limits.
LIMITED_METHODS = frozenset({"sendmessage", "sendphoto", "senddocument"})


@dataclass
class Fault:
    """Answer the next `times` matching calls (None: until cleared) with `status`.

    status 200 means: only wait `delay` seconds, then handle the call normally.
    """

    method: str  # lower-case method name, or "*" for every method
    status: int
    times: int | None
    retry_after: int | None = None
    description: str | None = None
    delay: float = 0.0
    chat_id: int | None = None

    def matches(self, method: str, chat_id: int | None) -> bool:
        if self.method not in ("*", method):
            return False
        return self.chat_id is None or self.chat_id == chat_id


class Faults:
    def __init__(self) -> None:
        self._items: list[Fault] = []

    def add(self, fault: Fault) -> Fault:
        self._items.append(fault)
        return fault

    def clear(self) -> None:
        self._items.clear()

    def take(self, method: str, chat_id: int | None) -> Fault | None:
        """The first fault matching this call, using up one of its `times`."""
        if not self._items:
            return None
        lower = method.lower()
        for fault in self._items:
            if fault.matches(lower, chat_id):
                if fault.times is not None:
                    fault.times -= 1
                    if fault.times <= 0:
                        self._items.remove(fault)
                return fault
        return None


class FloodLimiter:
    """Sliding one-second windows: at most `global_per_sec` sends overall and
    `per_chat_per_sec` per chat; beyond that the answer is 429 with retry_after."""

    def __init__(self, global_per_sec: int, per_chat_per_sec: int, window: float = 1.0,
                 per_chat_burst: int | None = None) -> None:
        self.global_per_sec = global_per_sec
        # A chat may take `per_chat_burst` sends at once, then per_chat_per_sec sustained:
        # at most that many in any window of per_chat_burst / per_chat_per_sec seconds.
        self.per_chat_per_sec = per_chat_burst or per_chat_per_sec
        self.chat_window = per_chat_burst / per_chat_per_sec if per_chat_burst else window
        self.window = window
        self._global: deque[float] = deque()
        self._chats: dict[int | None, deque[float]] = {}

    def check(self, method: str, chat_id: int | None, now: float) -> int | None:
        """None if the call may pass (and is counted), else the retry_after seconds."""
        if method.lower() not in LIMITED_METHODS:
            return None
        chat = self._chats.setdefault(chat_id, deque())
        waits = [
            self._wait(self._global, self.global_per_sec, now),
            self._wait(chat, self.per_chat_per_sec, now, self.chat_window),
        ]
        wait = max(waits)
        if wait > 0:
            return max(1, math.ceil(wait))
        self._global.append(now)
        chat.append(now)
        return None

    def _wait(self, times: deque[float], limit: int, now: float,
              window: float | None = None) -> float:
        window = window or self.window
        while times and times[0] <= now - window:
            times.popleft()
        if len(times) < limit:
            return 0.0
        return times[len(times) - limit] + window - now


def _times(calls: Iterable[Call], method: str, chat_id: int | None, ok_only: bool) -> list[float]:
    return [
        call.at
        for call in calls
        if call.method == method
        and (chat_id is None or call.chat_id == chat_id)
        and (call.ok or not ok_only)
    ]


def per_second(
    calls: Iterable[Call], start: float, method: str, chat_id: int | None, ok_only: bool
) -> dict[int, int]:
    """Number of matching calls in each whole second since `start`."""
    counts: dict[int, int] = {}
    for at in _times(calls, method, chat_id, ok_only):
        second = int(at - start)
        counts[second] = counts.get(second, 0) + 1
    return counts


def peak_per_second(
    calls: Iterable[Call], method: str, chat_id: int | None, ok_only: bool, window: float = 1.0
) -> int:
    """The most matching calls that arrived within any sliding window of `window` seconds."""
    times = sorted(_times(calls, method, chat_id, ok_only))
    best, first = 0, 0
    for last, at in enumerate(times):
        while at - times[first] >= window:
            first += 1
        best = max(best, last - first + 1)
    return best
