"""A test channel for the pure dialog engine: keeps the state, presses buttons by label."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from zoneinfo import ZoneInfo

from bot.dialogs import COMMAND_ORDER, features
from bot.dialogs.engine import kernel as engine
from bot.dialogs.engine.registry import Registry
from bot.dialogs.engine.types import Button, DialogState, Effect, Env, Event, Outcome, Reply
from bot.i18n import get_translator
from tests.dialogs.flows_for_tests import TEST_FEATURE

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 3, 1, 10, 0, tzinfo=SHANGHAI)


# The real features, plus the small flows of the engine tests.
APP = Registry(features() + (TEST_FEATURE,), COMMAND_ORDER)


def make_env(locale: str = "en", now: dt.datetime = NOW, **kw: object) -> Env:
    kw.setdefault("app", APP)
    return Env(t=get_translator(locale), now=now, **kw)


class Chat:
    """Sends events like a channel would and remembers what the user last saw."""

    def __init__(self, env: Env, state: DialogState | None = None) -> None:
        self.env = env
        self.state = state
        self.outcomes: list[Outcome] = []
        self.effects: list[Effect] = []
        self.keyboard: Reply | None = None
        self.next_message_id = 100
        self.closed: DialogState | None = None

    # sending -----------------------------------------------------------------------------
    def send(self, event: Event) -> Outcome:
        out = engine.advance(self.state, event, self.env)
        if out.state is None and self.state is not None:
            self.closed = self.state  # the dialog as it was when this event closed it
        self.state = out.state
        self.outcomes.append(out)
        self.effects.extend(out.effects)
        for reply in out.replies:
            if reply.buttons:
                self.keyboard = reply
            if reply.question and self.state is not None and not reply.edit:
                self.next_message_id += 1
                self.state.message_id = self.next_message_id
        return out

    def say(self, text: str) -> Outcome:
        return self.send(Event.message(text))

    def cmd(self, name: str, args: str = "") -> Outcome:
        return self.send(Event.cmd(name, args))

    def press_data(self, data: str) -> Outcome:
        return self.send(Event.press(data, self.state.message_id if self.state else None))

    def button(self, label: str) -> Button:
        """The button on the latest keyboard whose label contains `label` (exactly one)."""
        assert self.keyboard is not None, "no keyboard shown"
        found = [b for row in self.keyboard.buttons for b in row if label in b.label]
        assert len(found) == 1, f"{label!r} matches {[b.label for b in found]} in {self.labels}"
        return found[0]

    def press(self, label: str) -> Outcome:
        return self.press_data(self.button(label).data)

    # looking -----------------------------------------------------------------------------
    @property
    def last(self) -> Outcome:
        return self.outcomes[-1]

    @property
    def labels(self) -> list[str]:
        return [b.label for row in self.keyboard.buttons for b in row] if self.keyboard else []

    @property
    def text(self) -> str:
        """All reply texts of the last outcome, joined."""
        return "\n".join(r.text for r in self.last.replies)

    @property
    def question(self) -> Reply:
        questions = [r for r in self.last.replies if r.question]
        assert questions, f"no question in: {self.text}"
        return questions[-1]

    def effects_of(self, kind: type[Effect]) -> list[Effect]:
        return [e for e in self.effects if isinstance(e, kind)]

    def later(self, delta: dt.timedelta) -> None:
        self.env = replace(self.env, now=self.env.now + delta)


def checks_offered(reply: Reply) -> list[str]:
    """The programmes whose check a reply's buttons start (whatever values they carry)."""
    return [d.split(":")[2] for d in reply.button_data() if d.startswith("menu:check:")]
