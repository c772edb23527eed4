"""A district of three buildings in a temporary folder: the bundled floors.yaml, tower-v2 and riverside."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
BUILDINGS = {
    "xinjing": ROOT / "floors.yaml",
    "tower": ROOT / "tests" / "buildings" / "tower-v2.yaml",
    "riverside": ROOT / "tests" / "buildings" / "riverside.yaml",
}
HEAD = (
    "district: {name: {zh: 长宁区社区中心, en: Changning community centres}, public_url: https://kiosk.example.org}\n"
)


def write_district(folder: Path, buildings: dict[str, Path] | None = None, extra: str = "") -> Path:
    """district.yaml in `folder`, each building copied into its own subfolder (edits never touch the repo)."""
    lines = [HEAD, "buildings:\n"]
    for building_id, source in (buildings or BUILDINGS).items():
        (folder / building_id).mkdir(parents=True, exist_ok=True)
        shutil.copy(source, folder / building_id / "floors.yaml")
        lines.append(f"  - {{id: {building_id}, config: {building_id}/floors.yaml{extra}}}\n")
    path = folder / "district.yaml"
    path.write_text("".join(lines), encoding="utf-8")
    return path
