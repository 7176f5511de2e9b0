"""Turn counts of main tasks, through the real conversation service on a fresh SQLite
database: how many things the user does (taps and typed lines) and how many messages the
bot posts anew versus shows in place (an edit of a message already there).

    .venv/bin/python benchmarks/turn_counts.py

Task: an officer (an administrator, so every city), from the main menu to the link of a
new employer survey (annex 3), in English. Run the same script on another revision to
compare (PYTHONPATH=<that tree> with this virtualenv).
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

from bot.config import load_settings
from bot.conversation import Conversation
from bot.dialogs.engine.types import Event
from bot.services import Services
from storage.migrate import upgrade

OFFICER_ID = 900


class Person:
    def __init__(self, services: Services) -> None:
        self.conv = Conversation(services)
        self.buttons: list = []
        self.actions = self.new_messages = self.in_place = 0
        self.last_text = ""

    async def send(self, event: Event, counted: bool = True) -> None:
        result = await self.conv.handle(OFFICER_ID, OFFICER_ID, "en", event)
        for reply in result.replies:
            shown_in_place = getattr(reply, "in_place", False) or reply.edit
            if counted:
                self.in_place += shown_in_place
                self.new_messages += not shown_in_place
            if reply.buttons:
                self.buttons = [b for row in reply.buttons for b in row]
        self.last_text = "\n".join(r.text for r in result.replies)
        self.actions += counted

    async def tap(self, label: str, counted: bool = True) -> None:
        found = [b for b in self.buttons if label in b.label]
        assert len(found) == 1, (label, [b.label for b in self.buttons])
        await self.send(Event.press(found[0].data), counted)

    async def say(self, text: str, counted: bool = True) -> None:
        if text.startswith("/"):
            name, _, args = text.partition(" ")
            await self.send(Event.cmd(name, args), counted)
        else:
            await self.send(Event.message(text), counted)


async def officer_to_campaign_link(services: Services) -> Person:
    me = Person(services)
    await me.say("/start", counted=False)  # set up first
    for label in ("English", "Government officer", "No thanks"):
        await me.tap(label, counted=False)
    await me.say("/menu", counted=False)  # the main menu is on the screen: count from here
    await me.tap("Surveys and scoring")
    await me.tap("New employer survey")
    if any(b.label == "Suzhou" for b in me.buttons):
        await me.tap("Suzhou")
    await me.say("2026 employer survey")
    await me.tap("Today")
    await me.tap("In a week")
    await me.tap("Create the survey")
    assert "start sv_" in me.last_text or "start=sv_" in me.last_text, me.last_text
    return me


async def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite+aiosqlite:///{Path(folder) / 'turns.db'}"
        await asyncio.to_thread(upgrade, url)
        services = Services.create(load_settings(database_url=url, admin_ids=str(OFFICER_ID),
                                                 _env_file=None))
        try:
            me = await officer_to_campaign_link(services)
        finally:
            await services.close()
    import bot

    print(f"code: {Path(bot.__file__).resolve().parent.parent}")
    print("task: officer, main menu -> link of a new employer survey (English)")
    print(f"user actions (taps + typed lines): {me.actions}")
    print(f"bot messages posted anew: {me.new_messages}; shown in place (edits): "
          f"{me.in_place}")
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
