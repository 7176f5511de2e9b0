"""Real headless Chromium (Debian's) driven by Playwright, for the web chat tests.

Playwright's own browser download cannot work here, so the system Chromium is launched.
Outside CI a machine without it skips the browser tests with the reason; under CI=true
its absence fails them (`.ci/run` installs it).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("CRAFTBOT_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


def require_chromium() -> None:
    missing = not (Path(CHROMIUM).exists() and shutil.which(CHROMIUM))
    try:
        import playwright  # noqa: F401
    except ImportError:
        missing = True
    if missing:
        reason = (f"Chromium ({CHROMIUM}) or the playwright package is missing; install with "
                  "apt-get install chromium fonts-noto-cjk (as .ci/run does)")
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)


class ChatPage:
    """The chat page in a browser tab; every action waits for the turn it causes to be
    shown (the page counts shown turns in #log[data-turns])."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.turns = 0

    async def open(self, url: str) -> None:
        await self.page.goto(url)
        await self.wait_turn()  # the page sends /start by itself

    async def wait_turn(self) -> None:
        self.turns += 1
        await self.page.wait_for_selector(f'#log[data-turns="{self.turns}"]', state="attached")

    async def press(self, label: str) -> None:
        """The last bot message's button whose label contains `label`."""
        last = self.page.locator(".msg.bot").filter(has=self.page.locator("button[data-data]"))
        button = last.last.locator("button[data-data]", has_text=label)
        await button.first.click()
        await self.wait_turn()

    async def type(self, text: str) -> None:
        box = self.page.get_by_label(_LABELS)
        await box.fill(text)
        await box.press("Enter")
        await self.wait_turn()

    async def walk(self, script: dict[str, str | tuple[str]], max_steps: int = 15) -> str:
        """Answer each question by the script (fragment of the question -> text to type,
        or (label,) to press) until a message without a matching question; returns it."""
        for _ in range(max_steps):
            text = await self.question_text()
            found = [(text.rfind(f), f) for f in script if f in text]
            fragment = max(found)[1] if found else None
            if fragment is None:
                return await self.last_text()
            answer = script[fragment]
            if isinstance(answer, tuple):
                await self.press(answer[0])
            else:
                await self.type(answer)
        raise AssertionError("no result after the script: " + await self.all_text())

    async def question_text(self) -> str:
        """The last bot message's text if it is a dialog question (answer or navigation
        buttons, whose data start with a: or n:), else ""."""
        last = self.page.locator(".msg.bot").last
        if await last.locator('button[data-data^="a:"], button[data-data^="n:"]').count() == 0:
            return ""
        return await last.locator(".text").inner_text()

    async def last_text(self) -> str:
        return await self.page.locator(".msg.bot").last.inner_text()

    async def all_text(self) -> str:
        return await self.page.locator("#log").inner_text()

    async def labels(self) -> list[str]:
        last = self.page.locator(".msg.bot").filter(has=self.page.locator("button[data-data]"))
        return await last.last.locator("button[data-data]").all_inner_texts()


_LABELS = __import__("re").compile("您的回答或问题|Your answer or question")
