"""Changing floors.yaml safely: round-trip YAML, the same checks as `kiosk check`, an atomic write.

Every save loads the file as it is now (hand edits included), checks that it is still the
version the form was based on, applies one change to the round-trip tree (ruamel.yaml keeps
comments, order, quoting and layout), dumps it to text and checks that text by the one load path (`load_content`):
a single error and nothing is written. Otherwise the text replaces the file atomically (a temp
file in the same folder, then `os.replace`), and the running kiosk reloads it on its mtime.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap

try:
    import fcntl
except ImportError:  # not on Linux: the in-process lock alone
    fcntl = None  # type: ignore[assignment]

from kiosk.load.loader import Loaded, Problem, load_content
from kiosk.load.roundtrip import (
    Unwritable,
    _write_temp,
    append_entry,
    dump_tree,
    flow_map,
    load_tree,
    put,
    remove,
    section,
    text_scalar,
    write_atomically,
)
from kiosk.load.site import content_version
from kiosk.model.building import Building

# The change an editor makes to the tree; returns the YAML path of the entry it touched (for errors).
Change = Callable[[CommentedMap], tuple[str | int, ...] | None]
_SAVE_LOCK = threading.Lock()  # one save at a time per process: check-version-then-write is atomic


@dataclass
class Outcome:
    """What a save did: the new version, or why nothing was written."""

    saved: bool
    version: str  # the file's version now
    problems: list[Problem] = field(default_factory=list)
    problem_keys: list[str | None] = field(default_factory=list)  # the entry's key each problem is at
    conflict: bool = False
    old_text: str = ""
    new_text: str = ""
    building: Building | None = None
    loaded: Loaded | None = None  # the new text as the one load path checked it (the store serves it at once)


def current_version(path: Path) -> str:
    """The version (hash) of the file as it is now."""
    return content_version(path.read_bytes())


PUBLIC_URL_PROBLEM = (
    "the console never changes public_url (the address in every printed QR code)",
    "change it in floors.yaml by hand, then run kiosk check",
)


def public_url_of(tree: Any) -> Any:
    """The `building.public_url` written in a tree (None when absent)."""
    building = tree.get("building") if isinstance(tree, CommentedMap) else None
    return building.get("public_url") if isinstance(building, CommentedMap) else None


def _public_url_guard(name: str, old: str, new_text: str) -> list[Problem]:
    """A problem if `new_text` says another public_url than `old` (only a person changes it)."""
    try:
        same = public_url_of(load_tree(old)) == public_url_of(load_tree(new_text))
    except Exception:  # an unreadable text is refused by the checks anyway
        return []
    return [] if same else [Problem(name, 1, 1, *PUBLIC_URL_PROBLEM)]


def draft(path: Path, change: Change) -> Outcome:
    """Apply `change` to the file as it is now and check the result, writing nothing."""
    old = path.read_bytes()
    tree = load_tree(old.decode("utf-8"))
    entry = change(tree)
    new_text = dump_tree(tree)
    loaded = load_content(new_text.encode("utf-8"), path.name, path.parent)
    errors = list(loaded.errors) + _public_url_guard(path.name, old.decode("utf-8"), new_text)
    keys: list[str | None] = problem_keys(new_text, entry, errors) if entry is not None else [None] * len(errors)
    return Outcome(
        saved=False,
        version=content_version(old),
        problems=errors,
        problem_keys=keys,
        old_text=old.decode("utf-8"),
        new_text=new_text,
        building=loaded.building if not errors else None,
        loaded=loaded if not errors else None,
    )


# What a save records just before the replace (history); returns how to take that record back.
BeforeWrite = Callable[[Outcome], "Callable[[], None] | None"]


@contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    """One save at a time: this process's threads, and other processes saving in the same folder (flock).

    The lock is taken on the folder itself, so it leaves no file behind and works in a read-only folder.
    """
    with _SAVE_LOCK:
        try:
            handle = os.open(path.parent, os.O_RDONLY)
        except OSError:
            yield  # no folder to lock: the save itself will say what is wrong
            return
        try:
            if fcntl is not None:
                fcntl.flock(handle, fcntl.LOCK_EX)
            yield
        finally:
            os.close(handle)  # closing releases the flock


def _stamp(path: Path) -> tuple[int, int, int, int]:
    """What changes whenever someone writes the file: its device, inode, size and mtime (ns)."""
    stat = path.stat()
    return stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns


def save(path: Path, base_version: str, change: Change, before_write: BeforeWrite) -> Outcome:
    """Apply `change` if the file is still `base_version` and the result passes every check; write atomically.

    `before_write` runs under the save lock with the checked outcome, once the new text is safely on disk
    beside the file (history records it there); it may return an undo, called if the replace does not happen.
    """
    with _file_lock(path):
        stamp = _stamp(path)
        now_version = current_version(path)
        if now_version != base_version:
            return Outcome(saved=False, version=now_version, conflict=True)
        outcome = draft(path, change)
        if outcome.problems or outcome.building is None:
            return outcome
        if outcome.new_text == outcome.old_text:
            outcome.saved = True  # nothing changed: nothing to write, no new version
            return outcome
        return _commit(path, outcome, stamp, before_write)


def save_text(path: Path, base_version: str, text: str, before_write: BeforeWrite) -> Outcome:
    """Write a whole text (a restored version) under the same lock, version check and checks as `save`."""
    with _file_lock(path):
        stamp = _stamp(path)
        old = path.read_bytes()
        if content_version(old) != base_version:
            return Outcome(saved=False, version=content_version(old), conflict=True)
        loaded = load_content(text.encode("utf-8"), path.name, path.parent)
        errors = list(loaded.errors) + _public_url_guard(path.name, old.decode(), text)
        outcome = Outcome(
            saved=False,
            version=content_version(old),
            problems=errors,
            problem_keys=[None] * len(errors),
            old_text=old.decode("utf-8"),
            new_text=text,
            building=loaded.building if not errors else None,
            loaded=loaded if not errors else None,
        )
        if errors or loaded.building is None:
            return outcome
        if text.encode("utf-8") == old:
            outcome.saved = True
            return outcome
        return _commit(path, outcome, stamp, before_write)


def _commit(path: Path, outcome: Outcome, stamp: tuple[int, int, int, int], before_write: BeforeWrite) -> Outcome:
    """Write the new text beside the file, record it, and replace the file only if nobody wrote it meanwhile.

    The check that the file is still the version the draft was made from happens right before
    `os.replace`, not when the save began: a hand edit that lands while the save works (half a
    second of checks and history) makes the save refuse, as a colleague's save does, instead of
    being overwritten. Hand editors take no lock, so the old file is also kept by a hard link
    across the replace: a byte that reached it in the last microseconds puts it back.
    """
    old, new = outcome.old_text.encode("utf-8"), outcome.new_text.encode("utf-8")
    temp = _write_temp(path, new)  # raises Unwritable: nothing recorded yet
    undo: Callable[[], None] | None = None
    try:
        try:
            undo = before_write(outcome)
        except OSError as error:
            raise Unwritable(str(error)) from error
        if _stamp(path) != stamp or path.read_bytes() != old:
            return _meanwhile(path, outcome, undo)
        if not _replace_unless_touched(temp, path, old):
            return _meanwhile(path, outcome, undo)
    except BaseException:
        if undo is not None:
            undo()
        raise
    finally:
        Path(temp).unlink(missing_ok=True)
    outcome.saved = True
    outcome.version = content_version(new)
    return outcome


def _meanwhile(path: Path, outcome: Outcome, undo: Callable[[], None] | None) -> Outcome:
    """The file was written by someone else while the save worked: refuse, as a colleague's save is."""
    if undo is not None:
        undo()
    outcome.saved, outcome.conflict, outcome.version = False, True, current_version(path)
    return outcome


