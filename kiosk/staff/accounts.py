"""Staff accounts: a JSON file beside floors.yaml holding names, roles and argon2 hashes, never a password.

Wrong passwords slow down and then lock that account for a while (`Lockout`), so a password
cannot be guessed from the building's Wi-Fi even though the console is on the local network.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import threading
import time
from collections.abc import Callable, Container
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from argon2 import PasswordHasher

from kiosk.staff.lockout_store import LockoutStore

ROLES = ("editor", "admin")  # admin: also restores versions and manages accounts
MIN_PASSWORD = 10
NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,31}$")


@lru_cache(maxsize=1)
def _hasher() -> PasswordHasher:
    """argon2's hasher, imported at the first sign-in or new password: 90 ms of every cold start otherwise."""
    from argon2 import PasswordHasher

    return PasswordHasher()


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """Verified when the name is unknown, so a wrong name costs the same time as a wrong password.
    Made at the first sign-in, not at import: hashing costs 50-100 ms of every cold start."""
    return _hasher().hash("not a password of anybody")


@dataclass(frozen=True)
class Account:
    """One staff member: a name, a role and the argon2 hash of their password."""

    name: str
    role: str
    password_hash: str
    sessions: int = 0  # signed into every cookie: one more ends every session of the account at once

    @property
    def is_admin(self) -> bool:
        """Whether this account may restore versions."""
        return self.role == "admin"


class AccountError(ValueError):
    """A name, role or password that cannot be used, in plain words."""


def load_accounts(path: Path) -> dict[str, Account]:
    """The accounts in the staff file (none when it does not exist or cannot be read)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        entries = data["accounts"]
        return {
            name: Account(name, str(entry["role"]), str(entry["hash"]), int(entry.get("sessions", 0)))
            for name, entry in entries.items()
            if entry.get("role") in ROLES
        }
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def console_enabled(path: Path) -> bool:
    """The console is on only once a first account exists."""
    return bool(load_accounts(path))


def check_new_account(name: str, password: str, role: str) -> None:
    """Raise AccountError when the name, password or role cannot be used."""
    if not NAME.match(name):
        raise AccountError("a name is 1–32 lowercase letters, digits, dots, dashes or underscores, e.g. wang.li")
    if role not in ROLES:
        raise AccountError(f"the role is one of: {', '.join(ROLES)}")
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"a password needs at least {MIN_PASSWORD} characters")


def add_account(path: Path, name: str, password: str, role: str = "editor") -> Account:
    """Add (or replace) an account in the staff file, storing only the argon2 hash; written 0600."""
    check_new_account(name, password, role)
    accounts = load_accounts(path)
    before = accounts.get(name)
    # A new password ends every session signed in with the old one.
    account = Account(name, role, _hasher().hash(password), before.sessions + 1 if before else 0)
    accounts[name] = account
    _write_accounts(path, accounts)
    return account


def end_sessions(path: Path, name: str) -> int:
    """End every session of `name` (sign-out everywhere); returns the account's new session counter."""
    accounts = load_accounts(path)
    account = accounts.get(name)
    if account is None:
        return 0
    accounts[name] = Account(account.name, account.role, account.password_hash, account.sessions + 1)
    _write_accounts(path, accounts)
    return account.sessions + 1


def _write_accounts(path: Path, accounts: dict[str, Account]) -> None:
    entries = {a.name: {"role": a.role, "hash": a.password_hash, "sessions": a.sessions} for a in accounts.values()}
    _write_private(path, {"accounts": entries})


def remove_account(path: Path, name: str) -> bool:
    """Remove an account; never the last admin (someone must be able to restore and manage)."""
    accounts = load_accounts(path)
    if name not in accounts:
        return False
    rest = {k: a for k, a in accounts.items() if k != name}
    if not any(a.is_admin for a in rest.values()):
        raise AccountError("the last admin cannot be removed")
    _write_accounts(path, rest)
    return True


