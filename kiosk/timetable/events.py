"""Events ("今日活动 / What's on"): read from floors.yaml, CSV files and iCalendar (RFC 5545) files or feeds.

Every reader turns its input into `Occurrence`s, one per time an event happens, in the building's
time zone, inside a window of days; recurrence (RRULE, RDATE, EXDATE, moved instances) is expanded
by `recurring-ical-events` for iCalendar and by dateutil for floors.yaml's `repeat:`. A row or event
that cannot be read is named (file and row, or UID) in an `EventProblem` and skipped; the rest shows.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import time
import zoneinfo
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from dateutil import rrule
from pydantic import ValidationError

from kiosk.model import recurrence
from kiosk.model.building import Building, Event, Lang, Space, Text

if TYPE_CHECKING:  # imported where an .ics file is read: 110 ms of every cold start otherwise
    import icalendar

MAX_FEED_BYTES = 5_000_000  # a year of a busy centre's classes is well under 1 MB
CSV_COLUMNS = (
    "title_zh",
    "title_en",
    "starts",
    "ends",
    "space",
    "description_zh",
    "description_en",
    "booking_required",
    "booking_url",
    "capacity",
    "note_zh",
    "note_en",
)


@dataclass(frozen=True)
class Occurrence:
    """One time an event happens."""

    uid: str
    title: Text
    start: dt.datetime  # aware, in the building's time zone
    end: dt.datetime
    all_day: bool = False
    space: str | None = None
    description: Text | None = None
    booking_required: bool = False
    booking_url: str | None = None
    capacity: int | None = None
    note: Text | None = None
    source: str = "floors.yaml"
    illustrative: bool = False

    def is_over(self, now: dt.datetime) -> bool:
        """Whether it has finished by `now`."""
        return self.end <= now

    def is_on(self, now: dt.datetime) -> bool:
        """Whether it is happening at `now`."""
        return self.start <= now < self.end

    def touches(self, day: dt.date) -> bool:
        """Whether any part of it falls on `day` (local)."""
        return self.start.date() <= day and (self.end - dt.timedelta(microseconds=1)).date() >= day

    @property
    def key(self) -> str:
        """A stable key of this occurrence (for the booking QR code and anchors)."""
        return f"{self.uid}@{self.start:%Y%m%dT%H%M}"


@dataclass(frozen=True)
class EventProblem:
    """A row or event that was skipped, and why."""

    source: str
    where: str  # "row 4", "UID abc@x", or "" for the whole file
    message: str

    def __str__(self) -> str:
        place = f"{self.source} {self.where}".strip()
        return f"{place}: {self.message}"


@dataclass(frozen=True)
class Window:
    """The days events are expanded for: from `start` (00:00) for `days` days, in time zone `tz`."""

    start: dt.date
    days: int
    tz: zoneinfo.ZoneInfo

    @property
    def begins(self) -> dt.datetime:
        """The first moment of the window."""
        return dt.datetime.combine(self.start, dt.time(0), tzinfo=self.tz)

    @property
    def ends(self) -> dt.datetime:
        """The moment after the window."""
        return self.begins + dt.timedelta(days=self.days)


@dataclass
class Reading:
    """What one source gave: its occurrences in the window, and what was skipped."""

    occurrences: list[Occurrence] = field(default_factory=list)
    problems: list[EventProblem] = field(default_factory=list)


# --- helpers -------------------------------------------------------------------------------------


def bilingual(value: str | None, english: str | None = None) -> Text | None:
    """A `Text` from one string (`中文 / English` splits in two) or from two columns."""
    zh = (value or "").strip()
    en = (english or "").strip()
    if not en and " / " in zh:
        zh, _, en = (part.strip() for part in zh.partition(" / "))
    if not zh and not en:
        return None
    return Text({"zh": zh or en, "en": en or zh})


def _aware(value: dt.datetime | dt.date, tz: zoneinfo.ZoneInfo) -> tuple[dt.datetime, bool]:
    """A moment in `tz`, and whether the value was a date (an all-day event)."""
    if isinstance(value, dt.datetime):
        return (value.replace(tzinfo=tz) if value.tzinfo is None else value.astimezone(tz)), False
    return dt.datetime.combine(value, dt.time(0), tzinfo=tz), True


def space_for(building: Building, written: str | None, fallback: str | None = None) -> str | None:
    """The id of the space a location names (its id, or its name in either language), else `fallback`."""
    wanted = (written or "").strip().casefold()
    if wanted:
        for space in building.spaces:
            if wanted == space.id or any(wanted == name.casefold() for name in space.name.root.values()):
                return space.id
    return fallback


# --- floors.yaml -------------------------------------------------------------------------------


def _yaml_starts(event: Event, window: Window) -> Iterator[dt.datetime | dt.date]:
    """The starts of a floors.yaml event inside (or overlapping) the window."""
    if event.repeat is None:
        yield event.starts
        return
    first, _ = _aware(event.starts, window.tz)
    rule = rrule.rrulestr(event.repeat.removeprefix("RRULE:"), dtstart=first.replace(tzinfo=None))
    length = _length(event)
    lower = (window.begins - length).replace(tzinfo=None)
    for start in rule.between(lower, window.ends.replace(tzinfo=None), inc=True):
        if start.date() not in event.skip:
            yield start if isinstance(event.starts, dt.datetime) else start.date()


def _length(event: Event) -> dt.timedelta:
    if event.ends is None:
        return dt.timedelta(days=1) if not isinstance(event.starts, dt.datetime) else dt.timedelta(hours=1)
    if isinstance(event.starts, dt.datetime):
        return event.ends - event.starts
    return (event.ends - event.starts) + dt.timedelta(days=1)  # the end date is included


def from_yaml(building: Building, window: Window) -> Reading:
    """The occurrences of floors.yaml's `events:` in the window."""
    reading = Reading()
    cap = recurrence.cap_for(recurrence.PER_EVENT_WEEK, window.days)
    for index, event in enumerate(building.events):
        for count, start_value in enumerate(_yaml_starts(event, window)):
            if count >= cap:
                message = f"more than {cap:,} times; the rest skipped"
                reading.problems.append(EventProblem("floors.yaml", f"event {index + 1}", message))
                break
            start, all_day = _aware(start_value, window.tz)
            end = start + _length(event)
            if end <= window.begins or start >= window.ends:
                continue
            reading.occurrences.append(
                Occurrence(
                    uid=f"floors-yaml-{index + 1}",
                    title=event.title,
                    start=start,
                    end=end,
                    all_day=all_day,
                    space=event.space,
                    description=event.description,
                    booking_required=event.booking_required,
                    booking_url=event.booking_url,
                    capacity=event.capacity,
                    note=event.note,
                    illustrative=event.illustrative,
                )
            )
    return reading


