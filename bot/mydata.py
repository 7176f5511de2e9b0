"""What the bot stores about a user, in words (for /mydata on every channel)."""

from __future__ import annotations

import html

from bot.dialogs.onboarding import ROLES
from bot.i18n import Translator
from storage.models import User

LANGUAGE_NAMES = {"zh_CN": "中文", "en": "English"}


def mydata_text(user: User, t: Translator) -> str:
    unset = t._("not chosen")
    role = next((t._(o.label) for o in ROLES if o.value == user.role), unset)
    language = LANGUAGE_NAMES.get(user.locale or "", unset)
    lines = [t._("<b>What I store about you</b>"),
             t._("Language: {value}", value=html.escape(language)),
             t._("Role: {value}", value=html.escape(role))]
    if user.consent_at is None:
        lines.append(t._("Consent to keep personal facts: not given. "
                         "I keep no birth date, skill level or employer."))
    else:
        lines.append(t._("Consent given on {date}.", date=t.date(user.consent_at.date())))
        if user.profile:
            for key, value in sorted(user.profile.items()):
                lines.append(f"• {html.escape(str(key))}: {html.escape(str(value))}")
        else:
            lines.append(t._("No personal facts saved yet."))
    lines.append(t._("Use /forget to delete it."))
    return "\n".join(lines)
