"""The audit log: one JSON line per sign-in (good or bad), change, restore and refusal."""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)
_LOCK = threading.Lock()


def record(path: Path, event: str, who: str, **details: Any) -> None:
    """Append one event to the audit log; a failure to write is logged, never raised."""
    line = {"at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "event": event, "who": who, **details}
    try:
        with _LOCK, path.open("a", encoding="utf-8") as out:
            out.write(json.dumps(line, ensure_ascii=False, default=str) + "\n")
    except OSError:
        log.exception("could not write the staff audit log %s", path)


def read_events(path: Path, limit: int = 200) -> list[dict[str, Any]]:
    """The last `limit` audit events, newest first."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()[-limit:]
    except OSError:
        return []
    events = []
    for line in reversed(lines):
        try:
            events.append(json.loads(line))
        except ValueError:
            continue
    return events
