"""Changing floors.yaml safely: round-trip YAML, the same checks as `kiosk check`, an atomic write.

Every save loads the file as it is now (hand edits included), checks that it is still the
version the form was based on, applies one change to the round-trip tree (ruamel.yaml keeps
comments, order, quoting and layout), dumps it to text and runs `check_content` on that text:
a single error and nothing is written. Otherwise the text replaces the file atomically (a temp
file in the same folder, then `os.replace`), and the running kiosk reloads it on its mtime.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.scalarstring import DoubleQuotedScalarString
from ruamel.yaml.tokens import CommentToken

try:
    import fcntl
except ImportError:  # not on Linux: the in-process lock alone
    fcntl = None  # type: ignore[assignment]

from kiosk.load.loader import Problem, check_content
from kiosk.load.site import content_version
from kiosk.model.building import Building

# The change an editor makes to the tree; returns the YAML path of the entry it touched (for errors).
Change = Callable[[CommentedMap], tuple[str | int, ...] | None]
_SAVE_LOCK = threading.Lock()  # one save at a time per process: check-version-then-write is atomic


def _yaml() -> YAML:
    """A round-trip YAML with the layout floors.yaml is written in (2-space maps, `  - ` lists)."""
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a long line
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def load_tree(text: str) -> CommentedMap:
    """The round-trip tree of a building file's text."""
    tree = _yaml().load(text)
    if not isinstance(tree, CommentedMap):
        raise ValueError("the building file is not a mapping")
    return tree


def dump_tree(tree: CommentedMap) -> str:
    """The text of a round-trip tree."""
    out = io.StringIO()
    _yaml().dump(tree, out)
    return out.getvalue()


# A text is written plain only when no YAML reader could take it for anything else: no indicator
# character anywhere (`? why`, `:)` in a `{zh: ..., en: ...}`), not a YAML 1.1 yes/no/null/number/time
# (`yes`, `on`, `12:30`, which kiosk check reads the 1.1 way), no space or line break at either end.
_PLAIN_RISK = re.compile(r"""[:#,\[\]{}&*!|>'"%@`?\\\r\n\t\x85\u2028\u2029]|^-(\s|$)|^(~|=|<<)$|^\s|\s$""")
_NUMBER_LIKE = re.compile(r"^[-+]?(\.(inf|nan)|[\d.][\w.:+-]*)$", re.IGNORECASE)  # 1e3, 0x1F, 12:30, 2026-12-08
_YAML11_WORDS = frozenset(["y", "n", "yes", "no", "true", "false", "on", "off", "null"])


def text_scalar(text: str) -> str:
    """A text as the console writes it: plain where that reads back as exactly this text, else double-quoted."""
    if _PLAIN_RISK.search(text) or _NUMBER_LIKE.match(text) or text.lower() in _YAML11_WORDS:
        return DoubleQuotedScalarString(text)
    return text


def flow_map(**values: Any) -> CommentedMap:
    """A small mapping written on one line, like the file's `{zh: 图书馆, en: Library}`."""
    mapping = CommentedMap((key, value) for key, value in values.items() if value not in (None, ""))
    mapping.fa.set_flow_style()
    return mapping


def section(tree: CommentedMap, name: str) -> CommentedSeq:
    """A list section of the file, created (at the end) when the file has none yet."""
    if not isinstance(tree.get(name), CommentedSeq):
        tree[name] = CommentedSeq()
    seq = tree[name]
    assert isinstance(seq, CommentedSeq)
    return seq


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


class Unwritable(OSError):
    """The file or its folder cannot be written (read-only folder, full disk): nothing was saved."""


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


def _write_temp(path: Path, content: bytes) -> str:
    """`content` in a synced temp file beside `path` (same mode); raises Unwritable (full disk, read-only)."""
    try:
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
        handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise Unwritable(str(error)) from error
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, mode)
    except OSError as error:
        Path(temp).unlink(missing_ok=True)
        raise Unwritable(str(error)) from error
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return temp


def write_atomically(path: Path, content: bytes) -> None:
    """Replace `path` with `content` in one step: readers see the old file or the new, never half."""
    temp = _write_temp(path, content)
    try:
        os.replace(temp, path)
    except OSError as error:
        raise Unwritable(str(error)) from error
    finally:
        Path(temp).unlink(missing_ok=True)


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


def _trailing_token(node: Any) -> Any:
    """The comment token after the last line of an entry (what follows it in the file), if any."""
    if not isinstance(node, CommentedMap) or not node:
        return None
    key = list(node)[-1]
    value = node[key]
    if isinstance(value, CommentedMap) and not value.fa.flow_style():
        return _trailing_token(value)
    slot = node.ca.items.get(key)
    return slot[2] if slot and len(slot) > 2 else None


def _split_trailing(token: Any) -> str | None:
    """Cut the lines after a token's end-of-line comment off it; returns them (None if there are none)."""
    if token is None:
        return None
    keep, newline, rest = str(token.value).partition("\n")
    if not newline or not rest.strip():
        return None
    token.value = keep + "\n"
    return rest


def _hang(mapping: CommentedMap, key: Any, rest: str) -> None:
    """Hang comment lines below `key` (the mapping's last key)."""
    slot = mapping.ca.items.get(key)
    if slot and len(slot) > 2 and slot[2] is not None:
        slot[2].value = str(slot[2].value).rstrip("\n") + "\n" + rest
    else:
        mapping.ca.items[key] = [None, None, CommentToken("\n" + rest, CommentMark(0), None), None]


def put(mapping: CommentedMap, key: str, value: Any) -> None:
    """Set a key; a new key goes last, below the entry's lines but above the comments that follow it."""
    if key in mapping or not mapping:
        mapping[key] = value
        return
    rest = _split_trailing(_trailing_token(mapping))
    mapping[key] = value
    if rest is not None:
        _hang(mapping, key, rest)


def remove(mapping: CommentedMap, key: str) -> None:
    """Remove a key; the comment lines that followed it stay, below the new last key."""
    if key not in mapping:
        return
    rest = _split_trailing(_trailing_token(mapping)) if list(mapping)[-1] == key else None
    del mapping[key]
    if rest is not None and mapping:
        last = list(mapping)[-1]
        value = mapping[last]
        target = value if isinstance(value, CommentedMap) and not value.fa.flow_style() and value else mapping
        _hang(target, list(target)[-1], rest)


def append_entry(seq: CommentedSeq, entry: CommentedMap) -> None:
    """Append an entry to a list section, keeping the comments that follow the list after the new entry.

    ruamel hangs the comment lines below a list (often the next section's explanation) on its
    last entry; appended naively, a new entry would land below them, inside the next section's text.
    """
    previous = seq[-1] if len(seq) else None
    seq.append(entry)
    if not entry:
        return
    rest = _split_trailing(_trailing_token(previous))
    if rest is not None:
        _hang(entry, list(entry)[-1], rest)
