"""Who may even see that a console exists: staff networks only, never the lobby screen, never kiosk mode."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Mapping
from typing import Any

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
