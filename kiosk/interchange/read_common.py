"""What IMDF and GeoJSON share: labels per language, the plans' origin on the globe, opening hours."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kiosk.load.roundtrip import load_tree
from kiosk.model import hours

LANGUAGE_TAGS = {
    "zh-hans": "zh",
    "zh-cn": "zh",
    "zh-sg": "zh",
    "zh-hant": "zh-hant",
    "zh-tw": "zh-hant",
    "zh-hk": "zh-hant",
}


def language_of(tag: str) -> str:
    """floors.yaml's language code of a BCP 47 tag: `zh-Hans` → `zh`, `en-US` → `en`, `zh-Hant` → `zh-hant`."""
    lower = tag.strip().lower().replace("_", "-")
    return LANGUAGE_TAGS.get(lower, lower.split("-")[0])


def labels(value: Any) -> dict[str, str]:
    """IMDF labels (`{"en": "Library", "zh-Hans": "图书馆"}`) as a floors.yaml text."""
    if not isinstance(value, dict):
        return {}
    found: dict[str, str] = {}
    for tag, words in value.items():
        if isinstance(words, str) and words.strip():
            found.setdefault(language_of(str(tag)), " ".join(words.split()))
    return found


def origin_of(config: Path) -> tuple[float, float, float] | None:
    """The building's `location:` (lon, lat, bearing) in floors.yaml, when it has one: exports use the same origin."""
    if not config.exists():
        return None
    try:
        building = load_tree(config.read_text(encoding="utf-8")).get("building") or {}
        where: Any = building.get("location")
        return (float(where["lon"]), float(where["lat"]), float(where.get("bearing", 0)))
    except Exception:  # no location (or a broken one, which the checks name): the drawing's own corner
        return None


def plain_hours(value: Any) -> str | None:
    """Opening hours in OpenStreetMap syntax, if they parse as floors.yaml's hours do."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        hours.parse(value.strip())
    except Exception:  # the parser's own errors vary; any of them means staff write the hours
        return None
    return value.strip()
