"""A floor's background drawing: only an image file beside floors.yaml, and never a huge one.

The drawing is sent to every phone that opens the floor's plan, so its size is capped: a
300 MB scan would otherwise be streamed to each of them. `kiosk check` says when a drawing is
over the cap (an error) or is not there (a warning); the server never sends one that is.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from kiosk.building import Building, Floor
from kiosk.routing import GeometryIssue

MAX_BYTES = 5 * 1024 * 1024  # a 4000 px plan exports to well under 2 MB as PNG or WebP
TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".webp": "image/webp"}


def _candidate(base: Path, floor: Floor) -> Path | None:
    """The drawing's path if it names an image inside `base` (it may not exist); None otherwise."""
    if floor.plan is None or not floor.plan.background:
        return None
    base = base.resolve()
    candidate = (base / floor.plan.background).resolve()
    if base not in candidate.parents or candidate.suffix.lower() not in TYPES:
        return None
    return candidate


def _size(path: Path) -> int | None:
    try:
        return path.stat().st_size if path.is_file() else None
    except OSError:
        return None


def background_file(base: Path, floor: Floor) -> Path | None:
    """The floor's drawing, if it is an image file beside floors.yaml (in `base`) within the size cap."""
    candidate = _candidate(base, floor)
    size = _size(candidate) if candidate else None
    return candidate if candidate and size is not None and size <= MAX_BYTES else None


def check_backgrounds(building: Building, base: Path) -> Iterator[GeometryIssue]:
    """Every background drawing that is missing, misplaced, of the wrong type or too big."""
    for index, floor in enumerate(building.floors):
        if floor.plan is None or not floor.plan.background:
            continue
        where = ("floors", index, "plan", "background")
        name = floor.plan.background
        candidate = _candidate(base, floor)
        if candidate is None:
            yield GeometryIssue(
                where,
                f"floor {floor.label}: the background `{name}` is not an image beside floors.yaml",
                "use a .png, .jpg or .webp file in the folder of floors.yaml (or a folder inside it)",
                "warning",
            )
            continue
        size = _size(candidate)
        if size is None:
            yield GeometryIssue(
                where,
                f"floor {floor.label}: the background `{name}` is not there, so the plan is drawn without it",
                "put the file beside floors.yaml, or remove `background:`",
                "warning",
            )
        elif size > MAX_BYTES:
            yield GeometryIssue(
                where,
                f"floor {floor.label}: the background `{name}` is {size / 1e6:.1f} MB, more than the "
                f"{MAX_BYTES // (1024 * 1024)} MB a phone should download",
                "export it smaller, e.g. 2000 pixels wide, or as .webp",
            )
