"""Taps from the main menu to a set reminder for each policy deadline, as a person would.

    .venv/bin/python benchmarks/deadline_turns.py

Runs the real conversation service on a fresh SQLite database (migrated), with the clock
fixed on 1 December 2026 10:00 in Asia/Shanghai. An English-speaking worker onboards
(not counted), opens /menu, then taps what a person looking for the reminder would tap:
"More services" when the deadlines are not on the main menu, "📅 Policy deadlines", the
event's "⏰ Remind me", "Today" where the period's start is asked, and the first button
that sets the reminder ("✅ Set the reminder", or the first lead). It stops when the
reminder is in the database and prints the taps, or says the deadline cannot be set.
Works on any revision that has these screens, so the same script gives before and after.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import sys
import tempfile
import zoneinfo
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select  # noqa: E402

from bot.config import load_settings  # noqa: E402
from bot.conversation import Conversation  # noqa: E402
from bot.dialogs.engine.types import Button, Event  # noqa: E402
from bot.services import Services  # noqa: E402
from knowledge.calendars import all_events  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from storage.models import Reminder  # noqa: E402

NOW = dt.datetime(2026, 12, 1, 10, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))
MAX_TAPS = 12


class Person:
    def __init__(self, services: Services, uid: int) -> None:
        self.conv = Conversation(services, clock=lambda: NOW)
        self.uid = uid
        self.buttons: list[Button] = []

    async def send(self, event: Event) -> None:
        result = await self.conv.handle(self.uid, self.uid, "en", event)
        for reply in result.replies:
            if reply.buttons:
                self.buttons = [b for row in reply.buttons for b in row]

    def find(self, *parts: str) -> Button | None:
        for part in parts:
            for b in self.buttons:
                if part in b.label:
                    return b
        return None


async def reminders(services: Services) -> int:
    async with services.sessions() as s:
        return int((await s.execute(select(func.count()).select_from(Reminder))).scalar_one())


async def taps_to_reminder(services: Services, uid: int, title: str) -> int | None:
    person = Person(services, uid)
    await person.send(Event.cmd("/start", ""))
    for label in ("English", "Skilled worker", "No thanks"):
        b = person.find(label)
        assert b is not None, label
        await person.send(Event.press(b.data))
    await person.send(Event.cmd("/menu", ""))
    before = await reminders(services)
    for taps in range(1, MAX_TAPS + 1):
        b = (person.find(f"Remind me: {title}") or person.find("📅 Policy deadlines")
             or person.find("Today") or person.find("✅ Set", "⏰ ")
             or person.find("More services"))
        if b is None:
            return None
        await person.send(Event.press(b.data))
        if await reminders(services) > before:
            return taps
    return None


async def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite+aiosqlite:///{tmp}/turns.db"
        await asyncio.to_thread(upgrade, url)
        services = Services.create(load_settings(database_url=url, _env_file=None))
        try:
            print(f"clock {NOW.isoformat()}; English worker; taps counted from /menu")
            for uid, event in enumerate(all_events().values(), start=1):
                taps = await taps_to_reminder(services, uid, event.title_en)
                shown = "cannot be set" if taps is None else f"{taps} taps"
                print(f"{event.id}: {shown}")
        finally:
            await services.close()


if __name__ == "__main__":
    asyncio.run(main())
