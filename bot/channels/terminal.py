"""Terminal chat: the same dialogs as Telegram, in a shell.

Buttons are shown as numbered options; type the number to press one, or type an answer,
a question or a /command. Standard input may be a pipe (`printf '...' | craftbot chat`).
"""

from __future__ import annotations

import datetime as dt
import html
import re
import sys
from typing import TextIO

import bot.features  # noqa: F401  (registers feature hooks: surveys ...)
import bot.reminders.chat as reminders_chat
from bot.conversation import Conversation, TurnResult
from bot.dialogs import menu, reminders_flow
from bot.dialogs.types import Button, Event, Reply
from bot.i18n import get_translator, resolve_locale
from bot.mydata import mydata_text
from bot.services import Services
from storage.repos import UserRepo

TERMINAL_USER_ID = 1  # the one local user of the terminal channel
_TAG = re.compile(r"<[^>]+>")


def plain(text: str) -> str:
    """HTML message -> terminal text."""
    text = re.sub(r"<br\s*/?>", "\n", text)
    return html.unescape(_TAG.sub("", text))


class TerminalChat:
    def __init__(self, services: Services, out: TextIO = sys.stdout,
                 language_code: str | None = None) -> None:
        self.conv = Conversation(services)
        self.out = out
        self.language_code = language_code
        self.buttons: list[Button] = []
        self.question_id = 0

    def show(self, result: TurnResult) -> None:
        for reply in result.replies:
            self.question_id += 1
            print("", file=self.out)
            if reply.kind != "text":
                print(f"[{reply.kind}: {reply.filename or ''}]", file=self.out)
            print(plain(reply.text), file=self.out)
            flat = [b for row in reply.buttons for b in row]
            if flat:
                self.buttons = flat
                for i, b in enumerate(flat, 1):
                    print(f"  {i}. {plain(b.label)}", file=self.out)
        self.out.flush()

    def to_event(self, line: str) -> tuple[Event, str | None]:
        text = line.strip()
        if text.startswith("/"):
            name, _, args = text.partition(" ")
            return Event.cmd(name, args), (args.strip() or None) if name == "/start" else None
        if text.isdigit() and self.buttons and 1 <= int(text) <= len(self.buttons):
            return Event.press(self.buttons[int(text) - 1].data, self.question_id), None
        return Event.message(text), None

    async def local(self, event: Event) -> bool:
        """Commands and buttons that live outside the dialog engine (as on Telegram)."""
        if event.kind == "command" and event.name == "remind":
            self.show(await self.conv.start(TERMINAL_USER_ID, TERMINAL_USER_ID,
                                            self.language_code, reminders_flow.FLOW_ID))
            return True
        if not ((event.kind == "command" and event.name in ("mydata", "reminders"))
                or (event.kind == "button" and event.data.startswith("rmd:"))):
            return False
        services = self.conv.services
        tz = services.settings.tz
        async with services.transaction() as session:
            user = await UserRepo(session).get_or_create(TERMINAL_USER_ID)
            t = get_translator(resolve_locale(user.locale, self.language_code,
                                              services.settings.default_locale))
            if event.kind == "button":
                pressed = await reminders_chat.press(session, user.id, event.data, t, tz,
                                                     dt.datetime.now(tz))
                replies = [Reply(pressed.toast)] if pressed.toast else []
                replies += [pressed.reply] if pressed.reply else []
            elif event.name == "reminders":
                replies = [await reminders_chat.list_reply(session, user.id, t, tz)]
            else:
                replies = [Reply(mydata_text(user, t))]
        self.show(TurnResult(replies, None, t, user.id))
        return True

    async def send(self, line: str) -> TurnResult | None:
        event, payload = self.to_event(line)
        if await self.local(event):
            return None
        result = await self.conv.handle(TERMINAL_USER_ID, TERMINAL_USER_ID,
                                        self.language_code, event, payload=payload)
        if result.state is not None:
            result.state.message_id = None  # nothing to edit in a terminal
        self.show(result)
        if not result.handled:
            print(result.t._(menu.NOT_UNDERSTOOD), file=self.out)
        return result

    async def run(self, stdin: TextIO = sys.stdin) -> int:
        print("CraftBot — terminal chat. Type a number to press a button, /help for help, "
              "Ctrl-D to quit.", file=self.out)
        await self.send("/start")
        interactive = stdin.isatty()
        while True:
            if interactive:
                print("> ", end="", file=self.out, flush=True)
            line = stdin.readline()
            if not line:
                break
            if not line.strip():
                continue
            if not interactive:
                print(f"> {line.rstrip()}", file=self.out)
            await self.send(line)
        print("", file=self.out)
        return 0