# --- CSV ---------------------------------------------------------------------------------------


def _parse_when(text: str) -> dt.datetime | dt.date:
    text = text.strip().replace("T", " ")
    if len(text) <= 10:
        return dt.date.fromisoformat(text)
    return dt.datetime.fromisoformat(text)


def _csv_row(row: dict[str, str], building: Building, window: Window, source: str, default: str | None) -> Occurrence:
    """One CSV row as an occurrence; raises ValueError saying what is wrong."""
    title = bilingual(row.get("title_zh"), row.get("title_en"))
    if title is None:
        raise ValueError("no title (title_zh or title_en)")
    if not (row.get("starts") or "").strip():
        raise ValueError("no start (starts: 2026-12-05 14:00, or a date for all day)")
    try:
        starts = _parse_when(row["starts"])
        ends = _parse_when(row["ends"]) if (row.get("ends") or "").strip() else None
    except ValueError:
        raise ValueError("a date is not like 2026-12-05 or 2026-12-05 14:00") from None
    capacity_text = (row.get("capacity") or "").strip()
    if capacity_text and not capacity_text.isdigit():
        raise ValueError(f"capacity {capacity_text!r} is not a whole number")
    booking_url = (row.get("booking_url") or "").strip() or None
    if booking_url and not booking_url.startswith(("https://", "http://")):
        raise ValueError("booking_url must start with https://")
    event = Event(
        title=title,
        starts=starts,
        ends=ends,
        description=bilingual(row.get("description_zh"), row.get("description_en")),
        booking_required=(row.get("booking_required") or "").strip().lower() in ("1", "yes", "true", "是", "y"),
        booking_url=booking_url,
        capacity=int(capacity_text) if capacity_text else None,
        note=bilingual(row.get("note_zh"), row.get("note_en")),
    )
    start, all_day = _aware(event.starts, window.tz)
    return Occurrence(
        uid=f"{source}-{row.get('_line', '')}",
        title=event.title,
        start=start,
        end=start + _length(event),
        all_day=all_day,
        space=space_for(building, row.get("space"), default),
        description=event.description,
        booking_required=event.booking_required,
        booking_url=event.booking_url,
        capacity=event.capacity,
        note=event.note,
        source=source,
    )


