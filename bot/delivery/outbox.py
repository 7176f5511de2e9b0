"""The reply outbox of the Telegram channel: a turn's replies survive a crash between the
turn's commit and their send.

- The conversation service writes the turn's replies (`encode`) to the outbox in the
  turn's own transaction (one INSERT, storage/outbox.py). The channel then sends them
  through the reply sender (bot/delivery/sending.py) as before.
- Once all of a row's replies reached the Bot API, the channel calls `delivered`: the id
  joins a batch that a background task deletes every `ack_seconds` in one transaction,
  so confirming adds no transaction to the turn.
- A row whose send failed for good (a bad request, a blocked bot) is deleted too; one
  whose send failed for now (5xx, timeouts, Telegram away for longer than the sender
  retries, the process stopping) stays, and so does every row of a process that died.
- On start-up, before updates are fetched, every row left from before is sent again,
  each chat's rows in order and ahead of that chat's new turns (the chat's lock is taken
  first). Every `sweep_seconds`, rows older than `redeliver_seconds` that this process
  is not sending are taken (with a lease, so another process does not take them too)
  and sent again. A row sent again may show twice if it had reached Telegram before the
  crash: a possible duplicate is preferred to a loss, and counted in
  `stats["possible_duplicates"]`.
- A row also holds the id of the Telegram update of its turn. With polling, a delivered
  row is deleted only once that update has been confirmed to Telegram (`confirmed_below`:
  a `getUpdates` with an offset past it was answered); until then the batch marks it
  delivered (one UPDATE, not sent again). So the rows left after a crash name every
  committed turn whose update Telegram may send again: `left_updates`, read on start-up,
  lets the channel skip those updates instead of answering them twice.

Nothing here knows Telegram: the channel passes `send(chat_id, body, start, on_sent)`
and `retryable(exc)` (could sending again help?).
"""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import logging
import time
from collections import Counter, defaultdict
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from bot.dialogs.engine.types import Button, Reply
from bot.services import Services
from storage.outbox import OutboxItem, OutboxRepo

log = logging.getLogger(__name__)

# (chat_id, the row's body, index of the first reply still to send, call after each send)
Send = Callable[[int, dict[str, Any], int, Callable[[], None]], Awaitable[None]]


def encode(replies: list[Reply], message_id: int | None, extra: dict[str, Any] | None = None
           ) -> dict[str, Any]:
    """A turn's replies as the JSON body of an outbox row (files base64)."""
    out = []
    for reply in replies:
        item = reply.to_dict()
        if reply.content is not None:
            item["content"] = base64.b64encode(reply.content).decode("ascii")
        out.append(item)
    return {"replies": out, "message_id": message_id, **(extra or {})}


def decode(body: dict[str, Any]) -> list[Reply]:
    replies = []
    for item in body.get("replies", []):
        content = item.get("content")
        replies.append(Reply(
            item.get("text", ""),
            [[Button(b["label"], b["data"]) for b in row] for row in item.get("buttons", [])],
            edit=bool(item.get("edit")), question=bool(item.get("question")),
            in_place=bool(item.get("in_place")),
            kind=item.get("kind", "text"),
            content=base64.b64decode(content) if content is not None else None,
            filename=item.get("filename")))
    return replies


class Background:
    """Tasks started on the side (a dead letter being stored, a reply being sent again)
    that a clean stop waits for, for a bounded time, instead of dropping them."""

    def __init__(self) -> None:
        self.tasks: set[asyncio.Task[Any]] = set()

    def spawn(self, coro: Coroutine[Any, Any, Any], name: str | None = None
              ) -> asyncio.Task[Any]:
        task = asyncio.get_running_loop().create_task(coro, name=name)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)
        return task

    async def drain(self, timeout: float) -> int:
        """Wait up to `timeout` seconds for the tasks (new ones they start included);
        cancel what is left and return how many were cancelled."""
        deadline = time.monotonic() + timeout
        while self.tasks:
            left = deadline - time.monotonic()
            if left <= 0:
                break
            await asyncio.wait(set(self.tasks), timeout=left)
        late = [t for t in self.tasks if not t.done()]
        for task in late:
            task.cancel()
        if late:
            await asyncio.gather(*late, return_exceptions=True)
            log.warning("stopped with %d background task(s) unfinished", len(late))
        return len(late)


