"""What keeps the form for people: a signed token in the page, same origin, and a daily address hash.

No cookie is set. The token signs when the form was shown and which page it is about; a form
older than `TOKEN_HOURS` is shown again with what was typed, never lost.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from typing import Any

TOKEN_HOURS = 12


def _sign(key: str, *parts: str) -> str:
    return hmac.new(key.encode(), "\x1f".join(parts).encode(), hashlib.sha256).hexdigest()[:32]


def make_token(key: str, page: str, now: float | None = None) -> str:
    """A token for a form about `page`, shown now."""
    issued = str(int(now if now is not None else time.time()))
    return f"{issued}.{_sign(key, 'form', issued, page)}"


def token_ok(key: str, token: str, page: str, now: float | None = None) -> bool:
    """Whether `token` was made here for `page`, and not too long ago."""
    issued, _, mac = token.partition(".")
    if not issued.isdigit() or not hmac.compare_digest(mac, _sign(key, "form", issued, page)):
        return False
    age = (now if now is not None else time.time()) - int(issued)
    return -60 <= age <= TOKEN_HOURS * 3600


def client_key(key: str, address: str, day: str) -> str:
    """A keyed hash of the address that changes every day: the rate limit's only memory of a client."""
    return _sign(key, "client", day, address)[:16]


def same_origin(headers: Any, host_url: str) -> bool:
    """Whether the browser says the form was sent from our own pages (old browsers say nothing: allowed)."""
    site = str(headers.get("Sec-Fetch-Site", ""))
    if site and site not in ("same-origin", "none"):
        return False
    origin = str(headers.get("Origin", ""))
    return not origin or origin.rstrip("/") == host_url.rstrip("/")