def read_table(data: bytes, source: str, building: Building, window: Window, default: str | None = None) -> Reading:
    """Occurrences from a spreadsheet: CSV, or the first sheet of an .xlsx file; same columns."""
    if source.lower().endswith(".xlsx"):
        return read_xlsx(data, source, building, window, default)
    return read_csv(data, source, building, window, default)


def read_csv(data: bytes, source: str, building: Building, window: Window, default: str | None = None) -> Reading:
    """Occurrences from a CSV file (one row per event; columns in `CSV_COLUMNS`), bad rows named and skipped."""
    reading = Reading()
    if len(data) > MAX_FEED_BYTES:
        reading.problems.append(EventProblem(source, "", _too_big(len(data))))
        return reading
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        reading.problems.append(EventProblem(source, "", "the file is not UTF-8 text: save it as CSV UTF-8"))
        return reading
    rows = csv.DictReader(io.StringIO(text))
    return _read_rows(((rows.line_num, row) for row in rows), rows.fieldnames or (), source, building, window, default)


def read_xlsx(data: bytes, source: str, building: Building, window: Window, default: str | None = None) -> Reading:
    """Occurrences from the first sheet of an Excel workbook (header row as in CSV_COLUMNS)."""
    import zipfile

    import openpyxl  # late: only buildings with a spreadsheet feed pay for it

    if len(data) > MAX_FEED_BYTES:
        return Reading(problems=[EventProblem(source, "", _too_big(len(data)))])
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        return Reading(problems=[EventProblem(source, "", f"not an Excel .xlsx workbook ({error})")])
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = [str(cell or "").strip() for cell in next(rows, ())]

    def cell_text(value: object) -> str:
        if isinstance(value, dt.datetime):
            return value.strftime("%Y-%m-%d") if value.time() == dt.time(0) else value.strftime("%Y-%m-%d %H:%M")
        return "" if value is None else str(value)

    numbered = (
        (number, {name: cell_text(value) for name, value in zip(header, row, strict=False) if name})
        for number, row in enumerate(rows, start=2)
        if any(value is not None for value in row)
    )
    reading = _read_rows(numbered, header, source, building, window, default)
    workbook.close()
    return reading


def _read_rows(
    rows: Iterable[tuple[int, dict[str, str]]],
    header: Iterable[str],
    source: str,
    building: Building,
    window: Window,
    default: str | None,
) -> Reading:
    """Rows with their numbers, checked one by one: a bad row is named and skipped."""
    reading = Reading()
    columns = set(header)
    if "starts" not in columns or not {"title_zh", "title_en"} & columns:
        reading.problems.append(
            EventProblem(source, "row 1", f"the header row should name the columns: {', '.join(CSV_COLUMNS)}")
        )
        return reading
    for line, row in rows:
        try:
            occurrence = _csv_row({**row, "_line": str(line)}, building, window, source, default)
        except ValidationError as error:  # the Event model's own checks (e.g. ends before starts)
            reason = str(error.errors()[0]["msg"]).removeprefix("Value error, ")
            reading.problems.append(EventProblem(source, f"row {line}", reason))
            continue
        except ValueError as error:
            reading.problems.append(EventProblem(source, f"row {line}", str(error).splitlines()[0]))
            continue
        if occurrence.end > window.begins and occurrence.start < window.ends:
            reading.occurrences.append(occurrence)
    return reading


