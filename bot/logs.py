"""Logging that keeps secrets and people's words out of the log, at every level.

- `Redact` masks bot tokens (also inside Bot API URLs) and the configured secrets in every
  record, whatever logger wrote it.
- Libraries that log request bodies or update contents at DEBUG (python-telegram-bot,
  httpx, httpcore, aiosqlite, asyncpg, sqlalchemy) are held at INFO or above: their debug
  output is made of what people typed.
- `Repeats` lets the same message (its template, from the same place) through at most
  `burst` times per `window` seconds and then says how many it held back, so one broken
  update or a dead network cannot flood the disk.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Iterable

TOKEN = re.compile(r"(?<!\d)\d{5,}:[A-Za-z0-9_-]{30,}")
MASK = "[redacted]"
CHATTY = ("telegram", "httpx", "httpcore", "aiosqlite", "asyncpg", "hpack",
          "aiohttp.access")


class Redact(logging.Filter):
    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self.secrets = [s for s in secrets if s and len(s) >= 8]

    def scrub(self, text: str) -> str:
        text = TOKEN.sub(MASK, text)
        for secret in self.secrets:
            text = text.replace(secret, MASK)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        clean = self.scrub(message)
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.scrub(record.exc_text)
        if clean != message:
            record.msg, record.args = clean, None
        return True


class Repeats(logging.Filter):
    def __init__(self, burst: int = 5, window: float = 60.0,
                 clock: callable = time.monotonic) -> None:  # type: ignore[valid-type]
        super().__init__()
        self.burst, self.window, self.clock = burst, window, clock
        self.seen: dict[tuple[str, int, object], list[float]] = {}
        self.held: dict[tuple[str, int, object], int] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        key = (record.pathname, record.lineno, record.msg)
        now = self.clock()
        times = [t for t in self.seen.get(key, []) if now - t < self.window]
        if len(times) >= self.burst:
            self.held[key] = self.held.get(key, 0) + 1
            self.seen[key] = times
            return False
        held = self.held.pop(key, 0)
        if held:
            record.msg = f"{record.getMessage()} (and {held} more like it held back)"
            record.args = None
        times.append(now)
        self.seen[key] = times
        if len(self.seen) > 10_000:  # bounded memory: forget the oldest templates
            self.seen.pop(next(iter(self.seen)))
        return True


def setup(level: str = "INFO", secrets: Iterable[str] = ()) -> None:
    """Configure the root logger once for a CraftBot process."""
    numeric = getattr(logging, level.upper(), logging.INFO)
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(Redact(secrets))
    handler.addFilter(Repeats())
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(numeric)
    for name in CHATTY:
        logging.getLogger(name).setLevel(max(numeric, logging.INFO))
    logging.getLogger("httpx").setLevel(max(numeric, logging.WARNING))
    logging.getLogger("alembic").setLevel(max(numeric, logging.WARNING))
    logging.getLogger("sqlalchemy").setLevel(max(numeric, logging.WARNING))
