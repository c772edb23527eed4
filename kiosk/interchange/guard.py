"""Refusing a hostile or mislabelled file before any parser sees it: size, kind, zip bombs, climbing paths.

A drawing comes from outside (a design institute, a vendor, a download), so every reader starts
here: the file must be no bigger than any real building's drawing, be what its name says, and,
for a zip, hold only plain names under its own folder that unpack to a sane size.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path, PurePosixPath
from typing import Any

from kiosk.interchange.drawing import ImportRefused

MAX_FILE_BYTES = 64 * 1024 * 1024  # the DXF of a large hospital floor is ~30 MB
MAX_JSON_BYTES = 32 * 1024 * 1024
MAX_ZIP_MEMBERS = 200
MAX_UNPACKED_BYTES = 256 * 1024 * 1024
MAX_RATIO = 100  # JSON squeezes ~10x; a hundredfold is a bomb


def kind_of_file(path: Path) -> str:
    """ "dxf", "imdf" or "geojson", from the file's first bytes (not its name alone), or refuse."""
    if not path.is_file():
        raise ImportRefused(f"{path}: no such file")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise ImportRefused(
            f"{path.name} is {size / 2**20:.0f} MB; a drawing over {MAX_FILE_BYTES // 2**20} MB is refused"
        )
    with path.open("rb") as handle:
        head = handle.read(4096)
    suffix = path.suffix.lower()
    found = _sniff(head)
    claimed = {".dxf": "dxf", ".zip": "imdf", ".imdf": "imdf", ".geojson": "geojson", ".json": "geojson"}.get(suffix)
    if found is None:
        raise ImportRefused(
            f"{path.name} is not a DXF drawing, an IMDF archive (.zip) or a GeoJSON file: "
            "its first bytes are none of them"
        )
    if claimed is not None and claimed != found:
        raise ImportRefused(
            f"{path.name} says it is {suffix} but its content is {found.upper()}: rename it or check the export"
        )
    return found


def _sniff(head: bytes) -> str | None:
    """What the first bytes of a file are."""
    if head.startswith(b"PK\x03\x04"):
        return "imdf"
    if head.startswith(b"AutoCAD Binary DXF"):
        return "dxf"
    text = head.lstrip(b"\xef\xbb\xbf").decode("utf-8", "replace")
    stripped = text.lstrip()
    if stripped.startswith("{"):
        return "geojson"
    lines = [line.strip() for line in text.splitlines()[:12]]
    # An ASCII DXF is group-code/value pairs: `0`, `SECTION` (after optional `999` comments).
    for code, value in zip(lines[::2], lines[1::2], strict=False):
        if code == "999":
            continue
        return "dxf" if code == "0" and value == "SECTION" else None
    return None


def _safe_name(name: str) -> bool:
    """A member name that stays inside the archive's folder: relative, no `..`, no drive, no backslash."""
    if not name or "\\" in name or "\x00" in name or name.startswith("/") or ":" in name:
        return False
    return ".." not in PurePosixPath(name).parts


def zip_members(path: Path) -> dict[str, bytes]:
    """The JSON files of a zip, read with caps on count, unpacked size and ratio; refuse anything else."""
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as error:
        raise ImportRefused(f"{path.name} is not a readable zip archive ({error})") from error
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_ZIP_MEMBERS:
            raise ImportRefused(f"{path.name} holds {len(infos)} files; an IMDF archive has about a dozen")
        total = 0
        for info in infos:
            _check_member(path, info)
            total += info.file_size
        if total > MAX_UNPACKED_BYTES:
            raise ImportRefused(f"{path.name} would unpack to {total / 2**20:.0f} MB: refused as a zip bomb")
        return {info.filename: _read_member(archive, info) for info in infos if not info.is_dir()}


def _check_member(path: Path, info: zipfile.ZipInfo) -> None:
    """Refuse a member that climbs out of the folder or squeezes too much."""
    if not _safe_name(info.filename):
        raise ImportRefused(f"{path.name}: the file name {info.filename!r} climbs out of the archive's folder; refused")
    if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        raise ImportRefused(
            f"{path.name}: {info.filename} unpacks {info.file_size // max(info.compress_size, 1)}-fold: "
            "refused as a zip bomb"
        )
    if info.file_size > MAX_JSON_BYTES:
        raise ImportRefused(f"{path.name}: {info.filename} unpacks to {info.file_size / 2**20:.0f} MB; refused")


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """A member's bytes, never more than it said (a lying header cannot unpack more)."""
    with archive.open(info) as handle:
        data = handle.read(info.file_size + 1)
    if len(data) > info.file_size:
        raise ImportRefused(f"{info.filename} unpacks to more than its header says: refused as a zip bomb")
    return data


def parse_json(data: bytes, name: str) -> Any:
    """JSON text as Python data, with a clear refusal for what is not JSON or nests absurdly deep."""
    if len(data) > MAX_JSON_BYTES:
        raise ImportRefused(f"{name} is {len(data) / 2**20:.0f} MB of JSON; refused")
    try:
        return json.loads(data.decode("utf-8-sig"))
    except RecursionError as error:
        raise ImportRefused(f"{name} nests its lists too deep for GeoJSON; refused") from error
    except (UnicodeDecodeError, ValueError) as error:
        raise ImportRefused(f"{name} is not valid JSON: {error}") from error
