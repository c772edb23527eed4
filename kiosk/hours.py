"""Opening hours: OpenStreetMap `opening_hours` expressions, read with opening-hours-py.

Staff write hours as data (`Mo-Su 08:30-17:00; PH off`); this module answers the two
questions visitors ask: is it open now, and if not, when does it open.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass
from functools import lru_cache

import opening_hours
from opening_hours import OpeningHours, State

# The parser raises its own ParserError, which the package's type stubs do not declare.
PARSER_ERROR: type[Exception] = getattr(opening_hours, "ParserError", ValueError)

# Public holidays ("PH") in the expressions are China's.
COUNTRY = "CN"


@lru_cache(maxsize=256)
def parse(expression: str, timezone: str = "Asia/Shanghai") -> OpeningHours:
    """Parse an expression once; raises ValueError with a readable reason."""
    try:
        return OpeningHours(expression, timezone=zoneinfo.ZoneInfo(timezone), country=COUNTRY)
    except (PARSER_ERROR, SyntaxError, ValueError) as error:
        # The parser's message is multi-line with a caret; keep its first useful line.
        lines = [line.strip() for line in str(error).splitlines() if line.strip()]
        reason = lines[-1].lstrip("= ").strip() if lines else "not understood"
        raise ValueError(f"opening hours {expression!r} are not valid ({reason})") from None


@dataclass(frozen=True)
class Period:
    """One open stretch of a day."""

    start: dt.time
    end: dt.time

    def __str__(self) -> str:
        end = "24:00" if self.end == dt.time(0) else self.end.strftime("%H:%M")
        return f"{self.start.strftime('%H:%M')}–{end}"


@dataclass(frozen=True)
class Status:
    """Whether a place is open at a moment, and when that changes."""

    is_open: bool
    next_change: dt.datetime | None
    today: tuple[Period, ...]

    @property
    def closes_at(self) -> dt.datetime | None:
        """When an open place closes (None when it never does)."""
        return self.next_change if self.is_open else None

    @property
    def opens_at(self) -> dt.datetime | None:
        """When a closed place opens next (None when it never does)."""
        return None if self.is_open else self.next_change


def periods_on(expression: str, day: dt.date, timezone: str) -> tuple[Period, ...]:
    """The open periods of `day`, in the building's time zone."""
    tz = zoneinfo.ZoneInfo(timezone)
    start = dt.datetime.combine(day, dt.time(0), tzinfo=tz)
    end = start + dt.timedelta(days=1)
    periods = []
    for begin, finish, state, _comment in parse(expression, timezone).intervals(start, end):
        if state == State.OPEN:
            finish = finish if finish is not None else end
            periods.append(Period(begin.astimezone(tz).time(), finish.astimezone(tz).time()))
    return tuple(periods)


def status(expression: str, now: dt.datetime, timezone: str) -> Status:
    """Whether `expression` is open at `now` (an aware datetime), and when that changes."""
    tz = zoneinfo.ZoneInfo(timezone)
    local_now = now.astimezone(tz)
    hours = parse(expression, timezone)
    is_open = hours.is_open(local_now)
    next_change = hours.next_change(local_now)
    return Status(
        is_open=is_open,
        next_change=next_change.astimezone(tz) if next_change is not None else None,
        today=periods_on(expression, local_now.date(), timezone),
    )
