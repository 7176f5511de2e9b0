"""Walk every button of every screen from /start, breadth-first, six presses deep.

The real bot runs against the fake Bot API. A screen is the newest bot message with
buttons after a press. Each press is made by a fresh user who first replays the presses
leading to that screen (so no press depends on what another press changed: locale,
consent, a saved profile); a press that opens a menu or starts a check from scratch
starts a new, short replay. Every press must get an answer (a sent or edited message)
and none may be an error (the polite error message, an unreadable or stale button, a
lost conversation, an ERROR log record). Screens that differ only in language, or a
question reached again with other answers, are walked once.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import count

import pytest

from tests.e2e.harness import running_bot
from tests.fakebot.state import OUTPUT_METHODS

pytestmark = pytest.mark.slow  # every button, six presses deep

MAX_DEPTH = 6
WALKERS = 4  # concurrent presses (each by its own user); more would meet the rate limiter
RESETTING = ("menu:main", "menu:top", "menu:n:", "menu:ask", "menu:check:", "menu:match")
ERRORS = ("something went wrong", "出了点问题", "could not read that button", "无法识别这个按钮",
          "lost track", "对话进度丢失", "old question", "之前问题的按钮",
          "conversation that has ended", "所属的对话已经结束", "Traceback")

Action = tuple[str, str | int]  # ("cmd", "/start") | ("data", callback data) | ("idx", i)


@dataclass(frozen=True)
class Screen:
    recipe: tuple[Action, ...]  # how a fresh user gets here
    depth: int  # presses from /start
    origin: str  # "/start", the menu data that started the flow, or "menu"
    buttons: tuple[tuple[str, str | None], ...] = ()


def normalized(data: str) -> str:
    """Question buttons without their revision number (same step, same option)."""
    return re.sub(r"^([an]):\d+:", r"\1:*:", data)


def is_question(buttons: list[tuple[str, str | None]]) -> bool:
    return any(d and d.startswith(("a:", "n:")) for _, d in buttons)


def signature(origin: str, buttons: list[tuple[str, str | None]]) -> tuple:
    data = tuple(normalized(d) for _, d in buttons if d)
    return (origin if is_question(buttons) else "menu", data)


def newest_with_buttons(api, chat_id: int):
    with_buttons = [m for m in api.chat(chat_id) if m.from_bot and m.buttons]
    return with_buttons[-1] if with_buttons else None


ONBOARDING = 4  # /start, then language, role and privacy


def child_of(screen: Screen, index: int, data: str) -> tuple[tuple[Action, ...], str]:
    if data.startswith(RESETTING):
        origin = data if data.startswith(("menu:check:", "menu:match")) else "menu"
        # Menus and /match depend on the role chosen at /start: keep the path's
        # onboarding, start afresh after it.
        recipe = screen.recipe
        onboarded = len(recipe) >= ONBOARDING and recipe[0] == ("cmd", "/start")
        return (recipe[:ONBOARDING] if onboarded else ()) + (("data", data),), origin
    if data.startswith(("a:", "n:")):
        return screen.recipe + (("idx", index),), screen.origin
    return screen.recipe + (("data", data),), screen.origin


class Walk:
    def __init__(self, api) -> None:
        self.api = api
        self.ids: Iterator[int] = count(900_000)
        self.seen: set[tuple] = set()
        self.presses = 0
        self.problems: list[str] = []
        self.checks: set[str] = set()  # programmes whose check some press started

    async def tap(self, user, message_id: int, data: str, *, check: bool = True) -> list:
        """Press and wait until the bot has handled the press: its answer, the closed
        question's edit and the next question are then all there."""
        return await user.press_and_wait(message_id, data, check=check)

    async def replay(self, user, recipe: tuple[Action, ...]):
        for kind, arg in recipe:
            if kind == "cmd":
                await user.send_and_wait(str(arg))
                continue
            if newest_with_buttons(self.api, user.id) is None:
                await user.send_and_wait("/menu")
            msg = newest_with_buttons(self.api, user.id)
            if kind == "data":
                await self.tap(user, msg.message_id, str(arg), check=False)
            else:
                await self.tap(user, msg.message_id, str(msg.buttons[int(arg)][1]))
        return newest_with_buttons(self.api, user.id)

    async def press(self, screen: Screen, index: int) -> Screen | None:
        """Reach `screen` as a fresh user, press its button `index`, check the answer."""
        user = self.api.user(next(self.ids), language_code="zh-hans")
        msg = await self.replay(user, screen.recipe)
        label, data = msg.buttons[index]
        where = f"{' > '.join(str(a) for _, a in screen.recipe)} > [{label}]"
        if signature(screen.origin, msg.buttons) != signature(screen.origin,
                                                              list(screen.buttons)):
            self.problems.append(f"replay reached another screen: {where}")
            return None
        start = len(self.api.calls)
        try:
            await self.tap(user, msg.message_id, data)
        except AssertionError:
            self.problems.append(f"no answer: {where}")
            return None
        self.presses += 1
        outputs = [c for c in self.api.calls[start:]
                   if c.chat_id == user.id and c.method in OUTPUT_METHODS]
        if data.startswith("menu:check:"):
            self.checks.add(data.removeprefix("menu:check:"))
        answers = [c.params.get("text", "") for c in self.api.calls[start:]
                   if c.method == "answerCallbackQuery" and c.chat_id == user.id]
        texts = [str(c.params.get("text") or c.params.get("caption") or "") for c in outputs]
        bad = [e for e in ERRORS for t in texts + answers if e in t]
        if bad:
            self.problems.append(f"error {bad[0]!r}: {where}")
        after = newest_with_buttons(self.api, user.id)
        if after is None:
            return None
        recipe, origin = child_of(screen, index, data)
        return Screen(recipe, screen.depth + 1, origin if is_question(after.buttons) else "menu",
                      tuple(after.buttons))

    async def level(self, screens: list[Screen]) -> list[Screen]:
        """Press every button of every screen of one level; the new screens found."""
        gate = asyncio.Semaphore(WALKERS)

        async def one(screen: Screen, index: int) -> Screen | None:
            async with gate:
                return await self.press(screen, index)

        tasks = [one(screen, i) for screen in screens for i in range(len(screen.buttons))]
        found = []
        for child in await asyncio.gather(*tasks):
            if child is None:
                continue
            key = signature(child.origin, list(child.buttons))
            if key not in self.seen:
                self.seen.add(key)
                found.append(child)
        return found

    async def start(self) -> Screen:
        user = self.api.user(next(self.ids), language_code="zh-hans")
        recipe: tuple[Action, ...] = (("cmd", "/start"),)
        msg = await self.replay(user, recipe)
        root = Screen(recipe, 0, "/start", tuple(msg.buttons))
        self.seen.add(signature(root.origin, list(root.buttons)))
        return root


async def test_every_button_from_start_answers_without_error(fake_api, sqlite_url,
                                                             caplog) -> None:
    caplog.set_level(logging.ERROR)
    walk = Walk(fake_api)
    screens_per_depth = []
    async with running_bot(fake_api, sqlite_url):
        level = [await walk.start()]
        while level and level[0].depth < MAX_DEPTH:
            screens_per_depth.append(len(level))
            level = await walk.level(level)
    print(f"\nmenu walk: {len(walk.seen)} distinct screens, {walk.presses} presses "
          f"(depth {MAX_DEPTH} from /start), screens per depth {screens_per_depth}")
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert walk.problems == [] and errors == []
    # every programme's check was started by some menu press within the depth
    import knowledge.api  # noqa: F401
    from knowledge.core import REGISTRY

    assert walk.checks == set(REGISTRY)
