"""The conversation service: the one path of every update, on every channel.

A channel (Telegram, terminal, web) turns what the user did into an `Event` and calls
`Conversation.handle`. In one transaction the user's row and dialog state are loaded
(one SELECT), the loaders this turn needs fill `Env.extras`, the pure kernel advances the
state, the effects' handlers (found by the effect's type in the feature registry) run,
and the new state is written back with a version check. If another process advanced the
same dialog in between, the whole turn is retried on the fresh state, so two processes
taking alternate updates of one user stay consistent. With an `outbox` (the Telegram
channel), the turn's replies are written to it in the same transaction, so a crash after
the commit cannot lose them (bot/delivery/outbox.py).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import random
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import bot.dialogs
from bot.delivery.outbox import Outbox, encode
from bot.dialogs.engine import kernel
from bot.dialogs.engine.registry import Loader, Registry
from bot.dialogs.engine.types import DialogState, Effect, Env, Event, Outcome, Reply
from bot.i18n import Translator, get_translator, resolve_locale
from bot.services import Services
from storage.db import Session
from storage.models import User
from storage.outbox import OutboxRepo
from storage.repos import DialogRepo, StaleStateError, UserRepo

log = logging.getLogger(__name__)
MAX_RETRIES = 10
# The reply outbox of a turn: where to write its replies, what the channel adds to the row,
# the Telegram update of the turn.
OutboxArgs = tuple["Outbox | None", dict[str, Any] | None, int | None]


class UnhandledEffect(RuntimeError):
    """An effect type no feature handles: a programming error, caught by a test."""


@dataclass
class EffectContext:
    """What a feature's effect handler or loader may use: the turn's session (its
    transaction), the user's row, the state the turn started from, the engine's
    environment and the services; `channel` names the channel the update came from
    ("telegram", "terminal", "web") and `chat_id` the address in it, so what is sent to
    the user later (an officer's answer) goes back the same way. Handlers may set `env`
    (a new language), `toast` (a short answer on the pressed button) and `clear_buttons`
    (take the buttons off the pressed message)."""

    session: Session
    user: User
    env: Env
    services: Services
    chat_id: int
    state: DialogState | None = None
    channel: str = "telegram"
    toast: str | None = None
    clear_buttons: bool = False
    forgotten: bool = False


@dataclass
class TurnResult:
    replies: list[Reply]
    state: DialogState | None
    t: Translator
    user_id: int
    effects: list[Effect] = field(default_factory=list)
    toast: str | None = None
    clear_buttons: bool = False
    outbox_id: int | None = None  # the outbox row holding `replies`, if any
    # The message that showed the open question when the turn began (a channel's id):
    # where an edit of that question goes once the dialog has ended or been replaced.
    question_id: int | None = None


class Conversation:
    def __init__(self, services: Services, clock: Callable[[], dt.datetime] | None = None,
                 registry: Registry | None = None) -> None:
        self.services = services
        self.clock = clock or (lambda: dt.datetime.now(services.settings.tz))
        self.registry = registry or bot.dialogs.registry()

    async def handle(self, telegram_id: int, chat_id: int, language_code: str | None,
                     event: Event, payload: str | None = None, channel: str = "telegram",
                     outbox: Outbox | None = None, outbox_extra: dict[str, Any] | None = None,
                     update_id: int | None = None) -> TurnResult:
        """Advance this user's dialog by one event (from `channel`, see EffectContext).
        With `outbox`, the replies are also written to it (with `outbox_extra`, what the
        channel needs to send them again, and the Telegram `update_id` of the turn) in the
        turn's transaction."""
        return await self._retrying(telegram_id, chat_id, language_code,
                                    lambda st, env: kernel.advance(st, event, env),
                                    payload, event, channel, (outbox, outbox_extra, update_id))

    async def start(self, telegram_id: int, chat_id: int, language_code: str | None,
                    flow_id: str, params: dict[str, Any] | None = None) -> TurnResult:
        """Open a flow directly, replacing any open one."""
        return await self._retrying(
            telegram_id, chat_id, language_code,
            lambda st, env: kernel.start_flow(flow_id, env, params, previous=st), None, None)

    async def _retrying(self, telegram_id: int, chat_id: int, language_code: str | None,
                        step: Callable[[DialogState | None, Env], Outcome],
                        payload: str | None, event: Event | None,
                        channel: str = "telegram",
                        outbox: OutboxArgs = (None, None, None)
                        ) -> TurnResult:
        """Run one turn; if another process advanced the same dialog meanwhile, redo the
        turn on the fresh state (after a short, growing, jittered pause)."""
        async with self.services.user_lock(telegram_id):
            for attempt in range(MAX_RETRIES):
                try:
                    async with self.services.transaction() as session:
                        return await self._turn(session, telegram_id, chat_id, language_code,
                                                step, payload, event, channel, outbox)
                except StaleStateError:
                    log.info("dialog of %s changed concurrently; retry %d", telegram_id,
                             attempt + 1)
                    await asyncio.sleep(random.uniform(0.01, 0.05) * (attempt + 1))
            raise RuntimeError("dialog state kept changing; giving up")

    async def _turn(self, session: Session, telegram_id: int, chat_id: int,
                    language_code: str | None,
                    step: Callable[[DialogState | None, Env], Outcome],
                    payload: str | None, event: Event | None, channel: str = "telegram",
                    outbox: OutboxArgs = (None, None, None)
                    ) -> TurnResult:
        user, stored = await UserRepo(session).get_with_dialog(telegram_id)
        if not user.is_active:
            user.is_active = True  # they wrote to us again: not blocked any more
        t = get_translator(resolve_locale(user.locale, language_code,
                                          self.services.settings.default_locale))
        state = None
        if stored is not None:
            state = DialogState.from_dict(stored.state)
            state.version = stored.version
        env = Env(t=t, now=self.clock(), profile=dict(user.profile or {}) if user.consent_at
                  else {}, consented=user.consent_at is not None,
                  idle_timeout=self.services.settings.idle_timeout,
                  resume_keep=self.services.settings.resume_keep, payload=payload,
                  is_admin=self.services.is_admin(telegram_id),
                  onboarded=user.locale is not None and user.role is not None,
                  role=user.role,
                  app=self.registry)
        ctx = EffectContext(session, user, env, self.services, chat_id, state, channel)
        loaded = self.registry.loaders_for(state.flow if state else None, event)
        env = await self._load(ctx, loaded, event, payload)
        outcome = step(state, env)
        missing = [ld for ld in self.registry.loaders if ld.menu and ld not in loaded]
        if missing and any(r.home for r in outcome.replies):
            # The turn shows the main menu, where features add entries for some users:
            # load what they need and run the (pure) step again with it.
            env = await self._load(ctx, loaded + missing, event, payload)
            outcome = step(state, env)
        ctx.env = env
        extra_replies = await self._apply(ctx, outcome.effects)
        new_state = outcome.state
        dialogs = DialogRepo(session)
        if ctx.forgotten:  # the user's row and dialog are gone: nothing to save
            new_state = None
        elif new_state is None:
            if stored is not None:
                await dialogs.delete(user.id, stored.version)
        elif state is None or new_state.to_dict() != state.to_dict():
            new_state.version = await dialogs.save(
                user.id, chat_id, new_state.flow, _storable(new_state),
                stored.version if stored else None)
        replies = outcome.replies + extra_replies
        question_id = state.message_id if state is not None else None
        box, extra, update_id = outbox
        outbox_id = None
        if box is not None and replies and not ctx.forgotten:
            outbox_id = await OutboxRepo(session).add(
                chat_id=chat_id, telegram_id=telegram_id,
                body=encode(replies, new_state.message_id if new_state else None,
                            {**(extra or {}), "clear_buttons": ctx.clear_buttons,
                             "question_id": question_id}),
                due_at=box.due_at(), update_id=update_id)
        return TurnResult(replies, new_state, ctx.env.t, user.id,
                          outcome.effects, ctx.toast, ctx.clear_buttons, outbox_id,
                          question_id=question_id)

    async def _load(self, ctx: EffectContext, loaders: list[Loader], event: Event | None,
                    payload: str | None) -> Env:
        env = replace(ctx.env, extras={})
        if not loaders:
            return env
        extras: dict[str, Any] = {}
        for ld in loaders:
            extras.update(await ld.load(ctx, event, payload))
        return replace(env, extras=extras)

    async def _apply(self, ctx: EffectContext, effects: list[Effect]) -> list[Reply]:
        """Carry out the kernel's effects in this turn's transaction, in order; returns
        the replies their handlers add (exports, charts, lists ...)."""
        replies: list[Reply] = []
        for eff in effects:
            handler = self.registry.effect_handlers.get(type(eff))
            if handler is None:
                raise UnhandledEffect(f"no feature handles {eff.kind}")
            replies.extend(await handler(ctx, eff) or [])
        return replies

    async def remember_question(self, user_id: int, state: DialogState, message_id: int
                                ) -> None:
        """Store the id of the message that now shows the dialog's question (for edits):
        one UPDATE of the version the turn wrote; nothing if the dialog moved on."""
        state.message_id = message_id
        async with self.services.transaction() as session:
            await DialogRepo(session).set_state_of_version(user_id, state.version,
                                                           _storable(state))


def _storable(state: DialogState) -> dict[str, Any]:
    data = state.to_dict()
    data.pop("version", None)
    return data