def _write_private(path: Path, data: dict) -> None:
    """Write JSON atomically, readable by this user only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(data, out, ensure_ascii=False, indent=2)
        os.chmod(temp, 0o600)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def verify_password(account: Account | None, password: str) -> bool:
    """Whether `password` is this account's; the same work is done for an unknown account."""
    from argon2.exceptions import InvalidHashError, VerificationError  # late, with `_hasher`

    try:
        return _hasher().verify(account.password_hash if account else _dummy_hash(), password) and account is not None
    except (VerificationError, InvalidHashError):
        return False


class Lockout:
    """Per-account wrong-password counting: after a few, each try waits longer; after more, a long lock.

    With a `store` the counts survive a restart: they are loaded at start and written through.
    The clock is the wall clock for that reason (a monotonic clock restarts with the process).
    """

    FREE_TRIES = 3  # typos happen
    LOCK_AFTER = 8
    LOCK_SECONDS = 15 * 60
    MAX_TRACKED = 10_000  # names guessed at random must not grow memory without end

    def __init__(self, clock: Callable[[], float] = time.time, store: LockoutStore | None = None):
        self.clock = clock
        self.store = store
        self._failures: dict[str, int] = {}
        self._blocked_until: dict[str, float] = {}
        self._lock = threading.Lock()
        for name, (count, until) in (store.load() if store else {}).items():
            self._failures[name] = count
            if until:
                self._blocked_until[name] = until

    def wait_seconds(self, name: str) -> int:
        """How long this account must wait before its next try (0: now)."""
        with self._lock:
            return max(0, int(self._blocked_until.get(name, 0.0) - self.clock() + 0.999))

    def failed(self, name: str, accounts: Container[str] = frozenset()) -> int:
        """Count a wrong password; returns the seconds the account now has to wait.

        `accounts` are the real account names: to make room, only other names are ever forgotten, so
        flooding the form with made-up names cannot reset a real account's count before it locks.
        """
        with self._lock:
            return self._count(name, accounts)

    def begin(self, name: str, accounts: Container[str] = frozenset()) -> int:
        """Check and count one sign-in try in one step; returns the seconds to wait first (0: check it now).

        Every try is counted before its password is checked, refused ones too: 40 tries sent at once
        cannot all pass the check while the first passwords are still being hashed (they counted 10).
        A right password then clears the count (`succeeded`).
        """
        with self._lock:
            wait = max(0, int(self._blocked_until.get(name, 0.0) - self.clock() + 0.999))
            self._count(name, accounts, extend=not wait, keep=bool(wait))
            return wait

    def keep(self, name: str) -> None:
        """Write a counted try that turned out wrong to the store (a right one never makes a file)."""
        with self._lock:
            if self.store and name in self._failures:
                self.store.put(name, self._failures[name], self._blocked_until.get(name, 0.0))

    def _count(self, name: str, accounts: Container[str], extend: bool = True, keep: bool = True) -> int:
        """One more failure of `name` (the lock is held); returns its delay. A refused try adds only to the lock."""
        if len(self._failures) > self.MAX_TRACKED:
            self._forget_expired(accounts)
        count = self._failures.get(name, 0) + 1
        self._failures[name] = count
        if count >= self.LOCK_AFTER:
            delay = self.LOCK_SECONDS
        elif count > self.FREE_TRIES:
            delay = 2 ** (count - self.FREE_TRIES)  # 2, 4, 8, 16 s
        else:
            delay = 0
        if delay and (extend or count == self.LOCK_AFTER):
            self._blocked_until[name] = max(self._blocked_until.get(name, 0.0), self.clock() + delay)
        if self.store and keep:
            self.store.put(name, count, self._blocked_until.get(name, 0.0))
        return delay

    def _forget_expired(self, accounts: Container[str]) -> None:
        """Drop names, other than `accounts`, whose wait is over (their count restarts); the lock is held."""
        now = self.clock()
        expired = [n for n in self._failures if self._blocked_until.get(n, 0.0) <= now and n not in accounts]
        for name in expired:
            self._failures.pop(name, None)
            self._blocked_until.pop(name, None)
        if self.store:
            self.store.forget(expired)

    def succeeded(self, name: str) -> None:
        """A right password clears the count."""
        with self._lock:
            known = self._failures.pop(name, None) is not None
            self._blocked_until.pop(name, None)
            if known and self.store and self.store.path.exists():  # a right first try makes no file
                self.store.forget([name])
