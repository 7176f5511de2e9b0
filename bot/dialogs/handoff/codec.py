"""Button data of the handoff feature (prefix `hf:`), read by its Route. Pure.

    hf:new               ask an officer (main menu)
    hf:p:<programme>     ask an officer about a check whose result is not certain
    hf:in                the officer's queue
    hf:st | hf:xl        statistics | their XLSX export (administrators)
    hf:fq                published FAQ entries, those to review first (officers)
    hf:<act>:<n>         ticket n: t view, a answer, b ask back, r reassign, x close?,
                         xx close (confirmed), f publish as FAQ, re reply (the asker)
    hf:wd:<n>            withdraw FAQ entry n
Every datum fits Telegram's 64 bytes (checked by `Button`); a datum that does not parse
is refused, and the rights behind a parsed one are checked again from storage.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.dialogs.engine.types import MAX_BUTTON_DATA

PREFIX = "hf:"
PLAIN = ("new", "in", "st", "xl", "fq")
TICKET_ACTS = ("t", "a", "b", "r", "x", "xx", "f", "re")
MAX_ID = 10**9


@dataclass(frozen=True)
class Press:
    act: str
    ticket: int | None = None
    program: str | None = None


def plain(act: str) -> str:
    assert act in PLAIN
    return PREFIX + act


def ticket_data(act: str, ticket: int) -> str:
    assert act in TICKET_ACTS or act == "wd"
    return f"{PREFIX}{act}:{ticket}"


def program_data(program: str) -> str | None:
    data = f"{PREFIX}p:{program}"
    return data if len(data.encode("utf-8")) <= MAX_BUTTON_DATA else None


def decode(data: str) -> Press | None:
    if not data.startswith(PREFIX):
        return None
    parts = data[len(PREFIX):].split(":")
    if len(parts) == 1 and parts[0] in PLAIN:
        return Press(parts[0])
    if len(parts) != 2 or not parts[1]:
        return None
    act, arg = parts
    if act == "p":
        ok = all(c.isalnum() or c in "._" for c in arg)
        return Press("p", program=arg) if ok else None
    if (act in TICKET_ACTS or act == "wd") and arg.isdigit() and 0 < int(arg) < MAX_ID:
        return Press(act, ticket=int(arg))
    return None
