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


def _clean(tmp_path: Path, **env: str) -> dict[str, str]:
    """A `craftbot run` environment with no survey or cookie secret of the caller's."""
    base = {"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/c.db"}
    base.update(env)
    return base


GOOD = {"SURVEY_SECRET": "k3-a-long-random-survey-secret", "WEB_COOKIE_SECRET":
        "k3-a-long-random-cookie-secret"}
GOOD_COOKIE = {"WEB_COOKIE_SECRET": GOOD["WEB_COOKIE_SECRET"]}


@pytest.mark.parametrize(("env", "setting"), [
    ({}, "SURVEY_SECRET"),
    ({"SURVEY_SECRET": "craftbot-development-survey-secret"}, "SURVEY_SECRET"),
    ({"SURVEY_SECRET": ""}, "SURVEY_SECRET"),
    ({"SURVEY_SECRET": "short"}, "SURVEY_SECRET"),
    ({"SURVEY_SECRET": GOOD["SURVEY_SECRET"]}, "WEB_COOKIE_SECRET"),
    ({"SURVEY_SECRET": GOOD["SURVEY_SECRET"],
      "WEB_COOKIE_SECRET": "craftbot-development-cookie-secret"}, "WEB_COOKIE_SECRET"),
    ({"SURVEY_SECRET": "craftbot-development-survey-secret", **GOOD_COOKIE},
     "SURVEY_SECRET"),
])
@pytest.mark.parametrize("command", [["run"]])
def test_production_refuses_default_secrets(env: dict[str, str], setting: str,
                                            command: list[str], tmp_path: Path) -> None:
    proc = run_clean(command, tmp_path, CRAFTBOT_ENV="production",
                     TELEGRAM_BOT_TOKEN="123456:TEST", **env)
    assert proc.returncode == 2, proc.stderr
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith(f"craftbot: {setting}:"), lines[0]
    assert "CRAFTBOT_ENV=production" in lines[0]
    assert "Traceback" not in proc.stderr + proc.stdout


def run_clean(args: list[str], tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items()
            if not k.startswith(("TELEGRAM_", "DATABASE_URL", "BOT_MODE", "ADMIN_IDS",
                                 "SURVEY_SECRET", "WEB_COOKIE_SECRET", "CRAFTBOT_ENV"))}
    base.update(_clean(tmp_path, **env))
    return subprocess.run(CRAFTBOT + args, capture_output=True, text=True, timeout=60,
                          cwd=tmp_path, env=base, stdin=subprocess.DEVNULL)


@pytest.mark.parametrize("env", [{}, {"CRAFTBOT_ENV": "development"},
                                 {"CRAFTBOT_ENV": "production", **GOOD}])
def test_development_defaults_and_production_secrets_start(env: dict[str, str],
                                                           tmp_path: Path) -> None:
    """Without a token `craftbot run` is the terminal chat: it starts, reads the end of
    stdin and stops cleanly; in development the default secrets are accepted."""
    proc = run_clean(["run"], tmp_path, **env)
    assert proc.returncode == 0, proc.stderr
    assert "terminal chat" in proc.stderr
    assert "SURVEY_SECRET" not in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.parametrize("command", [["serve"], ["worker"], ["chat"]])
def test_every_long_running_command_refuses(command: list[str], tmp_path: Path) -> None:
    proc = run_clean(command, tmp_path, CRAFTBOT_ENV="production",
                     TELEGRAM_BOT_TOKEN="123456:TEST", **GOOD_COOKIE)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.startswith("craftbot: SURVEY_SECRET:"), proc.stderr
    assert "Traceback" not in proc.stderr


def test_unknown_environment_is_refused(tmp_path: Path) -> None:
    proc = run_clean(["run"], tmp_path, CRAFTBOT_ENV="staging")
    assert proc.returncode == 2 and proc.stderr.startswith("craftbot: CRAFTBOT_ENV:")
