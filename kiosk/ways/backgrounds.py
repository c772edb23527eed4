"""A floor's background drawing: only an image file beside floors.yaml, and never a huge one.

The drawing is sent to every phone that opens the floor's plan, so its size is capped: a
300 MB scan would otherwise be streamed to each of them. `kiosk check` says when a drawing is
over the cap (an error) or is not there (a warning); the server never sends one that is.
"""

from __future__ import annotations

from pathlib import Path

from kiosk.model.building import Floor

MAX_BYTES = 5 * 1024 * 1024  # a 4000 px plan exports to well under 2 MB as PNG or WebP
TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".webp": "image/webp"}


def background_candidate(base: Path, floor: Floor) -> Path | None:
    """The drawing's path if it names an image inside `base` (it may not exist); None otherwise."""
    if floor.plan is None or not floor.plan.background:
        return None
    base = base.resolve()
    candidate = (base / floor.plan.background).resolve()
    if base not in candidate.parents or candidate.suffix.lower() not in TYPES:
        return None
    return candidate


def file_size(path: Path) -> int | None:
    """The size of a file in bytes, or None when it is not a readable file."""
    try:
        return path.stat().st_size if path.is_file() else None
    except OSError:
        return None


def background_file(base: Path, floor: Floor) -> Path | None:
    """The floor's drawing, if it is an image file beside floors.yaml (in `base`) within the size cap."""
    candidate = background_candidate(base, floor)
    size = file_size(candidate) if candidate else None
    return candidate if candidate and size is not None and size <= MAX_BYTES else None
