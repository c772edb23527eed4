#!/usr/bin/env python3
"""Restart the lobby browser when its page stops answering (issue 12). Python standard library only.

Chromium runs with --remote-debugging-port=9222 on 127.0.0.1 (see kiosk-browser). Every 30 s
(kiosk-watchdog.timer) this asks it for its pages, then asks the kiosk page over the DevTools protocol
for its address, load state and kiosk mode. The browser is restarted when it does not answer, when no
kiosk page is open, when the page is Chromium's error page (chrome-error://), or when the page's
script does not answer within 10 s (a hung renderer). Install as /usr/local/bin/kiosk-watchdog.

    kiosk-watchdog --once            # check, restart if needed, exit
    kiosk-watchdog --check-only      # exit 0 if healthy, 1 if not; restart nothing
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import socket
import struct
import subprocess
import sys
import urllib.request
from urllib.parse import urlsplit

DEVTOOLS = "http://127.0.0.1:9222"
KIOSK_ORIGIN = "http://127.0.0.1:8081"  # the lobby screen's own listener (kiosk serve --lobby-port)
RESTART = ["systemctl", "restart", "kiosk-browser.service"]
ANSWER_SECONDS = 10.0
PAGE_STATE = (
    "JSON.stringify([location.href, document.readyState, document.documentElement.classList.contains('mode-kiosk')])"
)


def pages(devtools: str) -> list[dict]:
    """The browser's open pages, from its DevTools endpoint."""
    with urllib.request.urlopen(devtools + "/json/list", timeout=ANSWER_SECONDS) as response:
        return [t for t in json.load(response) if t.get("type") == "page"]


def _recv_exact(sock: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = sock.recv(size - len(data))
        if not chunk:
            raise ConnectionError("DevTools closed the connection")
        data += chunk
    return data


def _send_text(sock: socket.socket, text: str) -> None:
    """One masked WebSocket text frame (RFC 6455: clients mask)."""
    payload = text.encode()
    header = bytes([0x81])
    if len(payload) < 126:
        header += bytes([0x80 | len(payload)])
    elif len(payload) < 1 << 16:
        header += bytes([0x80 | 126]) + struct.pack("!H", len(payload))
    else:
        header += bytes([0x80 | 127]) + struct.pack("!Q", len(payload))
    mask = os.urandom(4)
    sock.sendall(header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))


def _recv_text(sock: socket.socket) -> str:
    """One unmasked text message from the server (DevTools sends whole, unfragmented messages)."""
    first, second = _recv_exact(sock, 2)
    size = second & 0x7F
    if size == 126:
        size = struct.unpack("!H", _recv_exact(sock, 2))[0]
    elif size == 127:
        size = struct.unpack("!Q", _recv_exact(sock, 8))[0]
    payload = _recv_exact(sock, size)
    if first & 0x0F == 0x8:
        raise ConnectionError("DevTools closed the WebSocket")
    return payload.decode("utf-8", "replace")


def evaluate(ws_url: str, expression: str, timeout: float = ANSWER_SECONDS) -> object:
    """Evaluate `expression` in a page over the DevTools protocol; raises on no answer in time."""
    parts = urlsplit(ws_url)
    with socket.create_connection((parts.hostname, parts.port or 80), timeout=timeout) as sock:
        key = base64.b64encode(os.urandom(16)).decode()
        sock.sendall(
            (
                f"GET {parts.path} HTTP/1.1\r\nHost: {parts.netloc}\r\nUpgrade: websocket\r\n"
                f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"
            ).encode()
        )
        head = b""
        while b"\r\n\r\n" not in head:
            head += _recv_exact(sock, 1)
        if b" 101 " not in head.split(b"\r\n", 1)[0]:
            raise ConnectionError(head.split(b"\r\n", 1)[0].decode())
        call = {"id": 1, "method": "Runtime.evaluate", "params": {"expression": expression, "returnByValue": True}}
        _send_text(sock, json.dumps(call))
        while True:
            message = json.loads(_recv_text(sock))
            if message.get("id") == 1:
                return message.get("result", {}).get("result", {}).get("value")


def diagnose(devtools: str, origin: str) -> str | None:
    """What is wrong with the lobby screen, or None when its page answers."""
    try:
        open_pages = pages(devtools)
    except (OSError, ValueError) as error:
        return f"the browser does not answer ({error})"
    kiosk = [p for p in open_pages if p.get("url", "").startswith(origin)]
    if not kiosk:
        shown = ", ".join(p.get("url", "?") for p in open_pages) or "nothing"
        return f"no kiosk page is open (showing {shown})"
    try:
        # The target's URL stays the one asked for when Chromium shows its error page: ask the document.
        found = evaluate(kiosk[0]["webSocketDebuggerUrl"], PAGE_STATE)
        href, state, is_kiosk = json.loads(str(found))
    except (OSError, ValueError, KeyError, TypeError) as error:
        return f"the kiosk page does not answer ({error})"
    if not href.startswith(origin):
        return f"the screen shows {href.split('?')[0]}, not the kiosk"
    if state not in ("interactive", "complete"):
        return f"the kiosk page is stuck loading ({state})"
    if not is_kiosk:
        return "the page is not in kiosk mode"
    return None


def main() -> int:
    """Check once; restart the browser when the page does not answer."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devtools", default=os.environ.get("KIOSK_DEVTOOLS", DEVTOOLS))
    parser.add_argument("--origin", default=os.environ.get("KIOSK_ORIGIN", KIOSK_ORIGIN))
    parser.add_argument("--check-only", action="store_true", help="only say; exit 1 when unhealthy")
    parser.add_argument("--once", action="store_true", help="check once (what the timer runs)")
    args = parser.parse_args()
    problem = diagnose(args.devtools, args.origin)
    if problem is None:
        print("kiosk screen answers")
        return 0
    print(f"kiosk screen: {problem}", file=sys.stderr)
    if args.check_only:
        return 1
    print("restarting the browser: " + " ".join(RESTART), file=sys.stderr)
    return subprocess.run(RESTART, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
