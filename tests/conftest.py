"""Shared fixtures, flaskr-style: `app`, `client`, `runner`, plus a clock and file helpers."""

from __future__ import annotations

import datetime as dt
import shutil
import socket
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from kiosk import create_app

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "floors.yaml"
SHANGHAI = dt.timezone(dt.timedelta(hours=8))
# A Friday at 10:00 in Shanghai: the building is open.
FRIDAY_MORNING = dt.datetime(2026, 11, 27, 10, 0, tzinfo=SHANGHAI)


def free_port() -> int:
    """A TCP port nobody listens on, for a server started by a test."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def clock() -> dict[str, dt.datetime]:
    """A settable clock: tests change clock["now"] to move time."""
    return {"now": FRIDAY_MORNING}


TOWER = ROOT / "tests" / "buildings" / "tower-v2.yaml"  # the second building: B2..11F, G, M, zh/en/ja


@pytest.fixture
def make_app(clock: dict[str, dt.datetime]) -> Callable[..., Flask]:
    """The one app factory of the tests: `make_app(path, **config)`, at the settable clock."""

    def make(path: Path = BUNDLED, **config: object) -> Flask:
        return create_app(path, test_config={"TESTING": True, "CLOCK": lambda: clock["now"], **config})

    return make


@pytest.fixture
def app(make_app: Callable[..., Flask]) -> Flask:
    """The app on the bundled building, at a fixed time."""
    return make_app()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture
def building_copy(tmp_path: Path) -> Path:
    """A writable copy of the bundled floors.yaml."""
    target = tmp_path / "floors.yaml"
    shutil.copy(BUNDLED, target)
    return target


@pytest.fixture
def edited(building_copy: Path) -> Callable[[str, str], Path]:
    """Replace one exact snippet of the bundled file and return the edited copy's path."""

    def edit(old: str, new: str, count: int = 1) -> Path:
        text = building_copy.read_text(encoding="utf-8")
        assert old in text, f"snippet not in floors.yaml: {old!r}"
        building_copy.write_text(text.replace(old, new, count), encoding="utf-8")
        return building_copy

    return edit
