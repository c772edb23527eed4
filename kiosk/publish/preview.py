"""QR codes out of the box: an address phones can try while no public URL is set.

Without `public_url` the kiosk used to show no code at all, and a newcomer could not tell whether
the feature worked. Now the codes point at this machine (its address on the local network when
the server listens there) and the screen marks them as a preview; the log says how to set the
real address.
"""

from __future__ import annotations

import ipaddress
import socket

ALL_INTERFACES = {"", "0.0.0.0", "::", "[::]"}


def lan_address() -> str | None:
    """This machine's address on its local network, or None (no packet is sent to find it)."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("10.255.255.255", 1))  # UDP connect only picks the outgoing interface
            address = probe.getsockname()[0]
    except OSError:
        return None
    return None if ipaddress.ip_address(address).is_loopback else address


def preview_base(host: str, port: int, lan: str | None = None) -> str:
    """Where phones could open the kiosk now: the LAN address when serving on all interfaces."""
    if host in ALL_INTERFACES:
        host = lan or lan_address() or "127.0.0.1"
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"  # an IPv6 address in a URL
    return f"http://{host}:{port}" if port != 80 else f"http://{host}"


def is_reachable_by_phones(base: str) -> bool:
    """False when the preview address is this machine's loopback, which no phone can open."""
    host = base.split("//", 1)[-1].split(":", 1)[0].strip("[]")
    try:
        return not ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host != "localhost"
