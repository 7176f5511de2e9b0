"""The button under a result that says "not yet" until a date: `rem:<date>:<programme>`.
Built by the checks' result (bot/dialogs/checks/result.py), read by the reminders route."""

from __future__ import annotations

import datetime as dt

PREFIX = "rem:"
MAX_BYTES = 64  # Telegram's callback_data limit


def reminder_data(day: dt.date, program: str) -> str | None:
    """The button data, or None when the programme id makes it too long."""
    data = f"{PREFIX}{day.isoformat()}:{program}"
    return data if len(data.encode("utf-8")) <= MAX_BYTES else None


def parse_reminder(data: str) -> tuple[dt.date, str] | None:
    parts = data.split(":", 2)
    if len(parts) != 3 or parts[0] + ":" != PREFIX or not parts[2]:
        return None
    try:
        return dt.date.fromisoformat(parts[1]), parts[2]
    except ValueError:
        return None