def _replace_unless_touched(temp: str, path: Path, old: bytes) -> bool:
    """`os.replace(temp, path)`; if the old file turns out to have changed as it went, put it back (False)."""
    guard = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.was")
    try:
        guard.unlink(missing_ok=True)
        os.link(path, guard)  # the old inode, whatever is written into it up to the replace
    except OSError:
        guard = None  # type: ignore[assignment]  # no hard links here: the check just before is all we have
    try:
        os.replace(temp, path)
    except OSError as error:
        raise Unwritable(str(error)) from error
    if guard is None:
        return True
    try:
        if guard.read_bytes() == old:
            return True
        os.replace(guard, path)  # a hand edit reached the old file in the last instant: it wins
        return False
    finally:
        guard.unlink(missing_ok=True)


def _key_lines(node: Any, prefix: str) -> Iterator[tuple[int, str]]:
    """(line, dotted key) of every key under a mapping node, 1-based lines."""
    if isinstance(node, CommentedMap):
        for key in node:
            line = node.lc.key(key)[0] + 1
            name = f"{prefix}.{key}" if prefix else str(key)
            yield line, name
            yield from _key_lines(node[key], name)


def problem_keys(text: str, entry: tuple[str | int, ...], problems: list[Problem]) -> list[str | None]:
    """For each problem, the key of the edited entry it stands at (e.g. `text.en`), or None if elsewhere."""
    node: Any = load_tree(text)
    try:
        for step in entry:
            node = node[step]
    except (KeyError, IndexError, TypeError):
        return [None] * len(problems)
    if not isinstance(node, CommentedMap):
        return [None] * len(problems)
    start = node.lc.line + 1
    lines = sorted(_key_lines(node, ""))
    last = max((line for line, _ in lines), default=start)
    found: list[str | None] = []
    for problem in problems:
        if not start <= problem.line <= last + 3:
            found.append(None)
            continue
        before = [name for line, name in lines if line <= problem.line]
        found.append(before[-1] if before else "")
    return found


__all__ = [
    "Unwritable",
    "append_entry",
    "dump_tree",
    "flow_map",
    "load_tree",
    "put",
    "remove",
    "section",
    "text_scalar",
    "write_atomically",
]
