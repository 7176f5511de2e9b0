"""Who a web visitor is: a random id in a signed, HttpOnly, SameSite=Lax cookie.

No login: the id is 24 random bytes; the cookie is `<id>.<HMAC-SHA256(secret, id)>`, so a
forged or altered cookie is simply a new visitor. The CSRF token that the page sends
back in a header is another HMAC of the same id, and the chat endpoints also refuse a
foreign Origin.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from aiohttp import web

COOKIE = "craftbot_visitor"
LANG_COOKIE = "craftbot_lang"
MAX_AGE = 365 * 24 * 3600
CSRF_HEADER = "X-CSRF-Token"


def _mac(secret: str, purpose: str, visitor_id: str) -> str:
    digest = hmac.new(secret.encode("utf-8"), f"{purpose}:{visitor_id}".encode(),
                      hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


@dataclass(frozen=True)
class Signer:
    secret: str

    def new_id(self) -> str:
        return secrets.token_urlsafe(24)

    def cookie_value(self, visitor_id: str) -> str:
        return f"{visitor_id}.{_mac(self.secret, 'visitor', visitor_id)}"

    def read(self, value: str | None) -> str | None:
        """The visitor id of a genuine cookie, else None."""
        if not value or value.count(".") != 1 or len(value) > 200:
            return None
        visitor_id, mac = value.split(".")
        if not visitor_id or not hmac.compare_digest(mac, _mac(self.secret, "visitor",
                                                               visitor_id)):
            return None
        return visitor_id

    def csrf(self, visitor_id: str) -> str:
        return _mac(self.secret, "csrf", visitor_id)

    def csrf_ok(self, visitor_id: str, token: str | None) -> bool:
        return bool(token) and hmac.compare_digest(token or "", self.csrf(visitor_id))


def set_cookie(response: web.StreamResponse, signer: Signer, visitor_id: str,
               secure: bool) -> None:
    response.set_cookie(COOKIE, signer.cookie_value(visitor_id), max_age=MAX_AGE, path="/",
                        httponly=True, samesite="Lax", secure=secure)


def visitor_of(request: web.Request, signer: Signer) -> str | None:
    return signer.read(request.cookies.get(COOKIE))


def own_origin(request: web.Request, public_url: str | None) -> str:
    if public_url:
        scheme, _, rest = public_url.partition("://")
        return f"{scheme}://{rest.split('/')[0]}"
    return f"{request.scheme}://{request.host}"


def origin_ok(request: web.Request, public_url: str | None) -> bool:
    """A browser's Origin (or Referer) must be this server's own; requests without either
    (not from a browser page) still need the CSRF token."""
    origin = request.headers.get("Origin")
    if origin is None:
        referer = request.headers.get("Referer")
        if not referer:
            return True
        scheme, _, rest = referer.partition("://")
        origin = f"{scheme}://{rest.split('/')[0]}"
    allowed = {own_origin(request, public_url), f"{request.scheme}://{request.host}"}
    return origin in allowed
