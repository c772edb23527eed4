"""What a refused save shows: what is saved now where it differs from what this person typed, and who saved it.

Two staff open the same form; the first saves, the second is refused (their input kept on screen).
So that the second can decide without opening another page, each field whose saved value now
differs says so under it, and the latest kept version says who changed it and when.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from kiosk.staff.edits import Field
from kiosk.staff.history import Version


def shown(field: Field, values: Mapping[str, str]) -> str:
    """A field's value as staff read it: a choice by its words, a date with its time."""
    value = values.get(field.name, "")
    if field.kind in ("radio", "choice"):
        pair = dict(field.choices).get(value)
        return f"{pair[0]} {pair[1]}" if pair and pair[0] != pair[1] else (pair[0] if pair else value)
    if field.kind == "when":
        return " ".join(part for part in (value, values.get(field.name + ".time", "")) if part)
    return value


def saved_now(fields: Sequence[Field], latest: Mapping[str, str], typed: Mapping[str, str]) -> dict[str, str]:
    """For each field whose saved value differs from what was typed: the saved value, as shown ("—" if empty)."""
    differ = {}
    for field in fields:
        now, mine = shown(field, latest), shown(field, typed)
        if now.strip() != mine.strip():
            differ[field.name] = now or "—"
    return differ


def last_change(kept: Sequence[Version], current: str) -> Version | None:
    """The newest kept version if it is the file as it is now (a later hand edit has no name to give)."""
    return kept[0] if kept and kept[0].version == current else None
