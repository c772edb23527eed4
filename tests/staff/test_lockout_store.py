"""Wrong-password counts are kept in SQLite: restarting the kiosk (or a power cut) does not undo a lock."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from kiosk.staff import accounts
from kiosk.staff.lockout_store import LockoutStore
from tests.helpers.buildings import BUNDLED
from tests.helpers.staff import PASSWORD, copy_with_staff, sign_in, token

LOCKED = accounts.Lockout.LOCK_AFTER


@pytest.fixture
def staff_building(tmp_path: Path) -> Path:
    """A writable copy of the bundled building with one editor."""
    return copy_with_staff(BUNDLED, tmp_path)


def try_password(client: FlaskClient, password: str, name: str = "wang") -> int:
    page = client.get("/staff/login").get_data(as_text=True)
    return client.post("/staff/login", data={"csrf_token": token(page), "name": name, "password": password}).status_code


def at(app: Flask, now: list[float]) -> accounts.Lockout:
    lockout: accounts.Lockout = app.extensions["kiosk.staff.lockout"]
    lockout.clock = lambda: now[0]
    return lockout


def test_a_lock_survives_a_restart_and_a_right_password_then_clears_it(
    make_app: Callable[..., Flask], staff_building: Path
) -> None:
    now = [1_800_000_000.0]
    first = make_app(staff_building, RELOAD_SECONDS=0.0)
    at(first, now)
    client = first.test_client()
    for _ in range(LOCKED):
        assert try_password(client, "guess") == 401
        now[0] += 30
    database = staff_building.with_name("staff-lockout.sqlite")
    assert database.exists()

    restarted = make_app(staff_building, RELOAD_SECONDS=0.0)  # a new process reads the same file
    lockout = at(restarted, now)
    assert lockout.wait_seconds("wang") > 600
    again = restarted.test_client()
    assert try_password(again, PASSWORD) == 401  # still locked, even with the right password
    now[0] += accounts.Lockout.LOCK_SECONDS
    sign_in(again)
    with sqlite3.connect(database) as db:
        assert db.execute("SELECT count(*) FROM failures WHERE name = 'wang'").fetchone() == (0,)

    later = make_app(staff_building, RELOAD_SECONDS=0.0)
    assert at(later, now).wait_seconds("wang") == 0
    assert try_password(later.test_client(), "guess") == 401  # the count restarts at one: no wait
    assert at(later, now).wait_seconds("wang") == 0


def test_the_slowing_down_survives_a_restart_too(tmp_path: Path) -> None:
    now = [1000.0]
    store = LockoutStore(tmp_path / "lockout.sqlite")
    before = accounts.Lockout(clock=lambda: now[0], store=store)
    waits = [before.failed("zhang") for _ in range(5)]
    assert waits == [0, 0, 0, 2, 4]
    after = accounts.Lockout(clock=lambda: now[0], store=LockoutStore(tmp_path / "lockout.sqlite"))
    assert after.wait_seconds("zhang") == 4
    assert after.failed("zhang") == 8  # the sixth wrong try, counted on from the stored five
    assert after.wait_seconds("other") == 0


def test_only_a_name_and_two_numbers_are_kept(tmp_path: Path) -> None:
    store = LockoutStore(tmp_path / "lockout.sqlite")
    accounts.Lockout(clock=lambda: 50.0, store=store).failed("wang")
    with sqlite3.connect(tmp_path / "lockout.sqlite") as db:
        assert db.execute("SELECT * FROM failures").fetchall() == [("wang", 1, 0.0)]


def test_no_file_is_made_until_a_wrong_password(make_app: Callable[..., Flask], staff_building: Path) -> None:
    app = make_app(staff_building, RELOAD_SECONDS=0.0)
    sign_in(app.test_client())
    assert not staff_building.with_name("staff-lockout.sqlite").exists()


def test_an_unwritable_database_still_locks_in_memory_and_never_fails_a_page(
    make_app: Callable[..., Flask], staff_building: Path
) -> None:
    unwritable = staff_building.parent / "no-such-folder" / "lockout.sqlite"
    app = make_app(staff_building, RELOAD_SECONDS=0.0, STAFF_LOCKOUT_DB=str(unwritable))
    now = [1000.0]
    lockout = at(app, now)
    client = app.test_client()
    for _ in range(LOCKED):
        assert try_password(client, "guess") == 401
        now[0] += 30
    assert lockout.wait_seconds("wang") > 600 and not unwritable.exists()


def test_random_names_are_forgotten_from_the_file_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(accounts.Lockout, "MAX_TRACKED", 5)
    now = [1000.0]
    lockout = accounts.Lockout(clock=lambda: now[0], store=LockoutStore(tmp_path / "lockout.sqlite"))
    for n in range(7):
        lockout.failed(f"guess{n}")
    with sqlite3.connect(tmp_path / "lockout.sqlite") as db:
        assert db.execute("SELECT count(*) FROM failures").fetchone()[0] <= 6


# --- The store on its own (kiosk/staff/lockout_store.py) --------------------------------------


def test_the_store_keeps_the_latest_count_and_wait_per_name(tmp_path: Path) -> None:
    store = LockoutStore(tmp_path / "lockout.sqlite")
    assert store.load() == {} and not store.path.exists()  # reading makes no file
    store.put("wang", 4, 1002.5)
    store.put("li", 1, 0.0)
    store.put("wang", 5, 1004.5)
    assert store.load() == {"wang": (5, 1004.5), "li": (1, 0.0)}
    store.forget(["wang", "nobody"])
    assert LockoutStore(tmp_path / "lockout.sqlite").load() == {"li": (1, 0.0)}


def test_forgetting_no_names_does_not_touch_the_disk(tmp_path: Path) -> None:
    store = LockoutStore(tmp_path / "lockout.sqlite")
    store.forget([])
    assert not store.path.exists()


def test_a_damaged_file_is_logged_and_read_as_no_failures(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "lockout.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    store = LockoutStore(path)
    with caplog.at_level("WARNING", logger="kiosk.staff.lockout_store"):
        assert store.load() == {}
        store.put("wang", 1, 0.0)  # best effort: never raises
    assert [r.getMessage() for r in caplog.records] == [  # the file, and why: enough for the installer to act
        f"staff sign-in: failed tries could not be read from {path} (file is not a database)",
        f"staff sign-in: failed tries could not be kept in {path} (file is not a database)",
    ]
    assert accounts.Lockout(store=store).failed("wang") == 0  # the lockout goes on in memory
