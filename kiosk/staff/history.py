"""Every saved version of floors.yaml, kept beside it: the file, who, when, and a readable diff.

`floors.yaml.history/000007.yaml` is version 7's exact bytes; `000007.json` says who saved it,
when, what they did, and the unified diff from the version before. Restoring copies an old
version's bytes back through the same checks, as a new version.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
from dataclasses import dataclass
from pathlib import Path

from kiosk.load.site import content_version


@dataclass(frozen=True)
class Version:
    """One kept version of the file."""

    number: int
    version: str
    who: str
    at: str
    what: str
    diff: str


def history_folder(path: Path) -> Path:
    """Where the versions of `path` are kept: `floors.yaml.history/` beside it."""
    return path.with_name(path.name + ".history")


def unified_diff(old: str, new: str, name: str) -> str:
    """A readable diff of two texts of the file."""
    return "".join(
        difflib.unified_diff(old.splitlines(True), new.splitlines(True), f"{name} (before)", f"{name} (after)")
    )


def versions(folder: Path) -> list[Version]:
    """Every kept version, newest first."""
    found = []
    for meta in sorted(folder.glob("[0-9]*.json"), reverse=True):
        try:
            data = json.loads(meta.read_text(encoding="utf-8"))
            found.append(
                Version(int(meta.stem), data["version"], data["who"], data["at"], data["what"], data.get("diff", ""))
            )
        except (OSError, ValueError, KeyError):
            continue
    return found


def content_of(folder: Path, number: int) -> bytes:
    """The exact bytes of a kept version (raises OSError if it is not kept)."""
    return (folder / f"{number:06d}.yaml").read_bytes()


KEEP_DAYS = 90  # every version of the last 90 days; before that, the last one of each week


def record(folder: Path, name: str, old: str, new: str, who: str, what: str, keep_days: int = KEEP_DAYS) -> int:
    """Keep `new` as the next version; if `old` (the file before) was never kept, keep it first; then prune."""
    folder.mkdir(parents=True, exist_ok=True)
    kept = versions(folder)
    if not kept or kept[0].version != content_version(old.encode("utf-8")):
        # The first console save, or a hand edit since the last one: keep the file as it was.
        previous = _text_of(folder, kept[0].number) if kept else ""
        first = "使用后台前的文件 / file before the console" if not kept else "手工修改 / edited by hand"
        _write(folder, _next_number(folder), old, "-", first, unified_diff(previous, old, name))
    number = _next_number(folder)
    _write(folder, number, new, who, what, unified_diff(old, new, name))
    prune(folder, dt.datetime.now(dt.UTC), keep_days)
    return number


def _next_number(folder: Path) -> int:
    """One more than any numbered name in the folder: an orphan file (a half-written or odd version,
    even a folder named like one) is stepped over, never written into."""
    numbers = [int(entry.name.split(".")[0]) for entry in folder.iterdir() if entry.name.split(".")[0].isdigit()]
    return max(numbers, default=0) + 1


def prune(folder: Path, now: dt.datetime, keep_days: int = KEEP_DAYS) -> list[int]:
    """Forget versions older than `keep_days` except the last of each week (and the newest); returns those gone."""
    kept = versions(folder)  # newest first
    limit = now - dt.timedelta(days=keep_days)
    weeks_seen: set[tuple[int, int]] = set()
    gone = []
    for position, version in enumerate(kept):
        try:
            at = dt.datetime.fromisoformat(version.at)
        except ValueError:
            continue  # an unreadable time: kept, never guessed at
        if at.tzinfo is None:
            at = at.replace(tzinfo=dt.UTC)
        iso = at.isocalendar()
        week = (iso.year, iso.week)
        if position == 0 or at >= limit or week not in weeks_seen:
            weeks_seen.add(week)
            continue
        forget(folder, version.number)
        gone.append(version.number)
    return gone


def _text_of(folder: Path, number: int) -> str:
    """A kept version's text, or "" when only its description is left (an orphan never breaks a save)."""
    try:
        return content_of(folder, number).decode("utf-8", "replace")
    except OSError:
        return ""


def forget(folder: Path, number: int) -> None:
    """Take back version `number` (a save that never reached the file): its two files go."""
    for suffix in (".json", ".yaml"):
        (folder / f"{number:06d}{suffix}").unlink(missing_ok=True)


def _write(folder: Path, number: int, text: str, who: str, what: str, diff: str) -> None:
    """Version `number`'s bytes, then its description (listed only once both are there; half is removed)."""
    try:
        _write_both(folder, number, text, who, what, diff)
    except BaseException:
        forget(folder, number)  # a full disk halfway: no half version left behind
        raise


def _write_both(folder: Path, number: int, text: str, who: str, what: str, diff: str) -> None:
    content = text.encode("utf-8")
    (folder / f"{number:06d}.yaml").write_bytes(content)
    meta = {
        "version": content_version(content),
        "who": who,
        "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "what": what,
        "diff": diff,
    }
    (folder / f"{number:06d}.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