# --- iCalendar ---------------------------------------------------------------------------------


def parse_ics(data: bytes, source: str) -> tuple[icalendar.Calendar | None, list[EventProblem]]:
    """Parse an iCalendar file, dropping (and naming) the events that cannot be used."""
    import icalendar

    if len(data) > MAX_FEED_BYTES:
        return None, [EventProblem(source, "", _too_big(len(data)))]
    try:
        calendar = icalendar.Calendar.from_ical(data)
    except (ValueError, IndexError, KeyError) as error:
        return None, [EventProblem(source, "", f"not an iCalendar file ({str(error).splitlines()[0][:120]})")]
    problems = []
    for component in list(calendar.subcomponents):
        if component.name != "VEVENT" or not isinstance(component, icalendar.Event):
            continue
        reason = _unusable(component)
        if reason:
            uid = str(component.get("UID", "")) or "(no UID)"
            problems.append(EventProblem(source, f"UID {uid}", reason))
            calendar.subcomponents.remove(component)
    return calendar, problems


def _unusable(event: icalendar.Event) -> str:
    """Why an event cannot be shown ("" when it can)."""
    if not str(event.get("SUMMARY", "")).strip():
        return "no SUMMARY (title)"
    try:
        start = event.decoded("DTSTART")
    except (KeyError, ValueError, TypeError):
        return "no DTSTART (start), or one that cannot be read"
    try:
        end = event.decoded("DTEND") if "DTEND" in event else None
    except (ValueError, TypeError):
        return "a DTEND that cannot be read"
    if end is not None and type(end) is type(start) and end < start:
        return "DTEND is before DTSTART"
    if "RRULE" in event:
        try:
            event.decoded("RRULE")
        except (ValueError, TypeError):
            return "an RRULE that cannot be read"
        rules = event.get("RRULE")
        for rule in rules if isinstance(rules, list) else [rules]:
            reason = recurrence.too_often(rule)
            if reason:
                return f"refused: {reason}"
    return ""


def expand_ics(
    calendar: icalendar.Calendar, source: str, building: Building, window: Window, default: str | None = None
) -> Reading:
    """The occurrences of a parsed calendar in the window (recurrences and their exceptions expanded).

    Each event (a series: the rule and its moved instances) is expanded lazily, only over the window,
    and stops at its cap; the source stops at its own cap and after its CPU budget, saying so.
    """
    import recurring_ical_events

    reading = Reading()
    try:
        query = recurring_ical_events.of(calendar, skip_bad_series=True)
    except Exception as error:  # a library error on one feed must not break the others
        reading.problems.append(EventProblem(source, "", f"the recurrences could not be worked out ({error})"))
        return reading
    per_event = recurrence.cap_for(recurrence.PER_EVENT_WEEK, window.days)
    per_source = recurrence.cap_for(recurrence.PER_SOURCE_WEEK, window.days)
    began = time.process_time()
    for series in query.series:
        if time.process_time() - began > recurrence.SOURCE_BUDGET_SECONDS:
            reading.problems.append(EventProblem(source, "", "the repeats took too long to work out; rest skipped"))
            break
        _expand_series(series, reading, source, building, window, default, per_event)
        if len(reading.occurrences) > per_source:
            del reading.occurrences[per_source:]
            reading.problems.append(
                EventProblem(source, "", f"more than {per_source:,} occurrences in {window.days} days; rest skipped")
            )
            break
    return reading


