"""Who may reach the console: staff networks only (never the lobby screen or kiosk mode), then who is signed in.

`@staff_required` and `@admin_required` wrap a view as flaskr's `auth.login_required` does; the console
registers how to find the signed-in account (`SIGNED_IN`), so this module needs no file paths of its own.
"""

from __future__ import annotations

import functools
import ipaddress
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from flask import abort, current_app, redirect, url_for
from flask.typing import ResponseReturnValue

from kiosk.web.serving import LISTENER_KEY, LOBBY, speaks_for_someone

# Loopback and the private ranges: the building's office network. Settings may narrow or widen it.
DEFAULT_NETWORKS = ("127.0.0.0/8", "::1/128", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7")


def parse_networks(values: Iterable[str] | str) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    """Networks from settings: a list, or one space- or comma-separated string."""
    if isinstance(values, str):
        values = values.replace(",", " ").split()
    return tuple(ipaddress.ip_network(value.strip(), strict=False) for value in values if value.strip())


def staff_may_reach(environ: Mapping[str, Any], args: Mapping[str, str], networks: Iterable[Any]) -> bool:
    """Whether this request may see the console at all (otherwise it gets the ordinary 404).

    `REMOTE_ADDR` is what waitress gives: the peer, or the client a trusted proxy names. A request
    with a proxy header no trusted proxy vouched for is a proxy speaking for someone who may be on
    the internet, so it is refused too (`serving.speaks_for_someone`).
    """
    if environ.get(LISTENER_KEY) == LOBBY or "kiosk" in args:
        return False  # the lobby screen, or any page in kiosk mode: visitors stand there
    try:
        address = ipaddress.ip_address(str(environ.get("REMOTE_ADDR", "")).split("%")[0])
    except ValueError:
        return False
    if speaks_for_someone(dict(environ)):
        return False
    return any(address in network for network in networks)


SIGNED_IN = "kiosk.staff.signed_in"  # app.extensions: () -> the signed-in Account, or None
View = Callable[..., ResponseReturnValue]


def signed_in() -> Any:
    """The account signed in on this request (checked against the accounts file), or None."""
    return current_app.extensions[SIGNED_IN]()


def staff_required(view: View) -> View:
    """A view for signed-in staff: anyone else goes to the sign-in page."""

    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> ResponseReturnValue:
        if signed_in() is None:
            return redirect(url_for("staff.login"))
        return view(*args, **kwargs)

    return wrapped


def admin_required(view: View) -> View:
    """A view for admins: other staff get 403 (they are signed in, only not allowed this)."""

    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> ResponseReturnValue:
        account = signed_in()
        if account is None:
            return redirect(url_for("staff.login"))
        if not account.is_admin:
            abort(403)
        return view(*args, **kwargs)

    return wrapped
