"""The session secret: $KIOSK_SECRET_KEY, else a random key generated once into a 0600 file."""

from __future__ import annotations

import logging
import os
import secrets
from pathlib import Path

log = logging.getLogger(__name__)


def secret_key(path: Path) -> str:
    """The key in `path`, generated there (readable by this user only) the first time."""
    try:
        existing = path.read_text(encoding="ascii").strip()
        if len(existing) >= 32:
            return existing
    except (OSError, UnicodeDecodeError):
        pass
    key = secrets.token_hex(32)
    try:
        _keep(path, key)
    except OSError as error:
        # A read-only folder (a unit without StateDirectory=): the console still works, sign-ins last until
        # the server restarts, and the log says what to fix; never a 500 on every /staff/ page.
        log.warning(
            "the key file %s cannot be written (%s): staff sign-ins end when the server restarts; "
            "give the server a writable state folder (StateDirectory=, $KIOSK_STATE_DIR)",
            path,
            error,
        )
    return key


def _keep(path: Path, key: str) -> None:
    """Write `key` into `path`, readable by this user only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # O_EXCL on a fresh name, then rename: the key is never readable by others, not even for a moment.
    temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    handle = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(handle, "w", encoding="ascii") as out:
        out.write(key + "\n")
    os.replace(temp, path)
