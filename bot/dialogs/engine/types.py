"""Values the dialog engine exchanges with channels: events in, replies and effects out.

Everything here is transport-neutral and JSON-serialisable where storage needs it
(`DialogState.to_dict` / `from_dict`). Nothing imports telegram or storage.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from bot.i18n import Translator

MAX_BUTTON_DATA = 64  # bytes, Telegram's callback_data limit
MAX_INPUT = 4096  # characters; longer messages are refused


def N_(msgid: str) -> str:
    """Mark a message id for extraction without translating it yet (flows are data)."""
    return msgid


# --- events ---------------------------------------------------------------------------

EventKind = Literal["text", "button", "command"]


@dataclass(frozen=True)
class Event:
    """One user action. Build with `Event.message`, `Event.press` or `Event.command`."""

    kind: EventKind
    text: str = ""
    data: str = ""
    message_id: int | None = None
    name: str = ""
    args: str = ""

    @classmethod
    def message(cls, text: str) -> Event:
        return cls(kind="text", text=text)

    @classmethod
    def press(cls, data: str, message_id: int | None = None) -> Event:
        return cls(kind="button", data=data, message_id=message_id)

    @classmethod
    def cmd(cls, name: str, args: str = "") -> Event:
        return cls(kind="command", name=name.lstrip("/").lower(), args=args.strip())


# --- replies ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Button:
    label: str
    data: str

    def __post_init__(self) -> None:
        if len(self.data.encode("utf-8")) > MAX_BUTTON_DATA:
            raise ValueError(f"button data over {MAX_BUTTON_DATA} bytes: {self.data!r}")

    def to_dict(self) -> dict[str, str]:
        return {"label": self.label, "data": self.data}


@dataclass(frozen=True)
class Reply:
    """One outgoing message.

    text is HTML (user input already escaped). edit=True asks the channel to edit the
    dialog's current question message (`DialogState.message_id`) instead of sending.
    question=True marks the message that becomes the dialog's current question: the
    channel stores its id in `DialogState.message_id` after sending it.
    in_place=True marks a screen (a menu, help, a list) that takes the place of the
    message whose button was pressed, so tapping through menus edits one message; when
    nothing was pressed (a typed command) it is sent like any other reply.
    """

    text: str
    buttons: list[list[Button]] = field(default_factory=list)
    edit: bool = False
    question: bool = False
    in_place: bool = False
    kind: Literal["text", "photo", "document"] = "text"
    content: bytes | None = None
    filename: str | None = None
    # The main menu (Registry.home): features may add entries to it for some users, so
    # the conversation service makes sure their loaders ran when a turn shows it.
    home: bool = False

    def button_data(self) -> list[str]:
        return [b.data for row in self.buttons for b in row]

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "buttons": [[b.to_dict() for b in r] for r in self.buttons],
                "edit": self.edit, "question": self.question, "in_place": self.in_place,
                "kind": self.kind,
                "filename": self.filename}


# --- effects ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Effect:
    """An instruction for the caller; the engine itself never writes anything.

    Every kind of effect is a subclass (its docstring says what `data` holds); the
    conversation service finds its handler by type (`Feature.effects`), and a test checks
    that every subclass has one.
    """

    data: Mapping[str, Any] = field(default_factory=dict)

    @property
    def kind(self) -> str:
        return type(self).__name__


# The account's effects: every feature that asks facts or a language may emit them.
class SaveProfile(Effect):
    """{"facts": {name: value}}  (only emitted with consent)"""


class SetLocale(Effect):
    """{"locale": "zh_CN" | "en"}"""


class SetRole(Effect):
    """{"role": "worker" | "employer" | "trainee" | "officer"}"""


class RecordConsent(Effect):
    """{"consent": bool}"""


class ForgetData(Effect):
    """{}"""


# --- state --------------------------------------------------------------------------------


def _iso(moment: dt.datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def _from_iso(text: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(text) if text else None


@dataclass
class DialogState:
    """One user's place in one flow; stored as a single row by the caller.

    data holds "answers" (step -> value), "history" (answered step ids, for back),
    "params" (flow parameters such as the program id) and flow-specific keys.
    rev grows on every step change; version belongs to storage and is never touched here.
    """

    flow: str
    step: str
    data: dict[str, Any] = field(default_factory=dict)
    rev: int = 0
    version: int = 0
    started_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None
    message_id: int | None = None

    @property
    def answers(self) -> dict[str, Any]:
        return self.data.setdefault("answers", {})

    @property
    def history(self) -> list[str]:
        return self.data.setdefault("history", [])

    @property
    def params(self) -> dict[str, Any]:
        return self.data.setdefault("params", {})

    def copy(self) -> DialogState:
        return DialogState.from_dict(self.to_dict())

    def to_dict(self) -> dict[str, Any]:
        return {"flow": self.flow, "step": self.step, "data": self.data, "rev": self.rev,
                "version": self.version, "started_at": _iso(self.started_at),
                "updated_at": _iso(self.updated_at), "message_id": self.message_id}

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> DialogState:
        import copy

        return cls(flow=raw["flow"], step=raw["step"], data=copy.deepcopy(dict(raw["data"])),
                   rev=int(raw.get("rev", 0)), version=int(raw.get("version", 0)),
                   started_at=_from_iso(raw.get("started_at")),
                   updated_at=_from_iso(raw.get("updated_at")),
                   message_id=raw.get("message_id"))


# --- environment and outcome ----------------------------------------------------------------


@dataclass(frozen=True)
class Env:
    """What the caller hands the engine for one event.

    profile: saved facts, given only when the user consented (consented=True).
    payload: the deep-link payload of /start, if the channel has one (not interpreted).
    rules: an object like bot.dialogs.rules.Rules (evaluate, facts, title, policy_end);
    None means the real rules module (knowledge.api / knowledge.core.REGISTRY).
    is_admin: officer rights granted by configuration (the role chosen in /start is a wish).
    """

    t: Translator
    now: dt.datetime
    profile: Mapping[str, Any] = field(default_factory=dict)
    consented: bool = False
    idle_timeout: dt.timedelta = dt.timedelta(hours=24)
    # How long after it expired an idle dialog is kept to be continued (the kernel parks
    # it when a feature gives the resume flow; zero: closed at once).
    resume_keep: dt.timedelta = dt.timedelta(0)
    payload: str | None = None
    rules: Any = None
    is_admin: bool = False
    # The user already went through /start (chose a language and a role): /start then
    # greets them back instead of asking everything again.
    onboarded: bool = False
    # The role chosen at /start (worker, employer, training_unit, trainee, officer): what
    # the menus show first. A wish, not a right (rights come from `is_admin` and extras).
    role: str | None = None
    # Read-only data that feature loaders put here before the engine runs (e.g. the
    # survey campaign behind a deep link); see bot.conversation.extras_loader.
    extras: Mapping[str, Any] = field(default_factory=dict)
    # The features (bot.dialogs.engine.registry.Registry): flows, commands, routes.
    app: Any = None

    def with_locale(self, t: Translator) -> Env:
        return replace(self, t=t)

    @property
    def today(self) -> dt.date:
        return self.now.date()


@dataclass
class Outcome:
    """Result of one `advance`: the new state (None = no dialog), replies and effects.
    The kernel answers every event itself, so a channel only renders the replies."""

    state: DialogState | None
    replies: list[Reply] = field(default_factory=list)
    effects: list[Effect] = field(default_factory=list)

    def effect(self, kind: type[Effect]) -> Effect | None:
        return next((e for e in self.effects if isinstance(e, kind)), None)
