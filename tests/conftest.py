"""Shared fixtures, flaskr-style: `app`, `client`, `runner`, `staff`, plus a clock and file helpers."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from kiosk import create_app
from tests.helpers.buildings import BUNDLED, FRIDAY_MORNING, ROOT, SHANGHAI, TOWER
from tests.helpers.servers import free_port
from tests.helpers.staff import StaffActions, copy_with_staff

# Test modules import these from tests.helpers; they stay here for code written against the old names.
__all__ = ["BUNDLED", "FRIDAY_MORNING", "ROOT", "SHANGHAI", "TOWER", "free_port"]


@pytest.fixture
def clock() -> dict[str, dt.datetime]:
    """A settable clock: tests change clock["now"] to move time."""
    return {"now": FRIDAY_MORNING}


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


@pytest.fixture
def staff_building(tmp_path: Path) -> Path:
    """A writable copy of the bundled building with the editor wang and the admin li beside it."""
    return copy_with_staff(BUNDLED, tmp_path, admin=True)


@pytest.fixture
def staff_app(make_app: Callable[..., Flask], staff_building: Path) -> Flask:
    """The app on `staff_building`, reading every save at once."""
    return make_app(staff_building, RELOAD_SECONDS=0.0)


@pytest.fixture
def staff(staff_app: Flask) -> StaffActions:
    """A staff member's browser on `staff_app`: `staff.sign_in()`, `staff.form(url)`, `staff.save(url, ...)`."""
    return StaffActions(staff_app.test_client())
