"""The poster marker: which printed code a phone scanned, so staff can see scans per poster.

A printed code leads to `<page>?scan=<poster id>` (`building`, `floor-3f`, `space-library`,
`board-<floor id>` for the printed floor boards). The marker is read once, by the visit counter,
on the page the phone lands on; it is not a carried parameter, so no link on that page repeats it
and it never makes a page differ (nor a page-cache entry). A value that is not a short slug is
ignored, never an error.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

SCAN_PARAM = "scan"
POSTER_ID = re.compile(r"[a-z0-9-]{1,40}")


def poster_id(value: object) -> str | None:
    """`value` if it is a poster id (a short slug), else None."""
    return value if isinstance(value, str) and POSTER_ID.fullmatch(value) else None


def scanned_poster(args: Mapping[str, str]) -> str | None:
    """The poster a request's query says was scanned, if any (junk is ignored)."""
    return poster_id(args.get(SCAN_PARAM))
