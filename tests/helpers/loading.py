"""The bundled floors.yaml edited in one place, and what `kiosk check` says about it."""

from __future__ import annotations

from kiosk.load.loader import check_content
from tests.helpers.buildings import BUNDLED

LIBRARY = "  - id: library\n    name: {zh: 图书馆, en: Library}\n"
SPACE_KEYS = (
    "id, name, floor, category, description, location, hours, aliases, shape, door, open_during_closures,"
    " step_free, status, walkable"
)
PLAN_1F = "    plan:\n      size: [80, 50]\n"


def errors_after(old: str, new: str) -> tuple[list[str], str]:
    """The errors of the bundled file with `old` replaced by `new`, and the edited text."""
    text = BUNDLED.read_text(encoding="utf-8")
    assert old in text, old
    edited = text.replace(old, new, 1)
    building, problems = check_content(edited.encode("utf-8"), "floors.yaml", BUNDLED.parent)
    assert building is None
    return [str(p) for p in problems if p.severity == "error"], edited


def problems_of(text: str) -> list[str]:
    """Every problem (errors and warnings) for `text` read as floors.yaml beside the bundled one."""
    _, problems = check_content(text.encode("utf-8"), "floors.yaml", BUNDLED.parent)
    return [str(p) for p in problems]


def bundled_with(old: str, new: str) -> str:
    """The bundled file's text with the one snippet `old` replaced by `new`."""
    text = BUNDLED.read_text(encoding="utf-8")
    assert old in text, old
    return text.replace(old, new, 1)
