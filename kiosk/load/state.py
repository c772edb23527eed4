"""Where the server keeps what it writes: the session key, accounts, lock-outs, audit, analytics, history.

floors.yaml is the building's content; these files are the server's state. Under systemd they go in
the unit's `StateDirectory=` (systemd passes it as $STATE_DIRECTORY, e.g. /var/lib/kiosk), so the
folder of floors.yaml can stay read-only where the console is off. Without it, beside floors.yaml.
"""

from __future__ import annotations

import os
from pathlib import Path

STATE_ENV = "KIOSK_STATE_DIR"
SYSTEMD_ENV = "STATE_DIRECTORY"  # set by systemd for a unit with StateDirectory=


def state_folder(config: Path, configured: str | os.PathLike[str] | None = None) -> Path:
    """The state folder: `configured` (STATE_DIR), $KIOSK_STATE_DIR, systemd's $STATE_DIRECTORY, else floors.yaml's."""
    chosen = configured or os.environ.get(STATE_ENV) or os.environ.get(SYSTEMD_ENV, "").split(":")[0]
    return Path(chosen) if chosen else config.parent


def state_file(config: Path, name: str, configured: str | os.PathLike[str] | None = None) -> Path:
    """One state file by its name (`staff.json`, `.kiosk-secret`) in the state folder."""
    return state_folder(config, configured) / name
