"""GET /: the chat page. Plain HTML from static/index.html with its words translated on
the server (both languages are handed to the script, for the language switch); the
script and the style are separate files, so the Content-Security-Policy needs no
'unsafe-inline'."""

from __future__ import annotations

import hashlib
import html
import json
from functools import cache
from pathlib import Path
from string import Template

from aiohttp import web

from bot.dialogs.engine.types import N_
from bot.handlers.web.visitors import LANG_COOKIE, MAX_AGE, Signer, set_cookie, visitor_of
from bot.i18n import SUPPORTED, get_translator, normalize_locale

STATIC = Path(__file__).parent / "static"

# Words of the page itself (the conversation brings its own). English is the msgid.
STRINGS = {
    "title": N_("CraftBot · skilled-worker policy assistant"),
    "heading": N_("Skilled-worker policy assistant"),
    "tagline": N_("Eligibility, subsidies and surveys for skilled workers in Jiangsu, "
                  "Quzhou and Jiangmen"),
    "log": N_("Conversation"),
    "input_label": N_("Your answer or question"),
    "placeholder": N_("Type an answer or a question…"),
    "send": N_("Send"),
    "menu": N_("Menu"),
    "help": N_("Help"),
    "mydata": N_("My data"),
    "language": N_("Language"),
    "skip": N_("Skip to the message box"),
    "noscript": N_("This chat needs JavaScript. You can also use the bot in Telegram."),
    "notify": N_("Turn on notifications"),
    "notify_on": N_("Notifications are on"),
    "notify_title": N_("CraftBot"),
    "new_messages": N_("New messages for you"),
    "download": N_("Download {name}"),
    "image": N_("Image: {name}"),
    "you": N_("You"),
    "bot": N_("CraftBot"),
    "busy": N_("Sending…"),
    "offline": N_("Could not reach the server. Please try again."),
    "too_many": N_("Too many messages at once; please wait a moment and try again."),
    "expired": N_("Your session has expired; the page will reload."),
    "error": N_("Sorry, something went wrong on our side. Your answers so far are kept; "
                "please try again in a moment, or send /menu."),
    "privacy": N_("No login: this browser is recognised by a cookie. Send /forget to delete "
                  "what the assistant keeps about you."),
}


def strings(locale: str) -> dict[str, str]:
    t = get_translator(locale)
    return {key: t._(msgid) for key, msgid in STRINGS.items()}


@cache
def asset_version() -> str:
    digest = hashlib.sha256()
    for name in ("chat.js", "chat.css"):
        digest.update((STATIC / name).read_bytes())
    return digest.hexdigest()[:12]


@cache
def _template() -> Template:
    return Template((STATIC / "index.html").read_text(encoding="utf-8"))


def page_locale(request: web.Request, default: str) -> str:
    wanted = request.query.get("lang") or request.cookies.get(LANG_COOKIE)
    if wanted:
        return normalize_locale(wanted, default)
    return default if default in SUPPORTED else "zh_CN"


def render_page(locale: str, csrf: str) -> str:
    words = strings(locale)
    both = {loc: strings(loc) for loc in SUPPORTED}
    values = {key: html.escape(value) for key, value in words.items()}
    values.update(lang="zh-Hans" if locale.startswith("zh") else "en", locale=locale,
                  csrf=html.escape(csrf), version=asset_version(),
                  strings=html.escape(json.dumps(both, ensure_ascii=False), quote=True))
    return _template().substitute(values)


async def index(request: web.Request, signer: Signer, secure: bool, default_locale: str
                ) -> web.Response:
    visitor_id = visitor_of(request, signer)
    fresh = visitor_id is None
    if visitor_id is None:
        visitor_id = signer.new_id()
    locale = page_locale(request, default_locale)
    response = web.Response(text=render_page(locale, signer.csrf(visitor_id)),
                            content_type="text/html", charset="utf-8",
                            headers={"Cache-Control": "no-store"})
    if fresh:
        set_cookie(response, signer, visitor_id, secure)
    if "lang" in request.query:
        response.set_cookie(LANG_COOKIE, locale, max_age=MAX_AGE, path="/", httponly=True,
                            samesite="Lax", secure=secure)
    return response