class Outbox:
    def __init__(self, services: Services, send: Send,
                 retryable: Callable[[BaseException], bool], *, redeliver_seconds: float = 10.0,
                 sweep_seconds: float = 5.0, ack_seconds: float = 0.1,
                 lease_seconds: float = 300.0, background: Background | None = None,
                 on_commit: Callable[[int], None] | None = None) -> None:
        self.services = services
        self.send = send
        self.retryable = retryable
        self.redeliver_seconds = redeliver_seconds
        self.sweep_seconds = sweep_seconds
        self.ack_seconds = ack_seconds
        self.lease_seconds = lease_seconds
        self.background = background or Background()
        self.stats: Counter[str] = Counter()
        self._busy: set[int] = set()  # rows this process is sending
        self._sent: dict[int, int] = {}  # replies of a busy row already sent
        self._acks: list[int] = []  # delivered, to be deleted
        self.on_commit = on_commit  # told the update id of each committed turn
        self._updates: dict[int, int] = {}  # row -> its update, while this process has it
        self._held: set[int] = set()  # delivered (and marked so), update not yet confirmed
        self._confirmed: int | None = None  # updates below this are confirmed (polling)
        self.left_updates: dict[int, int] = {}  # at start-up: update id -> sender
        self._wake = asyncio.Event()
        self._stopping = asyncio.Event()
        self._loop: asyncio.Task[None] | None = None

    @staticmethod
    def now() -> dt.datetime:
        return dt.datetime.now(dt.UTC)

    def due_at(self) -> dt.datetime:
        """When a row written now may be taken by a sweep."""
        return self.now() + dt.timedelta(seconds=self.redeliver_seconds)

    # -- the turn's side -------------------------------------------------------------------

    def begin(self, row_id: int, update_id: int | None = None) -> None:
        """The turn of update `update_id` committed row `row_id`; this process is sending
        it now."""
        self._busy.add(row_id)
        if update_id is not None:
            self._updates[row_id] = update_id
            if self.on_commit is not None:
                self.on_commit(update_id)

    def confirmed_below(self, offset: int) -> None:
        """Telegram has confirmed the updates below `offset` (it answered a `getUpdates`
        with it): their delivered rows may go. Called for each answered `getUpdates`, so
        only a polling process holds rows."""
        if self._confirmed is None or offset > self._confirmed:
            self._confirmed = offset
        self._release()

    def _release(self) -> None:
        """Held rows whose update is now confirmed join the next batch of deletes."""
        if not self._held or self._confirmed is None:
            return
        done = [i for i in self._held if self._updates.get(i, -1) < self._confirmed]
        if done:
            self._held.difference_update(done)
            self._acks.extend(done)
            self._wake.set()

    def _may_delete(self, row_id: int) -> bool:
        uid = self._updates.get(row_id)
        return uid is None or self._confirmed is None or uid < self._confirmed

    def on_sent(self, row_id: int) -> Callable[[], None]:
        def one_more() -> None:
            self._sent[row_id] = self._sent.get(row_id, 0) + 1
        return one_more

    def sent_so_far(self, row_id: int) -> int:
        return self._sent.get(row_id, 0)

    def delivered(self, row_id: int) -> None:
        self._busy.discard(row_id)
        self._sent.pop(row_id, None)
        self._acks.append(row_id)
        self._wake.set()

    def failed(self, row_id: int, exc: BaseException) -> None:
        """A send of row `row_id` raised `exc`: kept for a sweep if trying again can
        help, else given up (deleted)."""
        self._busy.discard(row_id)
        if self.retryable(exc):
            self.stats["kept_for_later"] += 1
            return
        self.stats["given_up"] += 1
        log.warning("reply %s not deliverable (%s); dropped from the outbox", row_id,
                    type(exc).__name__)
        self.delivered(row_id)

    # -- the background side ---------------------------------------------------------------

    async def start(self) -> None:
        """Send again what an earlier process left (before any update is fetched: each
        chat's lock is taken here, so its new turns wait for these), then sweep and
        confirm in the background."""
        try:
            async with self.services.transaction() as session:
                left = await OutboxRepo(session).left_updates()
            self.left_updates = {r.update_id: r.telegram_id for r in left}
            for r in left:
                self._updates[r.id] = r.update_id
                if r.delivered:
                    self._held.add(r.id)
            leftover = await self._take(self.now() + dt.timedelta(
                seconds=self.redeliver_seconds))
        except Exception as exc:
            log.warning("outbox: could not read what is left to send (%s)",
                        type(exc).__name__)
            leftover = []
        if leftover:
            log.info("outbox: %d repl%s left by an earlier process, sending again",
                     len(leftover), "y" if len(leftover) == 1 else "ies")
        await self._redeliver(leftover, lock_now=True)
        self._loop = asyncio.get_running_loop().create_task(self._run(), name="outbox")

    async def stop(self, timeout: float = 5.0) -> None:
        """Stop sweeping, let sends again in flight finish (bounded: a send given up
        stays in the outbox for the next start), and delete what was delivered."""
        if self._stopping.is_set():
            return
        self._stopping.set()
        self._wake.set()
        if self._loop is not None:
            await asyncio.gather(self._loop, return_exceptions=True)
        await self.background.drain(timeout)
        await self.flush()

    async def flush(self) -> None:
        """Delete the delivered rows (one transaction); on failure they are tried again."""
        if not self._acks:
            return
        ids, self._acks = self._acks, []
        gone = [i for i in ids if self._may_delete(i)]
        kept = [i for i in ids if i not in self._held and not self._may_delete(i)]
        try:
            async with self.services.transaction() as session:
                repo = OutboxRepo(session)
                await repo.delete(gone)
                await repo.mark_delivered(kept, self.now())
            self.stats["confirmed"] += len(gone)
            for i in gone:
                self._updates.pop(i, None)
                self._held.discard(i)
            self._held.update(kept)
            self._release()  # confirmed while this batch was being written
        except Exception as exc:
            self._acks.extend(ids)
            log.warning("outbox: could not confirm %d deliveries (%s)", len(ids),
                        type(exc).__name__)

    async def sweep(self) -> int:
        """Take the rows that are due and nobody here is sending, and send them again."""
        items = await self._take(self.now())
        await self._redeliver(items)
        return len(items)

    async def _take(self, due: dt.datetime) -> list[OutboxItem]:
        exclude = self._busy | set(self._acks) | self._held
        async with self.services.transaction() as session:
            return await OutboxRepo(session).take_due(
                due, self.now() + dt.timedelta(seconds=self.lease_seconds),
                exclude=exclude)

    async def _redeliver(self, items: list[OutboxItem], lock_now: bool = False) -> None:
        """Send each chat's rows in order under the chat's lock. `lock_now` (at start-up,
        nothing else runs yet) takes the locks here, so that the chats' first new turns
        queue behind these; a sweep lets each chat's sender wait for its lock."""
        chats: dict[int, list[OutboxItem]] = defaultdict(list)
        for item in items:
            chats[item.chat_id].append(item)
            self._busy.add(item.id)
            if item.update_id is not None:
                self._updates[item.id] = item.update_id
        for chat_id, rows in chats.items():
            lock = self.services.chat_lock(chat_id)
            if lock_now:
                await lock.acquire()
            self.background.spawn(self._send_chat(chat_id, rows, lock, locked=lock_now),
                                  name=f"outbox-{chat_id}")

    async def _send_chat(self, chat_id: int, rows: list[OutboxItem], lock: asyncio.Lock,
                         locked: bool) -> None:
        if not locked:
            try:
                await lock.acquire()
            except BaseException:
                for item in rows:
                    self._busy.discard(item.id)
                raise
        try:
            for item in rows:
                self.stats["possible_duplicates"] += 1
                log.warning("outbox: reply %s sent again (attempt %d); it may show twice",
                            item.id, item.attempts)
                try:
                    await self.send(chat_id, item.body, self.sent_so_far(item.id),
                                    self.on_sent(item.id))
                except Exception as exc:
                    self.failed(item.id, exc)
                    if self.retryable(exc):
                        break  # keep the chat's order: the rest waits for the next sweep
                else:
                    self.stats["redelivered"] += 1
                    self.delivered(item.id)
        finally:
            for item in rows:
                self._busy.discard(item.id)
            lock.release()

    async def _run(self) -> None:
        next_sweep = time.monotonic() + self.sweep_seconds
        while not self._stopping.is_set():
            try:
                await asyncio.wait_for(self._wake.wait(),
                                       max(0.0, next_sweep - time.monotonic()))
            except TimeoutError:
                pass
            self._wake.clear()
            if self._stopping.is_set():
                return
            if self._acks:  # gather a batch, then one DELETE
                try:
                    await asyncio.wait_for(self._stopping.wait(), self.ack_seconds)
                except TimeoutError:
                    pass
                await self.flush()
            if time.monotonic() >= next_sweep:
                next_sweep = time.monotonic() + self.sweep_seconds
                try:
                    await self.sweep()
                except Exception as exc:
                    log.warning("outbox sweep failed (%s); trying again later",
                                type(exc).__name__)

