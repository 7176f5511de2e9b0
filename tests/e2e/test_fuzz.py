"""A fuzz of updates through the real bot: no traceback, no private message unanswered,
and the bot keeps answering (CRAFTBOT_FUZZ_UPDATES sets how many; CI and
benchmarks/fuzz_updates.py use 10,000)."""

from __future__ import annotations

import os

import pytest

from tests.e2e.fuzz_updates import run_fuzz
from tests.e2e.harness import running_bot

pytestmark = pytest.mark.slow


async def test_fuzzed_updates_raise_nothing_and_every_private_message_is_answered(
        fake_api, sqlite_url) -> None:
    n = int(os.environ.get("CRAFTBOT_FUZZ_UPDATES", "1500"))
    async with running_bot(fake_api, sqlite_url, admin_ids="70000"):
        result = await run_fuzz(fake_api, n)
        after = fake_api.user(79_999, language_code="en")
        assert await after.send_and_wait("/start"), "the bot stopped answering"
    print(f"\nfuzz: {result.updates} updates, {result.tracebacks} tracebacks, "
          f"{result.private_messages} private messages, {result.unanswered} unanswered; "
          f"kinds {dict(sorted(result.kinds.items()))}")
    assert result.updates == n and len(result.kinds) >= 20, result.kinds
    assert result.tracebacks == 0, result.errors
    assert result.unanswered == 0
