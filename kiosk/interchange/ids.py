"""Ids for imported entries, made from their names: `library` from Library, `tu-shu-guan` from 图书馆."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

from pypinyin import lazy_pinyin

MAX_ID = 40  # floors.yaml's id length


def slug(words: str) -> str:
    """A floors.yaml id from any words: pinyin for Chinese, lower-case ASCII, words joined by `-`."""
    spelled = " ".join(lazy_pinyin(words, errors=lambda chars: chars))
    ascii_only = unicodedata.normalize("NFKD", spelled).encode("ascii", "ignore").decode()
    joined = re.sub(r"[^a-z0-9]+", "-", ascii_only.lower()).strip("-")
    return joined[:MAX_ID].rstrip("-")


def id_from(name: Mapping[str, str], fallback: str) -> str:
    """An id from a name: the English one if there is one (readable in addresses), else pinyin of the rest."""
    for lang in ("en", *sorted(name)):
        if lang in name and (made := slug(name[lang])):
            return made
    return fallback


def unique(base: str, taken: set[str]) -> str:
    """`base`, or `base-2`, `base-3`... whichever is not taken yet; marks it taken."""
    candidate, n = base, 2
    while candidate in taken:
        suffix = f"-{n}"
        candidate = base[: MAX_ID - len(suffix)].rstrip("-") + suffix
        n += 1
    taken.add(candidate)
    return candidate


def floor_id(label: str) -> str:
    """A floor's id from its label, as `kiosk init` makes them: `1F` → `1f`, `B1` → `b1`."""
    return slug(label) or "floor"


def order_of(label: str) -> int | None:
    """A floor's order from a label: `B2` → -2, `1F`/`F1`/`L1` → 1, `G` → 0; None if it says none."""
    text = label.strip().upper()
    if text in ("G", "GF"):
        return 0
    if match := re.fullmatch(r"B(\d{1,2})F?|-(\d{1,2})", text):
        return -int(match.group(1) or match.group(2))
    if match := re.fullmatch(r"(\d{1,3})F?|[FL](\d{1,3})", text):
        return int(match.group(1) or match.group(2))
    return None
