"""/mydata in plain words: what the bot keeps about the user, item by item in their
language (labels, not codes; formatted dates), each with a button to change it and, where
that makes sense, one to delete it. Pure: the storage side (effects.py) hands in a
snapshot of the user's row and their reminders.

Buttons: `pf:e:<item>` opens the edit step of one item, `pf:d:<item>` deletes one saved
fact (bot/dialogs/account/edit.py); a reminder's are the reminders feature's own
(`rmd:list`, `rmd:cancel:<id>`); the language's is the language menu (`menu:lang`).
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.dialogs.account.facts import ITEMS, item_name, value_text
from bot.dialogs.account.onboarding import ROLES
from bot.dialogs.engine.types import N_, Button, Env, Reply

PREFIX = "pf:"
EDIT, DELETE = PREFIX + "e:", PREFIX + "d:"
LANGUAGE_NAMES = {"zh_CN": "中文", "en": "English"}
TITLE = N_("<b>What I store about you</b>")
NO_CONSENT = N_("Consent to keep personal facts: not given. I keep no birth date, sex, "
                "skill level or employer.")
CONSENT_ON = N_("Consent to keep personal facts: given on {date}.")
NO_FACTS = N_("No personal facts saved yet.")
FACTS_HEAD = N_("<b>Saved for your checks</b>")
REMINDERS_HEAD = N_("<b>Your reminders</b>")
NO_REMINDERS = N_("No reminders.")
FORGET_HINT = N_("Use /forget to delete everything.")
PAUSED = N_("An unfinished conversation (its answers) is kept until {when} so that you can "
            "continue it.")
PAUSED_ITEM = "paused"


@dataclass(frozen=True)
class Snapshot:
    """What /mydata shows: the user's row and their active reminders (id, line)."""

    locale: str | None
    role: str | None
    consent_at: dt.datetime | None
    profile: Mapping[str, Any] = field(default_factory=dict)
    reminders: Sequence[tuple[int, str]] = ()
    more: Sequence[str] = ()
    # An expired dialog kept to be continued (bot/dialogs/account/resume.py): until when.
    paused_until: dt.datetime | None = None


def role_label(role: str | None, env: Env) -> str:
    return next((env.t._(o.label) for o in ROLES if o.value == role), env.t._("not chosen"))


def _edit(label: str, data: str, env: Env) -> Button:
    return Button(env.t._("✏️ {item}", item=label), data)


def _delete(label: str, data: str, env: Env) -> Button:
    return Button(env.t._("🗑 {item}", item=label), data)


def saved_items(profile: Mapping[str, Any]) -> list[str]:
    """The saved facts /mydata lists, in the order of ITEMS (unknown keys last)."""
    known = [k for k in ITEMS if k in profile]
    return known + sorted(k for k in profile if k not in ITEMS)


def mydata_reply(snap: Snapshot, env: Env, note: str | None = None) -> Reply:
    t = env.t
    colon = "：" if t.is_zh else ": "
    lines = [html.escape(note)] if note else []
    lines.append(t._(TITLE))
    rows: list[list[Button]] = []
    language = LANGUAGE_NAMES.get(snap.locale or "", t._("not chosen"))
    lines.append(t._("Language: {value}", value=html.escape(language)))
    role = role_label(snap.role, env)
    lines.append(t._("Role: {value}", value=html.escape(role)))
    rows.append([_edit(t._("Language"), "menu:lang", env),
                 _edit(t._("Role"), EDIT + "role", env)])
    if snap.consent_at is None:
        lines.append(t._(NO_CONSENT))
        rows.append([Button(t._("✅ Allow keeping my facts"), EDIT + "consent")])
    else:
        lines.append(t._(CONSENT_ON, date=t.date(snap.consent_at.date())))
        rows.append([Button(t._("✏️ Withdraw consent"), EDIT + "consent")])
        lines += ["", t._(FACTS_HEAD)]
        items = saved_items(snap.profile)
        if not items:
            lines.append(t._(NO_FACTS))
        for key in items:
            name = item_name(key, env)
            shown = value_text(key, snap.profile[key], env)
            lines.append(f"• {html.escape(name)}{colon}{html.escape(shown)}")
            if key in ITEMS:
                rows.append([_edit(name, EDIT + key, env), _delete(name, DELETE + key, env)])
            else:
                rows.append([_delete(name, DELETE + key, env)])
    lines += ["", t._(REMINDERS_HEAD)]
    if not snap.reminders:
        lines.append(t._(NO_REMINDERS))
    for n, (rid, line) in enumerate(snap.reminders, start=1):
        lines.append(f"{n}. {line}")
        label = t._("reminder {n}", n=n)
        rows.append([_edit(label, "rmd:list", env), _delete(label, f"rmd:cancel:{rid}", env)])
    if snap.paused_until is not None:
        lines += ["", t._(PAUSED, when=t.datetime(snap.paused_until))]
        rows.append([_delete(t._("paused conversation"), DELETE + PAUSED_ITEM, env)])
    lines += [f"\n{part}" for part in snap.more]
    lines += ["", t._(FORGET_HINT)]
    return Reply("\n".join(lines), rows)
