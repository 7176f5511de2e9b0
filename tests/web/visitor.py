"""A web visitor over plain HTTP: loads the page (cookie, CSRF token), sends events,
presses buttons by label."""

from __future__ import annotations

import re
from typing import Any

from aiohttp import ClientSession

CSRF = re.compile(r'<meta name="csrf-token" content="([^"]+)">')


class Visitor:
    def __init__(self, http: Any, base: str = "") -> None:
        self.http, self.base = http, base  # a TestClient (base "") or a ClientSession
        self.csrf = ""
        self.replies: list[dict[str, Any]] = []
        self.last: dict[str, Any] = {}

    async def open(self, query: str = "") -> str:
        async with self.http.get(f"{self.base}/{query}") as resp:
            page = await resp.text()
        m = CSRF.search(page)
        assert m, page[:500]
        self.csrf = m.group(1)
        return page

    async def send(self, event: dict[str, Any], status: int = 200,
                   headers: dict[str, str] | None = None) -> dict[str, Any]:
        hdrs = {"X-CSRF-Token": self.csrf, **(headers or {})}
        async with self.http.post(f"{self.base}/chat/event", json=event, headers=hdrs) as resp:
            body = await resp.json()
            assert resp.status == status, (resp.status, body)
        if status == 200:
            self.last = body
            self.replies.extend(body["replies"])
        return body

    async def say(self, text: str) -> dict[str, Any]:
        return await self.send({"type": "text", "text": text})

    async def cmd(self, name: str, args: str = "") -> dict[str, Any]:
        return await self.send({"type": "command", "name": name, "args": args})

    def buttons(self) -> list[dict[str, str]]:
        for reply in reversed(self.last.get("replies", [])):
            if reply["buttons"]:
                return [b for row in reply["buttons"] for b in row]
        return []

    async def press(self, label: str) -> dict[str, Any]:
        found = [b for b in self.buttons() if label in b["label"]]
        assert len(found) == 1, (label, [b["label"] for b in self.buttons()])
        return await self.send({"type": "button", "data": found[0]["data"]})

    @property
    def text(self) -> str:
        return "\n".join(r["html"] for r in self.last.get("replies", []))


async def session() -> ClientSession:
    return ClientSession()
