"""The conversation service: storage + dialog engine, for every channel.

A channel (Telegram, terminal) turns what the user did into an `Event` and calls
`Conversation.handle`. Here the user's row and dialog state are loaded, the pure engine
advances the state, its effects are applied, and the new state is written back in the
same transaction with a version check. If another process advanced the same dialog in
between, the whole turn is retried on the fresh state, so two processes taking
alternate updates of one user stay consistent.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.dialogs import engine
from bot.dialogs.types import (
    FORGET_DATA,
    RECORD_CONSENT,
    SAVE_PROFILE,
    SET_LOCALE,
    SET_ROLE,
    DialogState,
    Effect,
    Env,
    Event,
    Outcome,
    Reply,
)
from bot.i18n import Translator, get_translator, resolve_locale
from bot.services import Services
from storage.models import User
from storage.repos import DialogRepo, StaleStateError, UserRepo

log = logging.getLogger(__name__)
MAX_RETRIES = 10


@dataclass
class EffectContext:
    """What a feature's effect handler may use: the turn's session (its transaction),
    the user's row, the engine's environment and the services."""

    session: AsyncSession
    user: User
    env: Env
    services: Services
    chat_id: int


EffectHandler = Callable[[EffectContext, Effect], Awaitable[list[Reply] | None]]
ExtrasLoader = Callable[[EffectContext, Event | None, str | None], Awaitable[dict[str, Any]]]
EFFECT_HANDLERS: dict[str, EffectHandler] = {}
EXTRAS_LOADERS: list[ExtrasLoader] = []


def on_effect(kind: str) -> Callable[[EffectHandler], EffectHandler]:
    """Register the storage side of an engine effect (surveys, reminders ...).

    The handler runs inside the turn's transaction and may return extra replies
    (a chart, an export) to send after the engine's own replies.
    """

    def wrap(fn: EffectHandler) -> EffectHandler:
        EFFECT_HANDLERS[kind] = fn
        return fn

    return wrap


def extras_loader(fn: ExtrasLoader) -> ExtrasLoader:
    """Register a loader whose dict is merged into `Env.extras` before the engine runs
    (read-only facts the pure engine needs, e.g. the survey campaign behind a deep link)."""
    EXTRAS_LOADERS.append(fn)
    return fn


@dataclass
class TurnResult:
    replies: list[Reply]
    state: DialogState | None
    t: Translator
    user_id: int
    effects: list[Effect] = field(default_factory=list)
    handled: bool = True


class Conversation:
    def __init__(self, services: Services, clock: Callable[[], dt.datetime] | None = None
                 ) -> None:
        self.services = services
        self.clock = clock or (lambda: dt.datetime.now(services.settings.tz))

    async def handle(self, telegram_id: int, chat_id: int, language_code: str | None,
                     event: Event, payload: str | None = None) -> TurnResult:
        """Advance this user's dialog by one event."""
        return await self._retrying(telegram_id, chat_id, language_code,
                                    lambda st, env: engine.advance(st, event, env),
                                    payload, event)

    async def start(self, telegram_id: int, chat_id: int, language_code: str | None,
                    flow_id: str, params: dict[str, Any] | None = None) -> TurnResult:
        """Open a flow directly (a command such as /remind), replacing any open one."""
        return await self._retrying(
            telegram_id, chat_id, language_code,
            lambda st, env: engine.start_flow(flow_id, env, params, previous=st), None, None)

    async def _retrying(self, telegram_id: int, chat_id: int, language_code: str | None,
                        step: Callable[[DialogState | None, Env], Outcome],
                        payload: str | None, event: Event | None) -> TurnResult:
        """Run one turn; if another process advanced the same dialog meanwhile, redo the
        turn on the fresh state (after a short, growing, jittered pause)."""
        async with self.services.user_lock(telegram_id):
            for attempt in range(MAX_RETRIES):
                try:
                    async with self.services.transaction() as session:
                        return await self._turn(session, telegram_id, chat_id, language_code,
                                                step, payload, event)
                except StaleStateError:
                    log.info("dialog of %s changed concurrently; retry %d", telegram_id,
                             attempt + 1)
                    await asyncio.sleep(random.uniform(0.01, 0.05) * (attempt + 1))
            raise RuntimeError("dialog state kept changing; giving up")

    async def _turn(self, session: AsyncSession, telegram_id: int, chat_id: int,
                    language_code: str | None,
                    step: Callable[[DialogState | None, Env], Outcome],
                    payload: str | None, event: Event | None = None) -> TurnResult:
        users, dialogs = UserRepo(session), DialogRepo(session)
        user = await users.get_or_create(telegram_id)
        user.is_active = True
        t = get_translator(resolve_locale(user.locale, language_code,
                                          self.services.settings.default_locale))
        stored = await dialogs.load(user.id)
        state = None
        if stored is not None:
            state = DialogState.from_dict(stored.state)
            state.version = stored.version
        env = Env(t=t, now=self.clock(), profile=dict(user.profile or {}) if user.consent_at
                  else {}, consented=user.consent_at is not None,
                  idle_timeout=self.services.settings.idle_timeout, payload=payload,
                  is_admin=self.services.is_admin(telegram_id),
                  onboarded=user.locale is not None and user.role is not None)
        ectx = EffectContext(session, user, env, self.services, chat_id)
        if EXTRAS_LOADERS:
            extras: dict[str, Any] = {}
            for load in EXTRAS_LOADERS:
                extras.update(await load(ectx, event, payload))
            env = replace(env, extras=extras)
            ectx.env = env
        outcome = step(state, env)
        new_t, extra_replies = await self._apply(ectx, outcome.effects)
        t = new_t or t
        if any(e.kind == FORGET_DATA for e in outcome.effects):
            stored = None  # forgetting deleted the dialog row along with the rest
        new_state = outcome.state
        if new_state is None:
            if stored is not None:
                await dialogs.delete(user.id, stored.version)
        elif state is None or new_state.to_dict() != state.to_dict():
            new_state.version = await dialogs.save(
                user.id, chat_id, new_state.flow, _storable(new_state),
                stored.version if stored else None)
        return TurnResult(outcome.replies + extra_replies, new_state, t, user.id,
                          outcome.effects, outcome.handled)

    async def _apply(self, ectx: EffectContext, effects: list[Effect]
                     ) -> tuple[Translator | None, list[Reply]]:
        """Carry out the engine's instructions in this turn's transaction.

        Returns a new translator if the locale changed, and replies that effect handlers
        added (exports, charts ...).
        """
        users, user, env = UserRepo(ectx.session), ectx.user, ectx.env
        new_t, replies = None, []
        for eff in effects:
            if eff.kind == SET_LOCALE:
                await users.set_locale(user, eff.data["locale"])
                new_t = get_translator(eff.data["locale"])
            elif eff.kind == SET_ROLE:
                await users.set_role(user, eff.data["role"])
            elif eff.kind == RECORD_CONSENT:
                await users.set_consent(user, env.now if eff.data.get("consent") else None)
            elif eff.kind == SAVE_PROFILE:
                await users.update_profile(user, eff.data.get("facts", {}))
            elif eff.kind == FORGET_DATA:
                await users.forget(user)
            elif eff.kind in EFFECT_HANDLERS:
                if new_t is not None:
                    ectx.env = replace(ectx.env, t=new_t)
                replies.extend(await EFFECT_HANDLERS[eff.kind](ectx, eff) or [])
        return new_t, replies

    async def remember_question(self, user_id: int, state: DialogState, message_id: int
                                ) -> None:
        """Store the id of the message that now shows the dialog's question (for edits)."""
        async with self.services.transaction() as session:
            dialogs = DialogRepo(session)
            stored = await dialogs.load(user_id)
            if stored is None or stored.version != state.version:
                return  # the dialog moved on meanwhile; nothing to remember
            state.message_id = message_id
            try:
                state.version = await dialogs.save(user_id, stored.chat_id, state.flow,
                                                   _storable(state), stored.version)
            except StaleStateError:
                return


def _storable(state: DialogState) -> dict[str, Any]:
    data = state.to_dict()
    data.pop("version", None)
    return data
