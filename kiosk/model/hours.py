"""Opening hours: OpenStreetMap `opening_hours` expressions, read with opening-hours-py.

Staff write hours as data (`Mo-Su 08:30-17:00; PH off`); this module answers the two
questions visitors ask: is it open now, and if not, when does it open.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

import opening_hours
from opening_hours import OpeningHours, State

from kiosk.model import calendar

# The parser raises its own ParserError, which the package's type stubs do not declare.
PARSER_ERROR: type[Exception] = getattr(opening_hours, "ParserError", ValueError)

# opening-hours-py's own China calendar knows one day per festival and no make-up days, so we
# never let it decide which days are holidays: `kiosk.model.calendar` does, and we read each day as
# the date opening-hours-py should see (see `_reading`).
COUNTRY = "CN"
# The span over which we list the days opening-hours-py takes as `PH` (to read a holiday's hours).
_PH_SPAN = (dt.date(2000, 1, 1), dt.date(2080, 1, 1))
# Scanning for the next opening stops after this many days ("never opens").
_HORIZON_DAYS = 400


def _error_reason(error: Exception) -> str:
    # The parser's message is multi-line with a caret; keep its first useful line.
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    return lines[-1].lstrip("= ").strip() if lines else "not understood"


@lru_cache(maxsize=512)  # one parse per expression: `kiosk check` reads each on hundreds of days
def parse(expression: str, timezone: str = "Asia/Shanghai", country: str | None = COUNTRY) -> OpeningHours:
    """Parse an expression once; raises ValueError with a readable reason."""
    try:
        return OpeningHours(expression, timezone=zoneinfo.ZoneInfo(timezone), country=country)
    except (PARSER_ERROR, SyntaxError, ValueError) as error:
        raise ValueError(f"opening hours {expression!r} are not valid ({_error_reason(error)})") from None


@cache
def _library_public_holidays() -> tuple[dt.date, ...]:
    """Every date opening-hours-py's China calendar takes as `PH`, in order."""
    tz = zoneinfo.ZoneInfo("Asia/Shanghai")
    first, last = (dt.datetime.combine(day, dt.time(0), tzinfo=tz) for day in _PH_SPAN)
    days = []
    for begin, finish, state, _comment in parse("PH", "Asia/Shanghai").intervals(first, last):
        if state == State.OPEN:
            day = begin.astimezone(tz).date()
            while dt.datetime.combine(day, dt.time(0), tzinfo=tz) < finish:
                days.append(day)
                day += dt.timedelta(days=1)
    return tuple(days)


@lru_cache(maxsize=4096)
def _holiday_stand_in(day: dt.date) -> dt.date:
    """A date opening-hours-py takes as `PH`, on the same weekday as `day` and as near to it as can be."""
    same_weekday = [d for d in _library_public_holidays() if d.weekday() == day.weekday()]
    return min(same_weekday, key=lambda d: abs((d - day).days)) if same_weekday else day


def _reading(day: dt.date) -> tuple[dt.date, str | None]:
    """The date opening-hours-py should read for `day`, and the holiday country to read it with.

    An official day off reads a date the library takes as `PH` (same weekday), so `PH` rules
    apply; any other day is read with no holiday calendar at all, a make-up working day as the
    Friday before it.
    """
    if calendar.is_day_off(day):
        return _holiday_stand_in(day), COUNTRY
    return calendar.hours_reading_day(day), None


@dataclass(frozen=True)
class Period:
    """One open stretch of a day."""

    start: dt.time
    end: dt.time  # 00:00 means midnight at the end of the day
    comment: str = ""  # the rule's comment, e.g. "需预约 / booking required"

    def covers(self, moment: dt.time) -> bool:
        """Whether `moment` falls inside this period."""
        return self.start <= moment and (self.end == dt.time(0) or moment < self.end)

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


@dataclass(frozen=True)
class DayHours:
    """One day's hours: the open periods and the comments of the rules that apply."""

    periods: tuple[Period, ...]
    comments: tuple[str, ...] = ()


# A rule that names dates (a year, a month, Easter): `2027 Feb 05-13 off`, `Dec 31 08:30-12:00`.
_DATED = re.compile(r"\b(?:\d{4}|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|easter)\b")
_QUOTED = re.compile(r'"[^"]*"')
_RULES = re.compile(r';(?=(?:[^"]*"[^"]*")*[^"]*$)')  # the `;` between rules, not one inside a comment


def dated_rules(expression: str) -> str | None:
    """The rules of an expression that name dates, in their order; None when it has none."""
    rules = [rule.strip() for rule in _RULES.split(expression)]
    dated = [rule for rule in rules if rule and _DATED.search(_QUOTED.sub("", rule))]
    return "; ".join(dated) or None


def _covers(rule: str, start: dt.datetime, end: dt.datetime, timezone: str) -> list[Any] | None:
    """The intervals one rule gives the day from `start` to `end`, read on that date; None if it names none."""
    try:
        intervals = list(parse(f"00:00-24:00 unknown; {rule}", timezone, None).intervals(start, end))
    except ValueError:
        return None  # the loader says what is wrong with the expression; here it just does not apply
    if all(state == State.UNKNOWN for _, _, state, _ in intervals):
        return None
    return intervals


