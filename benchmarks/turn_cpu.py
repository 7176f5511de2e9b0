"""CPU per turn of the conversation service alone (no Bot API, no HTTP): the storage and
dialog part of a turn, on one machine, in one process. Users onboard, then repeat the
cycle of benchmarks/turns_bench.py (a free-text question, /check, a button press, a typed
answer, /cancel) as the Telegram channel runs it: replies into the outbox in the turn's
transaction, then the question's message id remembered. Prints CPU ms per turn; with
`--profile FILE` also writes a cProfile of the measured part. Run it on two revisions to
compare (the machine's load changes the figure: compare runs made one after the other).

    .venv/bin/python benchmarks/turn_cpu.py                  # a fresh SQLite file
    .venv/bin/python benchmarks/turn_cpu.py --db postgresql+asyncpg://postgres@127.0.0.1/db
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.config import load_settings  # noqa: E402
from bot.delivery.outbox import Outbox  # noqa: E402
from bot.dialogs.engine.types import Event  # noqa: E402
from bot.services import Services  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from tests.conversation.harness import ConvUser  # noqa: E402

CYCLE = ("国赛银牌奖励多少", "/check jiangsu.excellent_technician", "tap senior technician",
         "1975-06-15", "/cancel")


async def _never(*_: object) -> None:
    raise RuntimeError("nothing is sent again here")


async def turn(user: ConvUser, outbox: Outbox, what: str, message_id: int) -> None:
    if what.startswith("tap "):
        (button,) = [b for b in user.keyboard if what[4:] in b.label]
        event = Event.press(button.data)
    elif what.startswith("/"):
        name, _, args = what.partition(" ")
        event = Event.cmd(name, args)
    else:
        event = Event.message(what)
    user.last = await user.conv.handle(user.id, user.id, "en", event, outbox=outbox,
                                       outbox_extra={"pressed_id": None})
    for reply in user.last.replies:
        if reply.buttons:
            user.keyboard = [b for row in reply.buttons for b in row]
    if user.last.state is not None:  # as the channel does once the question was sent
        await user.conv.remember_question(user.last.user_id, user.last.state, message_id)


async def measure(url: str, users: int, cycles: int, profile: str | None) -> float:
    await asyncio.to_thread(upgrade, url)
    services = Services.create(load_settings(database_url=url, _env_file=None))
    outbox = Outbox(services, _never, lambda exc: False)
    try:
        people = []
        for i in range(users):
            person = ConvUser(services, 50_000 + i)
            await person.say("/start")
            for label in ("English", "Skilled worker", "No thanks"):
                await person.tap(label)
            people.append(person)
        counter = iter(range(10**9))

        async def cycle(person: ConvUser) -> None:
            for what in CYCLE:
                await turn(person, outbox, what, 1000 + next(counter))

        for person in people:  # warm-up, not counted
            await cycle(person)
        prof = cProfile.Profile() if profile else None
        started = time.process_time()
        if prof:
            prof.enable()
        for _ in range(cycles):
            await asyncio.gather(*(cycle(p) for p in people))
        if prof:
            prof.disable()
            prof.dump_stats(profile)
        return (time.process_time() - started) / (cycles * users * len(CYCLE))
    finally:
        await services.close()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", help="database URL (default: a fresh SQLite file); its tables "
                    "are brought to the newest migration")
    ap.add_argument("--users", type=int, default=20)
    ap.add_argument("--cycles", type=int, default=30)
    ap.add_argument("--profile", help="write a cProfile of the measured turns here")
    args = ap.parse_args()
    url = args.db or f"sqlite+aiosqlite:///{tempfile.mkdtemp()}/turn_cpu.db"
    cpu = asyncio.run(measure(url, max(1, args.users), max(1, args.cycles), args.profile))
    print(f"conversation service on {url.split(':')[0]}: {args.users} users x {args.cycles} "
          f"cycles of {len(CYCLE)} turns: CPU {cpu * 1000:.2f} ms per turn")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
