"""What a feature brings to the kernel, and the one registry built from the feature list.

A `Feature` is a value: its flows, its commands, the button routes it owns (each with the
prefix its codec reads), the handlers of the effects it emits (the storage side, run by
the conversation service in the turn's transaction) and the loaders of the read-only
facts its pure code needs. `Registry` is built once from the explicit list in
`bot/dialogs/__init__.py`; nothing registers itself by being imported.

The kernel only ever looks things up here; it imports no feature.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from bot.dialogs.engine.flow import Flow
    from bot.dialogs.engine.types import DialogState, Effect, Env, Event, Outcome, Reply

CommandAction = Callable[["DialogState | None", "Event", "Env"], "Outcome"]
RoutePress = Callable[["DialogState | None", str, "Env"], "Outcome"]
# The storage side of an effect: (context of the turn, the effect) -> extra replies.
EffectHandler = Callable[[Any, "Effect"], Awaitable["list[Reply] | None"]]
LoaderFn = Callable[[Any, "Event | None", "str | None"], Awaitable[dict[str, Any]]]
Audience = Literal["everyone", "officers"]


@dataclass(frozen=True)
class Command:
    """A slash command: `description` is a message id (shown by /help and in Telegram's
    command menu when `listed`); `action` answers it purely; `audience` says who sees it
    listed (officers' commands still refuse others themselves)."""

    name: str
    description: str
    action: CommandAction
    audience: Audience = "everyone"
    listed: bool = True
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Route:
    """Buttons whose callback data starts with `prefix` (the prefix of the feature's
    codec); `press(state, data, env)` answers them."""

    prefix: str
    press: RoutePress


@dataclass(frozen=True)
class Loader:
    """Read-only facts for `Env.extras`, loaded before the kernel runs, only for the turns
    that need them: when the open flow is one of `flows`, a pressed button starts with one
    of `prefixes`, the command is one of `commands`, (`text=True`) the user typed text
    outside any dialog (the turn that `Feature.text` answers), or (`menu=True`) the turn
    shows the main menu, where the feature adds entries for some users."""

    load: LoaderFn
    flows: tuple[str, ...] = ()
    prefixes: tuple[str, ...] = ()
    commands: tuple[str, ...] = ()
    text: bool = False
    menu: bool = False


@dataclass(frozen=True)
class Feature:
    """Everything one feature adds. `home` (the main menu reply) and `text` (an answer to
    free text outside any dialog) are provided by exactly one feature each; `links` open
    `/start <payload>` deep links (None when the payload is not theirs). `text` returns a
    Reply, or an Outcome when the answer opens a dialog (e.g. an offer to ask a person)."""

    name: str
    flows: tuple[Flow, ...] = ()
    commands: tuple[Command, ...] = ()
    routes: tuple[Route, ...] = ()
    effects: Mapping[type, EffectHandler] = field(default_factory=dict)
    loaders: tuple[Loader, ...] = ()
    links: tuple[Callable[[DialogState | None, str, Env], Outcome | None], ...] = ()
    home: Callable[..., Reply] | None = None
    text: Callable[[str, Env], Reply | Outcome] | None = None
    # A question typed in the middle of a dialog: an answer to show before the dialog
    # goes on, or None when the text is not a question this feature can answer.
    digression: Callable[[str, Env], Reply | None] | None = None


class Registry:
    """The features, indexed for the kernel and the conversation service."""

    def __init__(self, features: Sequence[Feature], command_order: Sequence[str] = ()
                 ) -> None:
        self.features = tuple(features)
        self.command_order = tuple(command_order)
        self.flows: dict[str, Flow] = {}
        self.commands: dict[str, Command] = {}
        self.effect_handlers: dict[type, EffectHandler] = {}
        routes: list[Route] = []
        self.loaders: list[Loader] = []
        self.links: list[Callable[..., Outcome | None]] = []
        homes, texts = [], []
        self.digressions = tuple(f.digression for f in features if f.digression)
        for feat in self.features:
            for flow in feat.flows:
                _put(self.flows, flow.id, flow, "flow")
            for cmd in feat.commands:
                for name in (cmd.name, *cmd.aliases):
                    _put(self.commands, name, cmd, "command")
            for kind, handler in feat.effects.items():
                _put(self.effect_handlers, kind, handler, "effect handler")
            routes.extend(feat.routes)
            self.loaders.extend(feat.loaders)
            self.links.extend(feat.links)
            homes += [feat.home] if feat.home else []
            texts += [feat.text] if feat.text else []
        if len(homes) != 1 or len(texts) != 1:
            raise ValueError("exactly one feature must give `home` and one `text`")
        self.home: Callable[..., Reply] = homes[0]
        self.text: Callable[[str, Env], Reply | Outcome] = texts[0]
        prefixes = [r.prefix for r in routes]
        for a in prefixes:
            clash = [b for b in prefixes if b != a and b.startswith(a)]
            if clash or prefixes.count(a) > 1:
                raise ValueError(f"button prefix {a!r} is ambiguous with {clash or [a]}")
        self.routes = tuple(routes)

    def flow(self, flow_id: str) -> Flow | None:
        return self.flows.get(flow_id)

    def command(self, name: str) -> Command | None:
        return self.commands.get(name)

    def route(self, data: str) -> Route | None:
        return next((r for r in self.routes if data.startswith(r.prefix)), None)

    def listed_commands(self, officer: bool = False) -> list[Command]:
        """The commands to show (in `command_order`, then feature order), without aliases
        and, unless `officer`, without the officers' ones."""
        shown = [c for f in self.features for c in f.commands
                 if c.listed and (officer or c.audience == "everyone")]
        order = {name: i for i, name in enumerate(self.command_order)}
        return sorted(shown, key=lambda c: order.get(c.name, len(order)))

    def loaders_for(self, flow_id: str | None, event: Event | None) -> list[Loader]:
        """The loaders this turn needs: those of the open flow, of the pressed button's
        prefix and of the command. (Menu loaders run only when the turn turns out to
        show the main menu: see bot.conversation.)"""
        wanted = []
        for ld in self.loaders:
            if (flow_id is not None and flow_id in ld.flows) or (event is not None and (
                    (event.kind == "command" and event.name in ld.commands)
                    or (event.kind == "text" and flow_id is None and ld.text)
                    or (event.kind == "button" and event.data.startswith(ld.prefixes)))):
                wanted.append(ld)
        return wanted


def _put(table: dict, key: Any, value: Any, what: str) -> None:
    if key in table and table[key] is not value:
        raise ValueError(f"two features define the {what} {key!r}")
    table[key] = value