@lru_cache(maxsize=8192)
def dated_hours(expression: str, day: dt.date, timezone: str) -> DayHours | None:
    """What a dated rule says of `day` when it is the last rule naming that day; None otherwise.

    The rest of a rule is read on a stand-in date (China's calendar, see `_reading`), which would never
    match `2027 Feb 05-13 off`: so the dated rules are read on their own, on the day itself. As in
    OpenStreetMap's syntax, a later rule naming the same day overrides them (`Dec 11 off; Mo-Su 08:30-17:00`
    is open on 11 December, and `kiosk check` says so), so then the whole expression is read as usual.
    """
    if dated_rules(expression) is None:
        return None
    tz = zoneinfo.ZoneInfo(timezone)
    start = dt.datetime.combine(day, dt.time(0), tzinfo=tz)
    end = start + dt.timedelta(days=1)
    rules = [rule.strip() for rule in _RULES.split(expression) if rule.strip()]
    found: tuple[int, list[Any]] | None = None
    for index, rule in enumerate(rules):
        intervals = _covers(rule, start, end, timezone)
        if intervals is not None:
            found = (index, intervals) if _DATED.search(_QUOTED.sub("", rule)) else None
    if found is None:
        return None  # no dated rule names the day, or a later rule does: the usual reading
    periods, comments = [], []
    for begin, finish, state, comment in found[1]:
        if comment and comment not in comments:
            comments.append(comment)
        if state == State.OPEN:
            finish = finish if finish is not None else end
            periods.append(Period(begin.astimezone(tz).time(), finish.astimezone(tz).time(), comment))
    return DayHours(tuple(periods), tuple(comments))


def opens_on_the_date(expression: str, day: dt.date, timezone: str) -> bool:
    """Whether the expression opens at all on `day` read as it is, without any holiday calendar.

    For `kiosk check`, which compares rules day by day and must not load China's calendar (the server
    loads it with its first page, not at start): weekdays, dates and times, with `PH` never matching.
    """
    tz = zoneinfo.ZoneInfo(timezone)
    start = dt.datetime.combine(day, dt.time(0), tzinfo=tz)
    intervals = parse(expression, timezone, None).intervals(start, start + dt.timedelta(days=1))
    return any(state == State.OPEN for _, _, state, _ in intervals)


@lru_cache(maxsize=8192)
def day_hours(expression: str, day: dt.date, timezone: str) -> DayHours:
    """The open periods and rule comments of `day`, China's calendar applied (and the rule's own dates)."""
    dated = dated_hours(expression, day, timezone)
    if dated is not None:
        return dated
    tz = zoneinfo.ZoneInfo(timezone)
    reading, country = _reading(day)
    start = dt.datetime.combine(reading, dt.time(0), tzinfo=tz)
    end = start + dt.timedelta(days=1)
    periods, comments = [], []
    for begin, finish, state, comment in parse(expression, timezone, country).intervals(start, end):
        if comment and comment not in comments:
            comments.append(comment)
        if state == State.OPEN:
            finish = finish if finish is not None else end
            periods.append(Period(begin.astimezone(tz).time(), finish.astimezone(tz).time(), comment))
    return DayHours(tuple(periods), tuple(comments))


def periods_on(expression: str, day: dt.date, timezone: str) -> tuple[Period, ...]:
    """The open periods of `day`, in the building's time zone."""
    return day_hours(expression, day, timezone).periods


PeriodsOf = Callable[[dt.date], tuple[Period, ...]]


def _at(day: dt.date, time: dt.time, tz: dt.tzinfo | None) -> dt.datetime:
    return dt.datetime.combine(day, time, tzinfo=tz)


def _closing(periods_of: PeriodsOf, day: dt.date, period: Period, tz: dt.tzinfo | None) -> dt.datetime | None:
    """When an open stretch ends, following it past midnight; None when it never does."""
    for _ in range(_HORIZON_DAYS):
        if period.end != dt.time(0):
            return _at(day, period.end, tz)
        day += dt.timedelta(days=1)
        following = periods_of(day)
        if not following or following[0].start != dt.time(0):
            return _at(day, dt.time(0), tz)
        period = following[0]
    return None


def _next_opening(periods_of: PeriodsOf, now: dt.datetime) -> dt.datetime | None:
    """The next start of an open period after `now`; None within the horizon means never."""
    tz = now.tzinfo
    for offset in range(_HORIZON_DAYS):
        day = now.date() + dt.timedelta(days=offset)
        for period in periods_of(day):
            if offset or period.start > now.time():
                return _at(day, period.start, tz)
    return None


def status_from(periods_of: PeriodsOf, now: dt.datetime) -> Status:
    """Open or closed at `now` (aware, local), and when that changes, from a day → periods function."""
    today = periods_of(now.date())
    current = next((p for p in today if p.covers(now.time())), None)
    if current is not None:
        return Status(True, _closing(periods_of, now.date(), current, now.tzinfo), today)
    return Status(False, _next_opening(periods_of, now), today)


def status(expression: str, now: dt.datetime, timezone: str) -> Status:
    """Whether `expression` is open at `now` (an aware datetime), and when that changes."""
    local_now = now.astimezone(zoneinfo.ZoneInfo(timezone))
    return status_from(lambda day: periods_on(expression, day, timezone), local_now)


def comment_in(comment: str, lang: str) -> str:
    """A rule's comment in `lang`: `"需预约 / booking required"` is Chinese, then English; else as written."""
    chinese, slash, english = comment.partition(" / ")
    if not slash:
        return comment
    # Chinese for Chinese readers; everyone else reads the English half (as `Text` falls back to it).
    return chinese.strip() if lang == "zh" or lang.startswith("zh-") else english.strip()
