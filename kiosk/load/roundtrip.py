"""floors.yaml as a round-trip tree: comments, order, quoting and layout survive a change.

The staff console's edits and `kiosk import` both change the file through these: load the text
into a ruamel.yaml tree, change entries with `put`, `remove` and `append_entry` (which keep the
comment lines that follow an entry where they were), and dump it back.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.scalarstring import DoubleQuotedScalarString
from ruamel.yaml.tokens import CommentToken


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


class Unwritable(OSError):
    """The file or its folder cannot be written (read-only folder, full disk): nothing was saved."""


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
