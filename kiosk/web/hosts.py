"""Which Host headers the app answers: the public URL's host, this machine, and the listen addresses.

Flask's TRUSTED_HOSTS turns any other Host into a 400 before a view runs, so a spoofed Host
can never end up in a redirect or a page. Redirects are relative as well (see
`kiosk.web.headers`), so even an allowed Host is never echoed back.
"""

from __future__ import annotations

import contextlib
import socket
from collections.abc import Iterable

from flask import Flask, Response, request
from werkzeug.exceptions import SecurityError

from kiosk.model.public_url import host_of
from kiosk.web.cache import registry

LOOPBACK_NAMES = ("localhost", "127.0.0.1")
WILDCARDS = ("", "0.0.0.0", "::")


def machine_names() -> list[str]:
    """This machine's name and addresses: what LAN clients type when the server listens on every interface."""
    name = socket.gethostname()
    names = [name]
    with contextlib.suppress(OSError):  # a machine whose own name does not resolve
        names += [str(info[4][0]) for info in socket.getaddrinfo(name, None, socket.AF_INET)]
    return names


def trusted_hosts(public_url: str | None, listen: Iterable[str] = (), extra: Iterable[str] = ()) -> list[str]:
    """The host names to accept, in order, without duplicates."""
    names: list[str] = [*LOOPBACK_NAMES]
    if public_url:
        names.append(host_of(public_url))
    for host in listen:
        names += machine_names() if host in WILDCARDS else [host]
    names += [name.strip().lower() for name in extra if name.strip()]
    return list(dict.fromkeys(name.lower() for name in names))


def trust(app: Flask, listen: Iterable[str] = (), extra: Iterable[str] = ()) -> None:
    """Set TRUSTED_HOSTS from the public URL in force (override, else floors.yaml) and the listen addresses."""
    building = app.extensions["kiosk.store"].site.building
    public_url = app.config.get("PUBLIC_URL") or building.building.public_url
    app.config["TRUSTED_HOSTS"] = trusted_hosts(public_url, listen, extra)


def init_app(app: Flask) -> None:
    """Trust the default hosts unless configured, and answer an untrusted Host with a bare 400."""
    if app.config["TRUSTED_HOSTS"] is None:
        trust(app)  # `kiosk serve` calls trust() again with its listen addresses

    @app.before_request
    def refuse_untrusted_host() -> Response | None:
        # Flask found the Host untrusted before routing; without a URL adapter no page can be drawn,
        # so answer here, before the error page's templates try to build links.
        if isinstance(request.routing_exception, SecurityError):
            return Response("400 Bad Request: unknown host\n", 400, mimetype="text/plain")
        return None

    registry.skipped_for_kept_pages(app, refuse_untrusted_host, "the fast path checks the Host; Flask answers 400")