def _expand_series(
    series: object, reading: Reading, source: str, building: Building, window: Window, default: str | None, cap: int
) -> None:
    """Up to `cap` occurrences of one event into `reading`; more, or an error, is named by the event's UID."""
    uid = str(getattr(series, "uid", "") or "(no UID)")
    try:
        found = itertools.islice(series.between(window.begins, window.ends), cap + 1)  # type: ignore[attr-defined]
        for count, occurrence in enumerate(found):
            if count >= cap:
                message = f"more than {cap:,} times in {window.days} days; the rest skipped"
                reading.problems.append(EventProblem(source, f"UID {uid}", message))
                break
            event = occurrence.as_component(False)
            try:
                reading.occurrences.append(_occurrence(event, source, building, window, default))
            except (ValueError, TypeError, KeyError) as error:
                reading.problems.append(EventProblem(source, f"UID {uid}", str(error)))
    except Exception as error:  # one broken series must not hide the other events of the feed
        reading.problems.append(EventProblem(source, f"UID {uid}", f"the repeats could not be worked out ({error})"))


def _occurrence(
    event: icalendar.Event, source: str, building: Building, window: Window, default: str | None
) -> Occurrence:
    start, all_day = _aware(event.decoded("DTSTART"), window.tz)
    if "DTEND" in event:
        end, _ = _aware(event.decoded("DTEND"), window.tz)
    elif "DURATION" in event:
        end = start + event.decoded("DURATION")
    else:
        end = start + (dt.timedelta(days=1) if all_day else dt.timedelta(hours=1))
    title = bilingual(str(event.get("SUMMARY")))
    assert title is not None  # checked by _unusable
    url = str(event.get("URL", "")).strip() or None
    capacity = str(event.get("X-KIOSK-CAPACITY", "")).strip()
    booking = str(event.get("X-KIOSK-BOOKING", "")).strip().lower() in ("1", "yes", "true")
    return Occurrence(
        uid=str(event.get("UID", "")) or f"{source}-{start:%Y%m%d%H%M}",
        title=title,
        start=start,
        end=max(end, start),
        all_day=all_day,
        space=space_for(building, str(event.get("X-KIOSK-SPACE", "") or event.get("LOCATION", "")), default),
        description=bilingual(str(event.get("DESCRIPTION", "")) or None),
        booking_required=booking or url is not None,
        booking_url=url if url and url.startswith(("https://", "http://")) else None,
        capacity=int(capacity) if capacity.isdigit() else None,
        source=source,
    )


def _too_big(size: int) -> str:
    return f"the file is {size:,} bytes, more than the {MAX_FEED_BYTES:,} allowed: split it or keep fewer months"


# --- questions pages ask -----------------------------------------------------------------------


def upcoming(occurrences: Iterable[Occurrence], now: dt.datetime) -> list[Occurrence]:
    """The occurrences not yet over, soonest first."""
    return sorted((o for o in occurrences if not o.is_over(now)), key=lambda o: (o.start, o.title("zh")))


def later_today(occurrences: Iterable[Occurrence], now: dt.datetime) -> list[Occurrence]:
    """What is on now and later today; `occurrences` sorted by start (as a snapshot holds them)."""
    tomorrow = dt.datetime.combine(now.date() + dt.timedelta(days=1), dt.time(0), tzinfo=now.tzinfo)
    found = []
    for occurrence in occurrences:
        if occurrence.start >= tomorrow:
            break  # sorted: nothing later starts today
        if not occurrence.is_over(now):
            found.append(occurrence)
    return found


def by_day(
    occurrences: Iterable[Occurrence], now: dt.datetime, days: int = 7
) -> list[tuple[dt.date, list[Occurrence]]]:
    """The week ahead, today first: each day with its occurrences not yet over."""
    ahead = upcoming(occurrences, now)
    week = [now.date() + dt.timedelta(days=n) for n in range(days)]
    return [(day, [o for o in ahead if o.touches(day)]) for day in week]


def title_in(occurrence: Occurrence, lang: Lang) -> str:
    """The title in `lang`."""
    return occurrence.title(lang)


def space_of(building: Building, occurrence: Occurrence) -> Space | None:
    """The space the occurrence happens in, if known."""
    return building.space(occurrence.space or "")
