"""A package built from the repository (a clean `git archive`, so no compiled catalog
lies around) and installed without `make` still answers a Chinese user in Chinese."""

from __future__ import annotations

import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from tests.e2e.harness import REPO, TOKEN

pytestmark = pytest.mark.slow


def build_and_install(tmp: Path) -> Path:
    src, wheels, target = tmp / "src", tmp / "wheels", tmp / "site"
    src.mkdir()
    archive = tmp / "repo.tar"
    subprocess.run(["git", "archive", "--format=tar", "-o", str(archive), "HEAD"], cwd=REPO,
                   check=True)
    with tarfile.open(archive) as tar:
        tar.extractall(src, filter="data")
    assert not list(src.rglob("*.mo")), "the archive should hold no compiled catalog"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "-q", "-w", str(wheels), str(src)], check=True, capture_output=True)
    (wheel,) = wheels.glob("craftbot-*.whl")
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target",
                    str(target), str(wheel)], check=True, capture_output=True)
    return target


async def test_an_installed_wheel_answers_in_chinese(fake_api, tmp_path: Path) -> None:
    import asyncio
    import os

    site = await asyncio.to_thread(build_and_install, tmp_path)
    assert list(site.glob("bot/locales/zh_CN/LC_MESSAGES/messages.po"))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DATABASE_"))}
    env.update({"PYTHONPATH": str(site), "TELEGRAM_BOT_TOKEN": TOKEN,
                "TELEGRAM_API_BASE_URL": fake_api.base_url,
                "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/pkg.db"})
    code = ("import bot, sys; assert bot.__file__.startswith(sys.argv[1]), bot.__file__; "
            "from bot.cli import main; sys.exit(main(['run']))")
    proc = subprocess.Popen([sys.executable, "-c", code, str(site)], cwd=tmp_path, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        await fake_api.wait_for(lambda: fake_api.polls_arrived, timeout=60,
                                what="the installed bot to start polling")  # its first poll
        user = fake_api.user(711, language_code="zh-hans")
        await user.send("/start")
        await fake_api.wait_for(lambda: fake_api.calls_of("sendMessage", chat_id=711),
                                timeout=20, what="an answer to /start")
    finally:
        proc.terminate()
        out = proc.communicate(timeout=20)[0].decode(errors="replace")
    text = fake_api.calls_of("sendMessage", chat_id=711)[0].params["text"]
    assert "请选择语言" in text, (text, out[-2000:])
    assert "error while handling update" not in out, out[-3000:]
