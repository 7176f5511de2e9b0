"""Fuzz the real bot with N updates (default 10,000) through the fake Bot API and print
the counts: updates, tracebacks, private messages, unanswered, and the mix of kinds.

    .venv/bin/python benchmarks/fuzz_updates.py [--n 10000] [--seed 2026]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from storage.migrate import upgrade  # noqa: E402
from tests.e2e.fuzz_updates import run_fuzz  # noqa: E402
from tests.e2e.harness import running_bot  # noqa: E402
from tests.fakebot import FakeBotAPI  # noqa: E402


async def main(n: int, seed: int) -> int:
    url = f"sqlite+aiosqlite:///{tempfile.mkdtemp()}/fuzz.db"
    await asyncio.to_thread(upgrade, url)
    api = FakeBotAPI()
    await api.start()
    started = time.monotonic()
    try:
        async with running_bot(api, url, admin_ids="70000"):
            result = await run_fuzz(api, n, seed=seed)
    finally:
        await api.stop()
    took = time.monotonic() - started
    print(f"fuzz: {result.updates} updates in {took:.0f} s, {result.tracebacks} tracebacks, "
          f"{result.private_messages} private messages, {result.unanswered} unanswered")
    print("kinds: " + ", ".join(f"{k} {v}" for k, v in sorted(result.kinds.items())))
    for line in result.errors:
        print(f"  error: {line}")
    return 0 if result.tracebacks == 0 and result.unanswered == 0 else 1


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=2026)
    args = ap.parse_args()
    raise SystemExit(asyncio.run(main(args.n, args.seed)))
