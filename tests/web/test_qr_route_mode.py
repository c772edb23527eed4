"""The QR hand-off keeps the route: what the kiosk shows is what the phone that scanned its code shows.

For every space and every facility kind, from every kiosk, on three buildings, in each way a visitor
gets a route mode (the default, chosen shortest, chosen step-free, large text), the kiosk's corner code
is drawn as a PNG, decoded with zxing-cpp as a phone camera would, and the decoded address opened as a
phone: its route steps and its route mode must be the kiosk's.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import zxingcpp
from flask import Flask
from flask.testing import FlaskClient
from PIL import Image

from kiosk.load.loader import load_building
from tests.helpers.buildings import BUNDLED, ROOT, SHANGHAI, TOWER

PUBLIC = "https://kiosk.example.org"
ATRIUM = ROOT / "tests" / "buildings" / "atrium.yaml"
BUILDINGS = {"shipped": BUNDLED, "tower-v2": TOWER, "atrium": ATRIUM}
SPRING_FESTIVAL = dt.datetime(2027, 2, 8, 10, 0, tzinfo=SHANGHAI)  # 初二, a Monday of the holiday run
MODES = {
    "default": "",
    "any": "&route=any",
    "step-free": "&route=step-free",
    "large-text": "&text=large",
    "low-reach": "&reach=low",  # a wheelchair at the kiosk: step-free, and the phone shows it too
}

STEPS = re.compile(r'<span class="step-text">(.*?)</span>')
CURRENT_MODE = re.compile(r'<a class="button is-current" href="[^"]*"[^>]*><svg[^>]*><use href="[^"]*#fac-(\w+)"')
CODE = re.compile(r'<img class="qr-code" src="([^"]+)"')


def _decode(png: bytes) -> list[str]:
    return [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))]


def _route(page: str) -> tuple[list[str], str | None]:
    """The route a page shows: its steps in words and which mode button is current (lift or stairs)."""
    steps = [html.unescape(s) for s in STEPS.findall(page)]
    mode = CURRENT_MODE.search(page)
    return steps, mode.group(1) if mode else None


def _pages(path: Path) -> Iterator[tuple[str, str]]:
    """(kiosk id, page path) for every space and facility kind of the building, from every kiosk."""
    building = load_building(path)
    targets = [f"/zh/spaces/{s.id}" for s in building.spaces]
    targets += [f"/en/facilities/{k.id}" for k in building.kinds_present()]
    for kiosk in building.kiosks:
        for target in targets:
            yield kiosk.id, target


@pytest.fixture
def at_festival(clock: dict[str, dt.datetime]) -> None:
    clock["now"] = SPRING_FESTIVAL


@pytest.mark.parametrize("name", BUILDINGS)
def test_phone_shows_the_route_the_kiosk_showed(at_festival: None, make_app: Callable[..., Flask], name: str) -> None:
    client: FlaskClient = make_app(BUILDINGS[name], PUBLIC_URL=PUBLIC).test_client()
    phone_pages: dict[str, tuple[list[str], str | None]] = {}
    differing = 0
    for kiosk_id, target in _pages(BUILDINGS[name]):
        kiosk_routes = {}
        for mode, extra in MODES.items():
            screen = client.get(f"{target}?kiosk={kiosk_id}{extra}")
            assert screen.status_code == 200, (target, mode)
            body = screen.get_data(as_text=True)
            kiosk_route = _route(body)
            kiosk_routes[mode] = kiosk_route
            found = CODE.search(body)
            assert found, (target, mode)
            code = client.get(html.unescape(found.group(1)).replace("/qr.svg", "/qr.png"))
            [decoded] = _decode(code.data)
            assert decoded.startswith(PUBLIC + target + "?from=" + kiosk_id), decoded
            address = urlsplit(decoded)
            phone_path = f"{address.path}?{address.query}"
            if phone_path not in phone_pages:
                phone = client.get(phone_path)
                assert phone.status_code == 200
                assert "kiosk=" not in phone_path and "text=" not in phone_path  # large text stays on the kiosk
                phone_pages[phone_path] = _route(phone.get_data(as_text=True))
            assert phone_pages[phone_path] == kiosk_route, (name, kiosk_id, target, mode, decoded)
        if kiosk_routes["any"] != kiosk_routes["step-free"]:
            differing += 1
    assert differing > 0  # the building has routes where the two modes differ: the comparison meant something
