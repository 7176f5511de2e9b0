"""The terminal channel: the same dialogs as Telegram, in a shell.

Thin like the Telegram channel: a line becomes an event for the conversation service,
replies become text. Buttons are listed as `#1`, `#2` ...: type `#2` to press the second
one. Anything else is sent as typed, so `2` answers "how many?" with 2. Standard input may
be a pipe (`printf '...' | craftbot chat`).
"""

from __future__ import annotations

import html
import re
import sys
from typing import TextIO

from bot.conversation import Conversation, TurnResult
from bot.dialogs.engine.types import Button, Event
from bot.services import Services

TERMINAL_USER_ID = 1  # the one local user of the terminal channel
_TAG = re.compile(r"<[^>]+>")
_PRESS = re.compile(r"^[#＃]\s*(\d+)$")


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
        self.message_id = 0

    def show(self, result: TurnResult) -> None:
        if result.toast:
            print(f"\n({plain(result.toast)})", file=self.out)
        if result.clear_buttons:
            self.buttons = []
        for reply in result.replies:
            self.message_id += 1
            print("", file=self.out)
            if reply.kind != "text":
                print(f"[{reply.kind}: {reply.filename or ''}]", file=self.out)
            print(plain(reply.text), file=self.out)
            flat = [b for row in reply.buttons for b in row]
            if flat:
                self.buttons = flat
                for i, b in enumerate(flat, 1):
                    print(f"  #{i} {plain(b.label)}", file=self.out)
        self.out.flush()

    def to_event(self, line: str) -> tuple[Event, str | None]:
        text = line.strip()
        if text.startswith("/"):
            name, _, args = text.partition(" ")
            return Event.cmd(name, args), (args.strip() or None) if name == "/start" else None
        pressed = _PRESS.match(text)
        if pressed and self.buttons and 1 <= int(pressed.group(1)) <= len(self.buttons):
            return Event.press(self.buttons[int(pressed.group(1)) - 1].data,
                               self.message_id), None
        return Event.message(text), None

    async def send(self, line: str) -> TurnResult:
        event, payload = self.to_event(line)
        result = await self.conv.handle(TERMINAL_USER_ID, TERMINAL_USER_ID,
                                        self.language_code, event, payload=payload,
                                        channel="terminal")
        if result.state is not None:
            result.state.message_id = None  # nothing to edit in a terminal
        self.show(result)
        return result

    async def run(self, stdin: TextIO = sys.stdin) -> int:
        print("CraftBot — terminal chat. Type #1, #2 ... to press a button, /help for help, "
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
