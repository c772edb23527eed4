"""The audit log: one JSON line per sign-in (good or bad), change, restore and refusal."""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
import time
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)
_LOCK = threading.Lock()
REFUSAL_EVERY = 60.0  # seconds: a refused request is written once per client and kind in this time
_REFUSALS_KEPT = 10_000  # clients remembered; beyond it the oldest are forgotten (memory stays bounded)
_last_refusal: dict[tuple[str, str, str], float] = {}


def record(path: Path, event: str, who: str, **details: Any) -> None:
    """Append one event to the audit log; a failure to write is logged, never raised."""
    line = {"at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "event": event, "who": who, **details}
    try:
        with _LOCK, path.open("a", encoding="utf-8") as out:
            out.write(json.dumps(line, ensure_ascii=False, default=str) + "\n")
    except OSError:
        log.exception("could not write the staff audit log %s", path)


def record_refusal(path: Path, event: str, who: str, client: str, **details: Any) -> bool:
    """`record()` a refused request once per client (and event) per minute; whether it was written.

    A visitor replaying a stale form, or a guesser hammering a locked account, would otherwise fill
    the disk and bury the events staff read in the console under thousands of identical lines.
    """
    key, now = (path.as_posix(), event, client), time.monotonic()
    with _LOCK:
        if now - _last_refusal.get(key, -REFUSAL_EVERY) < REFUSAL_EVERY:
            return False
        if len(_last_refusal) >= _REFUSALS_KEPT:
            for old in sorted(_last_refusal, key=_last_refusal.__getitem__)[: _REFUSALS_KEPT // 10]:
                del _last_refusal[old]
        _last_refusal[key] = now
    record(path, event, who, client=client, **details)
    return True


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
