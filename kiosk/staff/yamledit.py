"""Changing floors.yaml safely: round-trip YAML, the same checks as `kiosk check`, an atomic write.

Every save loads the file as it is now (hand edits included), checks that it is still the
version the form was based on, applies one change to the round-trip tree (ruamel.yaml keeps
comments, order, quoting and layout), dumps it to text and runs `check_content` on that text:
a single error and nothing is written. Otherwise the text replaces the file atomically (a temp
file in the same folder, then `os.replace`), and the running kiosk reloads it on its mtime.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap

from kiosk.load.loader import Problem, check_content
from kiosk.load.roundtrip import append_entry, dump_tree, flow_map, load_tree, put, remove, section, write_atomically
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
    """A problem if `new_text` says another public_url than `old` (issue 14: only a person changes it)."""
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
    building, problems = check_content(new_text.encode("utf-8"), path.name, path.parent)
    errors = [p for p in problems if p.severity == "error"] + _public_url_guard(
        path.name, old.decode("utf-8"), new_text
    )
    keys: list[str | None] = problem_keys(new_text, entry, errors) if entry is not None else [None] * len(errors)
    return Outcome(
        saved=False,
        version=content_version(old),
        problems=errors,
        problem_keys=keys,
        old_text=old.decode("utf-8"),
        new_text=new_text,
        building=building if not errors else None,
    )


def save(path: Path, base_version: str, change: Change, before_write: Callable[[Outcome], None]) -> Outcome:
    """Apply `change` if the file is still `base_version` and the result passes every check; write atomically.

    `before_write` runs under the save lock with the checked outcome (history records it there).
    """
    with _SAVE_LOCK:
        now_version = current_version(path)
        if now_version != base_version:
            return Outcome(saved=False, version=now_version, conflict=True)
        outcome = draft(path, change)
        if outcome.problems or outcome.building is None:
            return outcome
        if outcome.new_text == outcome.old_text:
            outcome.saved = True  # nothing changed: nothing to write, no new version
            return outcome
        before_write(outcome)
        write_atomically(path, outcome.new_text.encode("utf-8"))
        outcome.saved = True
        outcome.version = content_version(outcome.new_text.encode("utf-8"))
        return outcome


def save_text(path: Path, base_version: str, text: str, before_write: Callable[[Outcome], None]) -> Outcome:
    """Write a whole text (a restored version) under the same lock, version check and checks as `save`."""
    with _SAVE_LOCK:
        old = path.read_bytes()
        if content_version(old) != base_version:
            return Outcome(saved=False, version=content_version(old), conflict=True)
        building, problems = check_content(text.encode("utf-8"), path.name, path.parent)
        errors = [p for p in problems if p.severity == "error"] + _public_url_guard(path.name, old.decode(), text)
        outcome = Outcome(
            saved=False,
            version=content_version(old),
            problems=errors,
            problem_keys=[None] * len(errors),
            old_text=old.decode("utf-8"),
            new_text=text,
            building=building if not errors else None,
        )
        if errors or building is None:
            return outcome
        if text.encode("utf-8") != old:
            before_write(outcome)
            write_atomically(path, text.encode("utf-8"))
        outcome.saved = True
        outcome.version = content_version(text.encode("utf-8"))
        return outcome


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


__all__ = ["append_entry", "dump_tree", "flow_map", "load_tree", "put", "remove", "section", "write_atomically"]
