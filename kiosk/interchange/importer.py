"""`kiosk import FILE`: read a drawing of whichever kind it is, merge it into floors.yaml, say what happened."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from kiosk.interchange.drawing import Drawing, ImportRefused, finish
from kiosk.interchange.guard import kind_of_file
from kiosk.interchange.merge import Merged, merge_file
from kiosk.load.roundtrip import load_tree
from kiosk.model.vocabulary import DEFAULT_LANGUAGES

KIND_NAMES = {"read": "read", "guessed": "guessed", "skipped": "skipped", "check": "check by eye"}


def building_languages(config: Path) -> list[str]:
    """The languages of the building file (the defaults for a new one)."""
    if not config.exists():
        return list(DEFAULT_LANGUAGES)
    try:
        written = load_tree(config.read_text(encoding="utf-8")).get("languages")
    except Exception:  # a broken file is named by the checks later
        return list(DEFAULT_LANGUAGES)
    return [str(lang) for lang in written] if isinstance(written, list) and written else list(DEFAULT_LANGUAGES)


def read_drawing(
    path: Path, config: Path, floor: str | None = None, rooms_layer: str | None = None, scale: float | None = None
) -> Drawing:
    """The drawing in `path` (DXF, IMDF .zip or GeoJSON), or ImportRefused saying why not."""
    kind = kind_of_file(path)
    try:
        drawing = _read(kind, path, config, floor, rooms_layer, scale)
    except (ImportRefused, MemoryError):
        raise
    except Exception as error:  # a malformed entity deep in a file from outside: say so, never a traceback
        raise ImportRefused(
            f"{path.name} could not be read as {kind.upper()}: {type(error).__name__}: {error}"
        ) from error
    drawing.source = path.name
    finish(drawing)
    return drawing


def _read(
    kind: str, path: Path, config: Path, floor: str | None, rooms_layer: str | None, scale: float | None
) -> Drawing:
    """The drawing of one kind of file."""
    languages = building_languages(config)
    if kind == "dxf":
        from kiosk.interchange.dxf import read_dxf  # ezdxf loads only when a DXF is imported

        if floor is None:
            raise ImportRefused(f"say which floor {path.name} draws: kiosk import {path.name} --floor 1f")
        drawing = read_dxf(path, floor, languages, rooms_layer, scale)
    elif kind == "imdf":
        from kiosk.interchange.imdf_read import read_imdf

        drawing = read_imdf(path, config, floor)
    else:
        from kiosk.interchange.geojson_read import read_geojson

        drawing = read_geojson(path, config, floor, languages)
    return drawing


def import_file(
    path: Path, config: Path, floor: str | None = None, rooms_layer: str | None = None, scale: float | None = None
) -> Merged:
    """Read and merge, writing nothing: the caller shows the diff or writes `new_text`."""
    drawing = read_drawing(path, config, floor, rooms_layer, scale)
    try:
        return merge_file(config, drawing)
    except ValueError as error:
        raise ImportRefused(str(error)) from error


def report_lines(merged: Merged) -> Iterator[str]:
    """The report: every note by kind, the rooms gone, then what to check on the plan."""
    for kind in ("read", "guessed", "skipped", "check"):
        notes = [n for n in merged.notes if n.kind == kind]
        if notes:
            yield f"{KIND_NAMES[kind]} ({len(notes)}):"
            yield from (f"  {n.source}: {n.text}" for n in notes)
    if merged.gone:
        yield f"not in the drawing, kept in the file: {', '.join(merged.gone)}"
    yield "look at each imported floor with `kiosk serve` (/plan): rooms, names, doors, and a route or two"
