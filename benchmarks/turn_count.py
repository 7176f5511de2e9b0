"""Turns (messages sent + buttons pressed) from /start to a result of the excellent-
technician check (卓越技师) for a returning user whose facts are saved: the user agreed to
keep them and went through the check once before (not counted). Counts, not times; run it
on two versions of the code to compare them.

    .venv/bin/python benchmarks/turn_count.py
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.config import load_settings  # noqa: E402
from bot.services import Services  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from tests.conversation.harness import ConvUser  # noqa: E402
from tests.e2e.scripted import question_matches  # noqa: E402

ENTRY = "Check: Excellent Technician plan"
# question fragment -> ("tap", label) or ("say", text)
SCRIPT = {
    "highest vocational skill level": ("tap", "senior technician"),
    "date of birth": ("say", "1975-06-15"),
    "man or a woman": ("tap", "Man"),
    "leading talents": ("tap", "Yes"),
    "Excellent Technician plan before": ("tap", "never taken part"),
}


async def to_result(user: ConvUser, turns: list[str]) -> str:
    """Answer the open check until its result; each answer is one turn."""
    while user.last is not None and user.last.state is not None:
        fragment = question_matches(user.text, SCRIPT)
        if fragment is None:
            raise SystemExit(f"unexpected question: {user.text}")
        how, value = SCRIPT[fragment]
        turns.append(f"{how} {value!r}")
        await (user.tap(value) if how == "tap" else user.say(value))
    return user.text


async def count(url: str) -> list[str]:
    await asyncio.to_thread(upgrade, url)
    services = Services.create(load_settings(database_url=url, _env_file=None))
    try:
        user = ConvUser(services, 4343)
        await user.say("/start")
        for label in ("English", "Skilled worker", "I agree"):
            await user.tap(label)
        await user.tap(ENTRY)
        await to_result(user, [])  # the first time: facts asked and saved
        turns = ["say '/start'"]  # counted from here
        await user.say("/start")
        turns.append(f"tap {ENTRY!r}")
        await user.tap(ENTRY)
        result = await to_result(user, turns)
        if "✅" not in result and "⚠️" not in result and "❌" not in result:
            raise SystemExit(f"no result: {result}")
        return turns
    finally:
        await services.close()


def main() -> int:
    url = f"sqlite+aiosqlite:///{tempfile.mkdtemp()}/turns.db"
    turns = asyncio.run(count(url))
    print(f"excellent-technician check, returning user with saved facts: {len(turns)} turns "
          "from /start to the result")
    for n, turn in enumerate(turns, 1):
        print(f"  {n}. {turn}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
