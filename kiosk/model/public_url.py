"""The address phones open from a QR code: one validation for floors.yaml, `--public-url` and $KIOSK_PUBLIC_URL.

Whatever is accepted here is printed in every code in the lobby and on posters that stay on the
walls for years, so the rules are strict: https (http only for this machine, or when the
installer says so explicitly), a plain ASCII host (international names become punycode), no
`user@` part (`https://kiosk.example.org@evil.example` opens evil.example), no query or fragment
(our paths are appended to it), and no spaces, control or bidi characters (which make an address
read differently from what it is).
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from urllib.parse import urlsplit

MAX_LENGTH = 200
# RFC 3986 path characters (unreserved, sub-delims, `:` `@`, percent escapes) and `/`.
PATH = re.compile(r"(?:/[A-Za-z0-9\-._~!$&'()*+,;=:@%]*)*")
LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")
IPV4 = re.compile(r"\d{1,3}(?:\.\d{1,3}){3}")


def validate_public_url(value: str, allow_http: bool = False) -> str:
    """The normalised address (`https://host[:port][/path]`, no trailing slash); raises ValueError saying why."""
    text = value.strip()
    if not text:
        raise ValueError("public_url is empty")
    if len(text) > MAX_LENGTH:
        raise ValueError(f"public_url is longer than {MAX_LENGTH} characters")
    odd = next((c for c in text if c.isspace() or unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp")), None)
    if odd is not None and odd.isspace():
        raise ValueError("public_url holds a space or line break; remove it")
    if odd is not None:
        raise ValueError(f"public_url holds an invisible or control character (U+{ord(odd):04X}); retype it")
    if "\\" in text:
        raise ValueError("public_url holds a backslash; use `/`")
    scheme, sep, _rest = text.partition("://")
    if not sep or scheme.lower() not in ("https", "http"):
        raise ValueError("public_url must start with https://")
    if "?" in text or "#" in text:
        raise ValueError("public_url must not have a `?` query or `#` fragment: pages are added after it")
    try:
        parts = urlsplit(text)
    except ValueError:  # e.g. an unclosed `[` in the host
        raise ValueError("public_url is not a valid address") from None
    if "@" in parts.netloc:
        raise ValueError("public_url must not have a `name@` part before the host (phones would open what follows `@`)")
    host = _ascii_host(parts.hostname or "")
    try:
        port = parts.port
    except ValueError:
        raise ValueError("public_url has an invalid port") from None
    scheme = scheme.lower()
    if scheme == "http" and not (allow_http or is_loopback(host)):
        raise ValueError("public_url must start with https:// (http:// only for this machine, or with --allow-http)")
    if not PATH.fullmatch(parts.path):
        raise ValueError("public_url's path may only hold letters, digits and - . _ ~ / (percent-escape the rest)")
    default_port = {"https": 443, "http": 80}[scheme]
    netloc = host if port in (None, default_port) else f"{host}:{port}"
    return f"{scheme}://{netloc}{parts.path.rstrip('/')}"


def allows_http(setting: object) -> bool:
    """Whether an --allow-http style setting (`1`, `true`, `yes`, `on`, or True) is switched on."""
    return setting is True or str(setting).strip().lower() in ("1", "true", "yes", "on")


def is_loopback(address: str | None) -> bool:
    """Whether `address` is this machine (127.0.0.0/8, ::1 or `localhost`)."""
    if not address:
        return False
    if address.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(address.strip("[]")).is_loopback
    except ValueError:
        return False


def origin(url: str) -> str:
    """The origin (`scheme://host[:port]`) of a validated public URL: what a phone trusts the page as."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def host_of(url: str) -> str:
    """The host name of a validated public URL (no port)."""
    return urlsplit(url).hostname or ""


def _ascii_host(host: str) -> str:
    """The host in ASCII: international names in punycode, every label checked; raises ValueError."""
    if not host:
        raise ValueError("public_url needs a host, e.g. https://kiosk.example.org")
    if host.startswith("[") or ":" in host:
        raise ValueError("public_url: use a host name or an IPv4 address, not an IPv6 literal")
    if IPV4.fullmatch(host):
        if any(int(part) > 255 for part in host.split(".")):
            raise ValueError(f"public_url: {host} is not an IPv4 address")
        return host
    try:
        ascii_host = host.encode("idna").decode("ascii").lower()
    except UnicodeError:
        raise ValueError(f"public_url: {host!r} is not a valid host name") from None
    labels = ascii_host.split(".")
    if len(ascii_host) > 253 or not all(LABEL.fullmatch(label) for label in labels):
        raise ValueError(f"public_url: {host!r} is not a valid host name")
    return ascii_host


PRIVATE_SUFFIXES = (".local", ".localhost", ".internal", ".lan", ".home.arpa", ".localdomain")


def validate_link(value: str, allow_http: bool = False) -> str:
    """A link visitors are sent to (a feed's booking page), by public_url's rules; raises ValueError saying why.

    Unlike the public URL a link may carry a query (`?event=12`) and keeps its path as given, but its
    host must be a name the public can reach: no IP literal, no `localhost` or private-network name;
    an international name comes back in punycode, so a look-alike reads as what it is.
    """
    text = value.strip()
    cut = min((i for i in (text.find("?"), text.find("#")) if i >= 0), default=len(text))
    base, tail = text[:cut], text[cut:]
    try:
        checked = validate_public_url(base, allow_http)
    except ValueError as error:
        raise ValueError(str(error).replace("public_url", "the link")) from None
    host = host_of(checked)
    if IPV4.fullmatch(host):
        raise ValueError(f"the link's host {host} is an IP address; use a host name")
    if is_loopback(host) or host.endswith(PRIVATE_SUFFIXES) or "." not in host:
        raise ValueError(f"the link's host {host} is a private name, not reachable from visitors' phones")
    if any(c.isspace() or unicodedata.category(c) in ("Cc", "Cf") for c in tail):
        raise ValueError("the link's query holds a space or an invisible character")
    return origin(checked) + urlsplit(base).path + tail
