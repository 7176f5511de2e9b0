"""Deep-link payloads, t.me links, QR codes and the respondents' keyed hash.

Payloads follow Telegram's rule for /start parameters (at most 64 characters of
A-Z a-z 0-9 _ -): `sv_<token>` for a survey campaign, `of_<token>` for an appointment,
where the token is 16 random bytes (22 URL-safe characters), so links cannot be guessed.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import re
import secrets
from typing import Any

import qrcode
from qrcode.constants import ERROR_CORRECT_M

from bot.dialogs.surveys.menu import CAMPAIGN_PREFIX, INVITE_PREFIX

TOKEN_BYTES = 16
_PAYLOAD = re.compile(r"^(sv_|of_)([A-Za-z0-9_-]{22})$")
_ALLOWED = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def campaign_payload(token: str) -> str:
    return CAMPAIGN_PREFIX + token


def invite_payload(token: str) -> str:
    return INVITE_PREFIX + token


def parse_payload(payload: str) -> tuple[str, str] | None:
    """("campaign" | "invite", token) for a well-formed payload, else None."""
    m = _PAYLOAD.match(payload or "")
    if m is None:
        return None
    return ("campaign" if m.group(1) == CAMPAIGN_PREFIX else "invite"), m.group(2)


def is_valid_start_parameter(payload: str) -> bool:
    return bool(_ALLOWED.match(payload))


def set_bot_username(services: Any, username: str | None) -> None:
    """Remember the bot's @username (from getMe at start-up) for t.me links."""
    services.bot_username = username


def bot_username(services: Any) -> str | None:
    return getattr(services, "bot_username", None)


def set_web_base(services: Any, url: str | None) -> None:
    """Remember where the web chat is (PUBLIC_URL, or the address `craftbot serve`
    listens on) for web links beside the t.me ones."""
    services.web_base = url.rstrip("/") if url else None


def web_link(services: Any, payload: str) -> str | None:
    """https://<server>/?start=<payload> for people without Telegram; None when no web
    server is known (the bot runs without `craftbot serve` and without PUBLIC_URL)."""
    base = getattr(services, "web_base", None)
    if base is None:
        public = getattr(getattr(services, "settings", None), "public_url", None)
        base = public.rstrip("/") if isinstance(public, str) and public else None
    return f"{base}/?start={payload}" if base else None


def deep_link(services: Any, payload: str) -> str:
    """https://t.me/<bot>?start=<payload>; without a known bot (terminal chat) the
    command to type instead."""
    name = bot_username(services)
    return f"https://t.me/{name}?start={payload}" if name else f"/start {payload}"


def qr_png(text: str) -> bytes:
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=8, border=4)
    code.add_data(text)
    code.make(fit=True)
    out = io.BytesIO()
    code.make_image(fill_color="black", back_color="white").save(out, format="PNG")
    return out.getvalue()


def respondent_key(secret: str, campaign_id: int, telegram_id: int) -> str:
    """HMAC-SHA256 of campaign and person, kept only in the campaign's "already answered"
    list (one response each), never with the answers."""
    message = f"survey:{campaign_id}:{telegram_id}".encode()
    return hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()
