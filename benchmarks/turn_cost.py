"""The database cost of one turn: SQL statements and transactions of a typed answer, a
button press and a free-text question, each beside the goal of the re-housing issue
(a typed answer in a check: 1 transaction, at most 3 statements). Counts, not times.

    .venv/bin/python benchmarks/turn_cost.py [--db postgresql+asyncpg://...]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.config import load_settings  # noqa: E402
from bot.delivery.outbox import Outbox  # noqa: E402
from bot.dialogs.engine.types import Event  # noqa: E402
from bot.services import Services  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from tests.conversation.harness import ConvUser, counting  # noqa: E402


async def _never(*_: object) -> None:
    raise RuntimeError("nothing is sent again here")


async def measure(url: str) -> list[tuple[str, int, int, list[str]]]:
    await asyncio.to_thread(upgrade, url)
    services = Services.create(load_settings(database_url=url, _env_file=None))
    rows = []
    try:
        user = ConvUser(services, 4242)
        for line in ("/start",):
            await user.say(line)
        for label in ("English", "Skilled worker", "No thanks"):
            await user.tap(label)
        await user.say("/check jiangsu.excellent_technician")
        with counting(services) as press:
            await user.tap("senior technician")
        with counting(services) as typed:
            await user.say("1975-06-15")
        # The same answer as the Telegram channel sends it: its replies go to the outbox
        # in the turn's transaction (bot/delivery/outbox.py).
        await user.say("/back")
        outbox = Outbox(services, _never, lambda exc: False)
        with counting(services) as boxed:
            await user.conv.handle(user.id, user.id, "en", Event.message("1975-06-15"),
                                   outbox=outbox, outbox_extra={"pressed_id": None})
        await user.say("/cancel")
        with counting(services) as question:
            await user.say("国赛银牌奖励多少")
        with counting(services) as menu:
            await user.say("/menu")
        for name, c in (("typed answer in a check", typed),
                        ("the same, with the outbox", boxed),
                        ("button press in a check", press),
                        ("free-text question", question), ("/menu", menu)):
            rows.append((name, c.transactions, c.count, c.statements))
    finally:
        await services.close()
    return rows


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", help="database URL (default: a fresh SQLite file)")
    ap.add_argument("-v", "--verbose", action="store_true", help="print the statements")
    args = ap.parse_args()
    url = args.db or f"sqlite+aiosqlite:///{tempfile.mkdtemp()}/turn.db"
    rows = asyncio.run(measure(url))
    print(f"turn cost on {url.split(':')[0]} (goal for a typed answer: 1 transaction, <= 3 "
          "statements; before the re-housing: 2 transactions, 7 statements)")
    print(f"{'turn':<26} {'transactions':>12} {'statements':>10}")
    for name, tx, n, stmts in rows:
        print(f"{name:<26} {tx:>12} {n:>10}")
        if args.verbose:
            for s in stmts:
                print(f"    {s}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
