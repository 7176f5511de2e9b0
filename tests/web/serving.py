"""`craftbot serve` in a child process, for the tests that need the real command: it
reports its address on its log line "serving on http://HOST:PORT", which we wait for."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SERVING = re.compile(r"serving on (http://[\d.]+:\d+)")


class ServeProcess:
    def __init__(self, cwd: Path, env: dict[str, str], *args: str) -> None:
        full = {k: v for k, v in os.environ.items()
                if not k.startswith(("TELEGRAM_", "DATABASE_URL", "BOT_MODE", "PUBLIC_URL",
                                     "WEB_", "REDIS_URL", "ADMIN_IDS"))}
        full.update({"PYTHONUNBUFFERED": "1", "LOG_LEVEL": "INFO"})
        full.update(env)
        self.lines: list[str] = []
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "serve", "--port", "0", *args], cwd=cwd,
            env=full, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True)
        self.url = ""

    def _read_until_serving(self) -> str:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.append(line)
            m = SERVING.search(line)
            if m:
                return m.group(1)
        raise AssertionError("craftbot serve exited before serving:\n" + "".join(self.lines))

    async def started(self) -> str:
        self.url = await asyncio.wait_for(asyncio.to_thread(self._read_until_serving), 60)
        return self.url

    async def stop(self) -> tuple[int, str]:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        out, _ = await asyncio.to_thread(self.proc.communicate, None, 60)
        self.lines.append(out or "")
        return self.proc.returncode, "".join(self.lines)
