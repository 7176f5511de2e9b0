"""Issue 4: dialog state lives in the database, so a killed process loses nothing and
two processes can share one user's dialog."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.harness import REPO, BotProcess
from tests.e2e.scripted import Tap, walk
from tests.fakebot import FakeBotAPI

pytestmark = pytest.mark.slow  # `craftbot run` / `make run` subprocesses

ET = "🏅 Check: Excellent Technician plan"
SENIOR = "Level 1 – senior technician (高级技师)"


@asynccontextmanager
async def two_bots(db_url: str, tmp_path: Path, user_id: int
                   ) -> AsyncIterator[tuple[Any, Any, FakeBotAPI, FakeBotAPI, list[str]]]:
    """Two `craftbot run` processes on one database, each polling its own Bot API server;
    yields the same user as seen by each server. Their logs land in the last item."""
    logs: list[str] = []
    async with FakeBotAPI() as api_a, FakeBotAPI() as api_b:
        a = BotProcess(api_a, db_url, tmp_path)
        b = BotProcess(api_b, db_url, tmp_path)
        try:
            await a.polling()
            await b.polling()
            yield (api_a.user(user_id, language_code="en"),
                   api_b.user(user_id, language_code="en"), api_a, api_b, logs)
        finally:
            logs.append((await a.stop()) + (await b.stop()))


async def test_killed_process_mid_dialog_is_continued_by_a_new_one(fake_api, db_url,
                                                                   tmp_path: Path) -> None:
    user = fake_api.user(3001, language_code="en")
    first = BotProcess(fake_api, db_url, tmp_path)
    try:
        await first.polling()
        await user.send_and_wait("/menu", timeout=15)
        await user.click_and_wait(ET, timeout=15)
        await user.click_and_wait(SENIOR, timeout=15)
        assert "date of birth" in fake_api.last_bot_message(3001).text
    finally:
        first.kill()  # SIGKILL between two answers: no chance to save anything
    second = BotProcess(fake_api, db_url, tmp_path)  # the first one is dead: polls are ours
    try:
        await second.polling()
        await user.send_and_wait("1975-06-15", timeout=15)
        assert "man or a woman" in fake_api.last_bot_message(3001).text
        result, asked = await walk(fake_api, user, {
            "man or a woman": Tap("Man"), "leading talents": Tap("Yes"),
            "taken part in the Excellent Technician plan before": Tap("I have never taken part"),
        })
    finally:
        out = await second.stop()
    assert "Eligible" in result and "¥20,000" in result, result
    assert "skill level" not in " ".join(asked)  # nothing was asked twice
    assert "Traceback" not in out, out


async def test_two_processes_take_alternate_updates_of_one_user(db_url, tmp_path: Path) -> None:
    """Each process polls its own Bot API server; the user's answers alternate between
    them. The dialog, kept only in the shared database, must come out whole."""
    async with two_bots(db_url, tmp_path, 4001) as (ua, ub, api_a, api_b, logs):
        await ua.send_and_wait("/menu", timeout=15)
        await ua.click_and_wait(ET, timeout=15)
        await ub.send_and_wait("/back", timeout=15)  # B sees A's dialog
        assert "skill level" in api_b.last_bot_message(4001).text
        await ub.click_and_wait(SENIOR, timeout=15)
        assert "date of birth" in api_b.last_bot_message(4001).text
        await ua.send_and_wait("1975-06-15", timeout=15)
        assert "man or a woman" in api_a.last_bot_message(4001).text
        await ub.send_and_wait("/back", timeout=15)
        assert "date of birth" in api_b.last_bot_message(4001).text
        await ub.send_and_wait("1975-06-15", timeout=15)
        await ub.click_and_wait("Man", timeout=15)
        await ua.send_and_wait("/back", timeout=15)  # A now asks what B asked next
        assert "man or a woman" in api_a.last_bot_message(4001).text
        await ua.click_and_wait("Man", timeout=15)
        await ub.send_and_wait("/back", timeout=15)
        await ub.click_and_wait("Man", timeout=15)
        result, _ = await walk(api_b, ub, {
            "leading talents": Tap("Yes"),
            "taken part in the Excellent Technician plan before":
                Tap("I have never taken part")})
    out = logs[0]
    assert "Eligible" in result and "1975" not in result.split("\n")[0], result
    assert "Traceback" not in out, out


async def test_concurrent_burst_from_two_processes_never_corrupts_state(db_url,
                                                                       tmp_path: Path) -> None:
    """Both processes get a burst of /back and answers for the same user at once; the
    optimistic version check makes one of them retry instead of overwriting."""
    async with two_bots(db_url, tmp_path, 5001) as (ua, ub, api_a, api_b, logs):
        await ua.send_and_wait("/menu", timeout=15)
        await ua.click_and_wait(ET, timeout=15)
        for _ in range(10):
            await asyncio.gather(ua.send("/back"), ub.send("/back"))
        await ua.send_and_wait("/back", timeout=20)
        await ub.send_and_wait("/back", timeout=20)
    out = logs[0]
    errors = [c for api in (api_a, api_b) for c in api.calls_of("sendMessage")
              if "went wrong" in str(c.params.get("text", ""))]
    assert not errors, [c.params for c in errors]
    assert "Traceback" not in out, out
    print(f"\nconcurrent writers retried {out.count('changed concurrently')} times")


@pytest.mark.parametrize("lang", ["1", "2"])
def test_make_run_without_token_walks_a_check_in_the_terminal(tmp_path: Path, lang: str) -> None:
    """`printf ... | make run` with no token: the terminal chat on SQLite."""
    import subprocess

    # 1/2 language, worker, consent, check excellent technician, senior technician,
    # birth date, man, leading talent yes, never took part
    script = f"#{lang}\n#1\n#1\n#1\n#6\n1975-06-15\n#1\n#1\n#1\n"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DATABASE_"))}
    env["DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp_path}/t.db"
    proc = subprocess.run(["make", "-s", "run", f"PYTHON={sys.executable}"], cwd=REPO,
                          input=script, capture_output=True, text=True, timeout=300, env=env)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr
    if lang == "2":
        assert "Eligible" in proc.stdout and "¥20,000" in proc.stdout, proc.stdout[-3000:]
    else:
        assert "符合条件" in proc.stdout and "2万元" in proc.stdout, proc.stdout[-3000:]
    assert ("Art. 2)" if lang == "2" else "第二条") in proc.stdout
