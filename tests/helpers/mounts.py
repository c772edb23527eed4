"""A building file with its first kiosk repeated on three screen mounts, for the low-reach tests."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Mount:
    """A way to mount the screen: the kiosk id it gets, its `screen:` (None: left out) and its viewport."""

    name: str
    height_mm: float
    bottom_mm: float
    width: int
    height: int
    given: bool = True  # False: no `screen:` in the file, so the typical mount is assumed

    @property
    def viewport(self) -> dict[str, int]:
        """The browser viewport: the whole screen, as Chromium in kiosk mode shows it."""
        return {"width": self.width, "height": self.height}


MOUNTS = (
    Mount("typical", 1218, 750, 1080, 1920, given=False),  # 55-inch portrait, bottom at 0.75 m, top near 2 m
    Mount("low", 1218, 400, 1080, 1920),  # the same screen hung low
    Mount("stand", 680, 900, 1920, 1080),  # a 55-inch landscape screen on a stand
)
REACH_MM = (380.0, 1220.0)


def with_mounts(source: Path, target: Path) -> dict[str, str]:
    """Write `source` to `target` with its first kiosk repeated once per mount; the kiosk id of each mount."""
    text = source.read_text(encoding="utf-8")
    section = re.search(r"^kiosks:\n(.*?)(?=^\S)", text, flags=re.S | re.M)
    assert section, f"{source.name} has no kiosks: section"
    first = re.match(r"  - id: (\S+)\n(?:(?!  - ).*\n)*", section.group(1))
    assert first, f"{source.name}: the first kiosk is not written as `  - id: ...`"
    kiosk_id, entry = first.group(1), first.group(0).rstrip("\n") + "\n"
    ids, added = {}, []
    for mount in MOUNTS:
        if not mount.given:
            ids[mount.name] = kiosk_id
            continue
        ids[mount.name] = f"{kiosk_id}-{mount.name}"
        screen = f"    screen: {{height_mm: {mount.height_mm:g}, bottom_mm: {mount.bottom_mm:g}}}\n"
        added.append(entry.replace(f"id: {kiosk_id}", f"id: {ids[mount.name]}", 1) + screen)
    end = section.end()
    target.write_text(text[:end].rstrip("\n") + "\n" + "".join(added) + "\n" + text[end:], encoding="utf-8")
    return ids
