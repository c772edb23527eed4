"""Staff accounts without the web app: who may sign in, what the accounts file keeps, how guessing is slowed.

The console's pages are tested in tests/staff/test_views.py (minutes per run); these call kiosk/staff/accounts.py
directly, so a mutation run of the module can afford them.
"""

from __future__ import annotations

import json
import os
import stat
import time
from pathlib import Path

import pytest

from kiosk.staff import accounts
from kiosk.staff.accounts import Account, AccountError, Lockout
from kiosk.staff.lockout_store import LockoutStore
from tests.helpers.staff import PASSWORD

# --- The accounts file ----------------------------------------------------------------------


def write_json(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_the_file_keeps_each_name_with_its_role_and_a_hash_never_the_password(tmp_path: Path) -> None:
    staff = tmp_path / "staff.json"
    wang = accounts.add_account(staff, "wang", PASSWORD)
    li = accounts.add_account(staff, "li", "another long one", "admin")
    assert (wang.name, wang.role, li.role) == ("wang", "editor", "admin")  # a new account is an editor unless told
    stored = json.loads(staff.read_text(encoding="utf-8"))
    assert set(stored) == {"accounts"} and set(stored["accounts"]) == {"wang", "li"}
    assert stored["accounts"]["wang"] == {"role": "editor", "hash": wang.password_hash, "sessions": 0}
    assert stored["accounts"]["li"] == {"role": "admin", "hash": li.password_hash, "sessions": 0}
    assert wang.password_hash.startswith("$argon2") and PASSWORD not in staff.read_text(encoding="utf-8")
    assert accounts.load_accounts(staff) == {"wang": wang, "li": li}


def test_the_accounts_file_is_readable_by_the_kiosk_user_only(tmp_path: Path) -> None:
    staff = tmp_path / "staff.json"
    accounts.add_account(staff, "wang", PASSWORD)
    assert stat.S_IMODE(staff.stat().st_mode) == 0o600
    staff.chmod(0o644)  # someone loosened it by hand: the next save tightens it again
    accounts.add_account(staff, "li", PASSWORD, "admin")
    assert stat.S_IMODE(staff.stat().st_mode) == 0o600


def test_the_staff_file_may_live_in_a_folder_not_made_yet(tmp_path: Path) -> None:
    staff = tmp_path / "etc" / "kiosk" / "staff.json"  # --staff-file / $KIOSK_STAFF_FILE
    accounts.add_account(staff, "wang", PASSWORD)
    assert list(accounts.load_accounts(staff)) == ["wang"]


def test_a_save_replaces_the_file_in_one_step_from_a_hidden_file_beside_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The console reads the file on every request: it must never see half of one (a rename is atomic
    only within one file system, so the new file is written beside the old one)."""
    staff = tmp_path / "staff.json"
    renamed: list[tuple[Path, Path]] = []
    real_replace = os.replace

    def replace(source: str, target: Path) -> None:
        renamed.append((Path(source), Path(target)))
        real_replace(source, target)

    monkeypatch.setattr(accounts.os, "replace", replace)
    accounts.add_account(staff, "wang", PASSWORD)
    ((source, target),) = renamed
    assert target == staff and source.parent == tmp_path
    assert source.name.startswith(".staff.json.") and source.name.endswith(".tmp")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["staff.json"]


def test_a_failed_save_leaves_the_old_file_and_no_stray_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    staff = tmp_path / "staff.json"
    accounts.add_account(staff, "wang", PASSWORD)
    before = staff.read_bytes()

    def full_disk(source: str, target: Path) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(accounts.os, "replace", full_disk)
    with pytest.raises(OSError, match="No space"):
        accounts.add_account(staff, "li", PASSWORD, "admin")
    assert staff.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["staff.json"]


def test_a_new_password_replaces_the_old_one_and_keeps_the_others(tmp_path: Path) -> None:
    staff = tmp_path / "staff.json"
    accounts.add_account(staff, "wang", PASSWORD)
    li = accounts.add_account(staff, "li", PASSWORD, "admin")
    accounts.add_account(staff, "wang", "a brand new password")
    known = accounts.load_accounts(staff)
    assert set(known) == {"wang", "li"} and known["li"] == li
    assert accounts.verify_password(known["wang"], "a brand new password")
    assert not accounts.verify_password(known["wang"], PASSWORD)


@pytest.mark.parametrize(
    "content",
    [
        None,  # no file yet
        "{not json",
        "[]",
        '{"users": {}}',
        '{"accounts": []}',
        '{"accounts": {"wang": "editor"}}',
        '{"accounts": {"wang": {"role": "editor"}}}',
    ],
    ids=["missing", "not-json", "a-list", "no-accounts-key", "accounts-a-list", "entry-a-string", "no-hash"],
)
def test_an_unreadable_file_means_no_accounts_never_an_error(tmp_path: Path, content: str | None) -> None:
    staff = tmp_path / "staff.json"
    if content is not None:
        staff.write_text(content, encoding="utf-8")
    assert accounts.load_accounts(staff) == {}
    assert not accounts.console_enabled(staff)  # the console stays off rather than failing pages


def test_an_entry_with_an_unknown_role_is_not_an_account(tmp_path: Path) -> None:
    staff = write_json(
        tmp_path / "staff.json",
        {"accounts": {"wang": {"role": "editor", "hash": "h1"}, "boss": {"role": "root", "hash": "h2"}, "x": {}}},
    )
    assert accounts.load_accounts(staff) == {"wang": Account("wang", "editor", "h1")}


def test_the_console_turns_on_with_the_first_account(tmp_path: Path) -> None:
    staff = tmp_path / "staff.json"
    assert not accounts.console_enabled(staff)
    accounts.add_account(staff, "wang", PASSWORD)
    assert accounts.console_enabled(staff)


def test_only_admins_are_admins() -> None:
    assert Account("li", "admin", "h").is_admin
    assert not Account("wang", "editor", "h").is_admin


# --- New accounts: the rules the accounts page and `kiosk staff add` report ----------------------


@pytest.mark.parametrize("name", ["wang", "wang.li", "zhang-san_2", "8", "a" * 32])
def test_names_staff_can_have(name: str) -> None:
    accounts.check_new_account(name, PASSWORD, "editor")


@pytest.mark.parametrize("name", ["", "Wang", ".wang", "-li", "wang li", "王力", "a" * 33, "wang/../x"])
def test_names_refused_with_the_rule_in_plain_words(name: str, tmp_path: Path) -> None:
    with pytest.raises(AccountError) as refused:
        accounts.add_account(tmp_path / "staff.json", name, PASSWORD)
    assert str(refused.value) == "a name is 1–32 lowercase letters, digits, dots, dashes or underscores, e.g. wang.li"
    assert not (tmp_path / "staff.json").exists()


def test_a_role_must_be_editor_or_admin(tmp_path: Path) -> None:
    with pytest.raises(AccountError) as refused:
        accounts.add_account(tmp_path / "staff.json", "wang", PASSWORD, "root")
    assert str(refused.value) == "the role is one of: editor, admin"
    accounts.check_new_account("wang", PASSWORD, "admin")


def test_a_password_needs_ten_characters(tmp_path: Path) -> None:
    with pytest.raises(AccountError) as refused:
        accounts.add_account(tmp_path / "staff.json", "wang", "123456789")
    assert str(refused.value) == "a password needs at least 10 characters"
    accounts.check_new_account("wang", "1234567890", "editor")


def test_the_name_is_checked_before_the_role_and_the_password(tmp_path: Path) -> None:
    with pytest.raises(AccountError, match="a name is"):
        accounts.check_new_account("Wang", "short", "root")
    with pytest.raises(AccountError, match="the role is"):
        accounts.check_new_account("wang", "short", "root")


# --- Removing -------------------------------------------------------------------------------


def test_removing_an_account_keeps_everyone_else(tmp_path: Path) -> None:
    staff = tmp_path / "staff.json"
    li = accounts.add_account(staff, "li", PASSWORD, "admin")
    accounts.add_account(staff, "wang", PASSWORD)
    zhao = accounts.add_account(staff, "zhao", PASSWORD)
    assert accounts.remove_account(staff, "wang") is True
    assert accounts.load_accounts(staff) == {"li": li, "zhao": zhao}
    assert stat.S_IMODE(staff.stat().st_mode) == 0o600


def test_removing_a_name_that_is_not_there_changes_nothing(tmp_path: Path) -> None:
    staff = tmp_path / "staff.json"
    accounts.add_account(staff, "li", PASSWORD, "admin")
    before = staff.read_bytes()
    assert accounts.remove_account(staff, "nobody") is False
    assert staff.read_bytes() == before


def test_the_last_admin_cannot_be_removed_but_one_of_two_can(tmp_path: Path) -> None:
    staff = tmp_path / "staff.json"
    accounts.add_account(staff, "li", PASSWORD, "admin")
    accounts.add_account(staff, "wang", PASSWORD)
    with pytest.raises(AccountError) as refused:
        accounts.remove_account(staff, "li")
    assert str(refused.value) == "the last admin cannot be removed"
    assert set(accounts.load_accounts(staff)) == {"li", "wang"}
    accounts.add_account(staff, "zhao", PASSWORD, "admin")
    assert accounts.remove_account(staff, "li") is True
    assert set(accounts.load_accounts(staff)) == {"wang", "zhao"}


# --- Passwords ------------------------------------------------------------------------------


def test_only_the_right_password_signs_in(tmp_path: Path) -> None:
    wang = accounts.add_account(tmp_path / "staff.json", "wang", PASSWORD)
    assert accounts.verify_password(wang, PASSWORD) is True
    assert accounts.verify_password(wang, PASSWORD.upper()) is False
    assert accounts.verify_password(wang, "") is False


def test_an_unknown_name_never_signs_in_whatever_the_password() -> None:
    # Not even with the words behind the stand-in hash that makes an unknown name cost as much time.
    assert accounts.verify_password(None, "not a password of anybody") is False
    assert accounts.verify_password(None, PASSWORD) is False


def test_a_damaged_hash_is_a_wrong_password_not_an_error() -> None:
    assert accounts.verify_password(Account("wang", "editor", "not-a-hash"), PASSWORD) is False


# --- Wrong passwords: slower, then locked ------------------------------------------------------


class Clock:
    """A wall clock the test moves by hand."""

    def __init__(self, now: float = 1_800_000_000.0):
        self.now = now

    def __call__(self) -> float:
        return self.now


def test_three_typos_are_free_then_each_try_waits_longer_then_the_account_locks() -> None:
    clock = Clock()
    lockout = Lockout(clock=clock)
    waits = []
    for _ in range(Lockout.LOCK_AFTER + 1):
        waits.append(lockout.failed("wang"))
        clock.now += 3600  # a patient guesser, waiting out every delay
    assert waits == [0, 0, 0, 2, 4, 8, 16, 15 * 60, 15 * 60]
    assert lockout.wait_seconds("li") == 0  # one account's guesses never slow another


def test_the_wait_is_counted_down_in_whole_seconds_rounded_up() -> None:
    clock = Clock()
    lockout = Lockout(clock=clock)
    for _ in range(4):
        lockout.failed("wang")  # the fourth wrong try: 2 s
    seen = []
    for elapsed in (0.0, 0.5, 1.0, 1.5, 1.99, 2.0, 60.0):
        clock.now = 1_800_000_000.0 + elapsed
        seen.append(lockout.wait_seconds("wang"))
    assert seen == [2, 2, 1, 1, 1, 0, 0]


def test_the_lock_runs_from_the_last_wrong_try() -> None:
    clock = Clock()
    lockout = Lockout(clock=clock)
    for _ in range(Lockout.LOCK_AFTER):
        lockout.failed("wang")
    clock.now += 100
    assert lockout.wait_seconds("wang") == Lockout.LOCK_SECONDS - 100


def test_a_lock_is_kept_in_wall_clock_time_so_it_means_the_same_after_a_restart(tmp_path: Path) -> None:
    store = LockoutStore(tmp_path / "lockout.sqlite")
    lockout = Lockout(store=store)
    for _ in range(Lockout.LOCK_AFTER):
        lockout.failed("wang")
    ((count, until),) = store.load().values()
    assert count == Lockout.LOCK_AFTER and abs(until - (time.time() + Lockout.LOCK_SECONDS)) < 60
    assert Lockout.LOCK_SECONDS - 2 <= lockout.wait_seconds("wang") <= Lockout.LOCK_SECONDS


def test_a_right_password_clears_the_count_the_wait_and_the_stored_row(tmp_path: Path) -> None:
    clock = Clock()
    store = LockoutStore(tmp_path / "lockout.sqlite")
    lockout = Lockout(clock=clock, store=store)
    for _ in range(4):
        lockout.failed("wang")
    lockout.failed("li")
    lockout.succeeded("wang")
    assert lockout.wait_seconds("wang") == 0
    assert store.load() == {"li": (1, 0.0)}
    assert [lockout.failed("wang") for _ in range(4)] == [0, 0, 0, 2]  # three free typos again


def test_signing_in_without_a_wrong_try_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "lockout.sqlite"
    Lockout(clock=Clock(), store=LockoutStore(path)).succeeded("wang")
    assert not path.exists()


def test_a_restart_goes_on_counting_from_the_stored_tries(tmp_path: Path) -> None:
    clock = Clock()
    path = tmp_path / "lockout.sqlite"
    before = Lockout(clock=clock, store=LockoutStore(path))
    for _ in range(Lockout.LOCK_AFTER):
        before.failed("wang")
    for _ in range(2):
        before.failed("li")
    clock.now += 60
    after = Lockout(clock=clock, store=LockoutStore(path))
    assert after.wait_seconds("wang") == Lockout.LOCK_SECONDS - 60
    assert after.wait_seconds("li") == 0
    assert [after.failed("li") for _ in range(2)] == [0, 2]  # the third try free, the fourth waits


def test_names_guessed_at_random_are_forgotten_once_too_many_are_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Lockout, "MAX_TRACKED", 3)
    clock = Clock()
    lockout = Lockout(clock=clock)
    for _ in range(Lockout.LOCK_AFTER):
        lockout.failed("wang")  # locked: must stay locked however many names are guessed
    for _ in range(3):
        lockout.failed("li")
    lockout.failed("x1")
    assert lockout.failed("li") == 2  # three names kept is not too many: li's count goes on
    lockout.failed("x2")  # a fourth name: at the next wrong try, names whose wait is over are dropped
    clock.now += 10
    assert lockout.failed("li") == 0  # li's count restarted
    assert lockout.wait_seconds("wang") == Lockout.LOCK_SECONDS - 10


def test_a_name_whose_wait_has_just_ended_can_be_forgotten(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Lockout, "MAX_TRACKED", 1)
    clock = Clock()
    lockout = Lockout(clock=clock)
    for _ in range(4):
        lockout.failed("li")  # li waits 2 s
    lockout.failed("x1")
    clock.now += 2  # li may try again now
    assert lockout.wait_seconds("li") == 0
    lockout.failed("x2")  # two names kept: the ones free to try are dropped, li among them
    assert lockout.failed("li") == 0


def test_an_attack_of_random_names_cannot_grow_memory_without_end(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Lockout, "MAX_TRACKED", 10)
    clock = Clock()
    lockout = Lockout(clock=clock)
    for n in range(200):
        for _ in range(4):  # enough tries for each name to earn a wait
            lockout.failed(f"guess{n}")
        clock.now += 3  # and its wait runs out
    kept = {**lockout._failures, **lockout._blocked_until}  # what the lockout holds, counts and waits alike
    assert len(kept) <= Lockout.MAX_TRACKED + 1


def test_a_flood_of_made_up_names_never_resets_a_real_accounts_count(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Lockout, "MAX_TRACKED", 10)
    clock = Clock()
    lockout = Lockout(clock=clock)
    real = {"li", "wang"}
    for _ in range(Lockout.FREE_TRIES):
        lockout.failed("li", real)  # three typos: no wait yet, nothing to protect li but its count
    for n in range(100):  # an attacker fills the table with names no one has
        lockout.failed(f"guess{n}", real)
    clock.now += 60
    assert lockout.failed("li", real) == 2  # li's fourth wrong try still waits: the count survived
    assert len(lockout._failures) <= Lockout.MAX_TRACKED + 1 + len(real)  # and memory stays bounded
