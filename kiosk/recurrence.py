"""How often a repeating event may happen, for floors.yaml's `repeat:` and for iCalendar feeds alike.

One event with `RRULE:FREQ=SECONDLY` is 1.4 million occurrences in the two weeks a page shows, and
dateutil builds them all in a list before anything can stop it: a server with 300 MB of memory is
killed, restarted, and killed again for as long as the feed holds the event. A lobby has nothing that
starts more than once an hour, so a rule that repeats more often is refused (its event named), and
what is left is capped: an event shows at most `PER_EVENT_WEEK` times a week, a source at most
`PER_SOURCE_WEEK` times a week.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

PER_EVENT_WEEK = 500  # an hourly class around the clock is 168 a week: far beyond this is a broken feed
PER_SOURCE_WEEK = 5_000  # a busy centre runs a few hundred sessions a week
# Expanding one source may take this much CPU time in the background thread; the rest is skipped (and said).
SOURCE_BUDGET_SECONDS = 5.0
_TOO_OFTEN = {"SECONDLY": "every second", "MINUTELY": "every minute"}


def cap_for(per_week: int, days: int) -> int:
    """The cap of a window of `days` days, from a cap per week."""
    return math.ceil(per_week * max(days, 1) / 7)


def parts_of(rule: str) -> dict[str, list[str]]:
    """An RRULE's text (`FREQ=WEEKLY;BYDAY=SA`, with or without `RRULE:`) as name -> values, names upper case."""
    parts: dict[str, list[str]] = {}
    for item in rule.strip().removeprefix("RRULE:").split(";"):
        name, _, value = item.partition("=")
        if name.strip():
            parts[name.strip().upper()] = [v.strip() for v in value.split(",") if v.strip()]
    return parts


def too_often(parts: Mapping[str, Sequence[object]]) -> str:
    """Why a rule repeats more often than hourly ("" when it does not); `parts` as `parts_of` or a vRecur."""
    freq = str(next(iter(parts.get("FREQ", ())), "")).upper()
    if freq in _TOO_OFTEN:
        return (
            f"it repeats {_TOO_OFTEN[freq]} (FREQ={freq}); the kiosk shows repeats of at most once an hour: "
            "use FREQ=HOURLY, DAILY or WEEKLY"
        )
    for name, unit in (("BYMINUTE", "minutes"), ("BYSECOND", "seconds")):
        if len(parts.get(name, ())) > 1:
            return (
                f"it repeats several times an hour ({name} lists {len(parts[name])} {unit}); "
                "the kiosk shows repeats of at most once an hour"
            )
    return ""
