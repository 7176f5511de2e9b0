"""`craftbot` start-up errors: one clear line naming the setting, exit status 2."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # `craftbot` subprocesses

CRAFTBOT = [sys.executable, "-m", "bot.cli"]


def run(args: list[str], tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items()
            if not k.startswith(("TELEGRAM_", "DATABASE_URL", "BOT_MODE", "ADMIN_IDS"))}
    base.update(env)
    return subprocess.run(CRAFTBOT + args, capture_output=True, text=True, timeout=60,
                          cwd=tmp_path, env=base, stdin=subprocess.DEVNULL)


@pytest.mark.parametrize(("env", "setting"), [
    ({"TELEGRAM_BOT_TOKEN": "not-a-token"}, "TELEGRAM_BOT_TOKEN"),
    ({"TELEGRAM_BOT_TOKEN": "123456:TEST", "DATABASE_URL": "mysql://x/y"}, "DATABASE_URL"),
    ({"TELEGRAM_BOT_TOKEN": "123456:TEST",
      "DATABASE_URL": "postgresql+asyncpg://nobody@127.0.0.1:9/none"}, "DATABASE_URL"),
    ({"TELEGRAM_BOT_TOKEN": "123456:TEST", "BOT_MODE": "carrier-pigeon"}, "BOT_MODE"),
    ({"TELEGRAM_BOT_TOKEN": "123456:TEST", "BOT_MODE": "webhook",
      "PUBLIC_URL": "https://bot.example.cn"}, "TELEGRAM_WEBHOOK_SECRET"),
    ({"TELEGRAM_BOT_TOKEN": "123456:TEST", "BOT_MODE": "webhook",
      "TELEGRAM_WEBHOOK_SECRET": "no spaces allowed"}, "TELEGRAM_WEBHOOK_SECRET"),
    ({"TELEGRAM_BOT_TOKEN": "123456:TEST", "BOT_MODE": "webhook",
      "TELEGRAM_WEBHOOK_SECRET": "x" * 257}, "TELEGRAM_WEBHOOK_SECRET"),
    ({"TELEGRAM_BOT_TOKEN": "123456:TEST", "BOT_MODE": "webhook",
      "TELEGRAM_WEBHOOK_SECRET": "s3cr3t_-OK"}, "PUBLIC_URL"),
    ({"WEB_RATE_PER_IP": "lots"}, "WEB_RATE_PER_IP"),
    ({"REDIS_URL": "http://localhost"}, "REDIS_URL"),
    ({"TELEGRAM_BOT_TOKEN": "123456:TEST", "TIMEZONE": "Mars/Olympus"}, "TIMEZONE"),
    ({"TELEGRAM_BOT_TOKEN": "123456:TEST", "ADMIN_IDS": "12,abc"}, "ADMIN_IDS"),
    ({"TELEGRAM_BOT_TOKEN": "123456:TEST", "DEADLINE_REMINDER_LEADS": "3,soon"},
     "DEADLINE_REMINDER_LEADS"),
    ({"TELEGRAM_BOT_TOKEN": "123456:TEST", "DEADLINE_REMINDER_LEADS": "400"},
     "DEADLINE_REMINDER_LEADS"),
])
def test_bad_setting_is_one_line_exit_2(env: dict[str, str], setting: str,
                                        tmp_path: Path) -> None:
    proc = run(["run"], tmp_path, **env)
    assert proc.returncode == 2, proc.stderr
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, proc.stderr
    assert setting in lines[0]
    assert "Traceback" not in proc.stderr + proc.stdout


def test_db_upgrade_creates_sqlite_file(tmp_path: Path) -> None:
    proc = run(["db", "upgrade"], tmp_path,
               DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path}/sub/dir/c.db")
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "sub" / "dir" / "c.db").exists()


def test_unknown_subcommand_exit_2(tmp_path: Path) -> None:
    proc = run(["fly"], tmp_path)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
