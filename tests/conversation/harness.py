"""The conversation layer under test: the real conversation service on a real database,
no transport. `ConvUser` sends events as a channel would and keeps what it was shown;
`StatementCounter` counts the SQL statements and transactions of what runs inside it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event

from bot.conversation import Conversation, TurnResult
from bot.dialogs.engine.types import Button, Event, Reply
from bot.services import Services


@dataclass
class StatementCounter:
    statements: list[str] = field(default_factory=list)
    transactions: int = 0

    @property
    def count(self) -> int:
        return len(self.statements)


@contextmanager
def counting(services: Services) -> Iterator[StatementCounter]:
    """Statements sent to the database and transactions begun while inside."""
    counter = StatementCounter()
    engine = services.engine.sync_engine

    def on_execute(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        counter.statements.append(statement.split()[0].upper() + " " + statement[:120])

    def on_begin(_conn: Any) -> None:
        counter.transactions += 1

    event.listen(engine, "before_cursor_execute", on_execute)
    event.listen(engine, "begin", on_begin)
    try:
        yield counter
    finally:
        event.remove(engine, "before_cursor_execute", on_execute)
        event.remove(engine, "begin", on_begin)


class ConvUser:
    """One person talking to the conversation service, like a channel would."""

    def __init__(self, services: Services, user_id: int, language_code: str = "en",
                 clock: Any = None) -> None:
        self.conv = Conversation(services, clock=clock)
        self.id, self.language_code = user_id, language_code
        self.last: TurnResult | None = None
        self.keyboard: list[Button] = []

    async def send(self, event: Event, payload: str | None = None) -> TurnResult:
        self.last = await self.conv.handle(self.id, self.id, self.language_code, event,
                                           payload=payload)
        for reply in self.last.replies:
            if reply.buttons:
                self.keyboard = [b for row in reply.buttons for b in row]
        return self.last

    async def say(self, text: str) -> TurnResult:
        if text.startswith("/"):
            name, _, args = text.partition(" ")
            return await self.send(Event.cmd(name, args), args.strip() or None
                                   if name == "/start" else None)
        return await self.send(Event.message(text))

    async def tap(self, label: str) -> TurnResult:
        found = [b for b in self.keyboard if label in b.label]
        assert len(found) == 1, (label, [b.label for b in self.keyboard])
        return await self.send(Event.press(found[0].data))

    @property
    def text(self) -> str:
        return "\n".join(r.text for r in self.last.replies) if self.last else ""

    @property
    def replies(self) -> list[Reply]:
        return self.last.replies if self.last else []


def fixed_clock(moment: dt.datetime) -> Any:
    return lambda: moment


ROLE_LABELS = {"worker": ("Skilled worker", "技能人才"), "employer": ("Employer / HR", "用人单位"),
               "training_unit": ("Training unit", "培训机构"), "trainee": ("Trainee", "培训学员")}


async def onboarded(services: Services, user_id: int, lang: str = "en", role: str = "worker",
                    clock: Any = None) -> ConvUser:
    """A person who went through /start in `lang` ("en" or "zh") as `role`, no consent."""
    en = lang == "en"
    user = ConvUser(services, user_id, language_code="en" if en else "zh-hans", clock=clock)
    await user.say("/start")
    await user.tap("English" if en else "中文")
    await user.tap(ROLE_LABELS[role][0 if en else 1])
    await user.tap("No thanks" if en else "不用了")
    return user
