"""The building as immutable, typed models: what `floors.yaml` describes once validated.

The shape follows the ideas of Apple's Indoor Mapping Data Format (IMDF) without its
GeoJSON weight: a building has levels (`Floor`), public spaces (`Space`, IMDF's
occupant in its unit), amenities (`Facility`), kiosks and notices. Only
`kiosk.load.loader` builds these models from YAML; the rest of the app reads them.
"""

from __future__ import annotations

import datetime as dt
import math
import zoneinfo
from collections.abc import Iterator
from functools import cached_property
from typing import Annotated, Any, Literal

from dateutil import rrule
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    RootModel,
    StringConstraints,
    ValidationInfo,
    model_validator,
)
from pydantic_core import PydanticCustomError

from kiosk.model import hours
from kiosk.model.public_url import validate_public_url
from kiosk.model.recurrence import parts_of, too_often
from kiosk.model.vocabulary import (
    DEFAULT_LANGUAGES,
    FALLBACK_LANGUAGE,
    SHIPPED_CATEGORIES,
    SHIPPED_KINDS,
    shipped_category,
    shipped_kind,
)

# A language code as in floors.yaml's `languages:` and the URLs (`zh`, `en`, `ja`, `ko`, `zh-hant`).
Lang = str
LANG_PATTERN = r"^[a-z]{2,3}(?:-[a-z]{2,8})?$"
LanguageCode = Annotated[str, StringConstraints(pattern=LANG_PATTERN)]
MAX_LANGUAGES = 12  # in `languages:`; the loader names a longer list at its first language too many

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=40)]
NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]


def _valid_hours(expression: str) -> str:
    hours.parse(expression)  # raises ValueError with the parser's own explanation
    return expression


def _valid_timezone(name: str) -> str:
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as error:
        raise ValueError(f"unknown time zone {name!r}") from error
    return name


# --- geometry: metres on the floor plan, x to the east, y to the SOUTH (as on a
# drawing read top-down, north up), so that a plan is written the way it is drawn.
COMPASS = {"N": 0.0, "NE": 45.0, "E": 90.0, "SE": 135.0, "S": 180.0, "SW": 225.0, "W": 270.0, "NW": 315.0}


def _rectangle_as_polygon(value: object) -> object:
    """`[x, y, w, h]` is a rectangle; turn it into its four corners so every shape is a polygon."""
    if isinstance(value, list | tuple) and len(value) == 4 and all(isinstance(v, int | float) for v in value):
        x, y, w, h = value
        if w <= 0 or h <= 0:
            raise ValueError("a rectangle is [x, y, width, height] with width and height above 0")
        return ((x, y), (x + w, y), (x + w, y + h), (x, y + h))
    return value


def _compass_degrees(value: object) -> object:
    """A facing is degrees clockwise from north, or a compass letter (N, NE, E, ...)."""
    if isinstance(value, str):
        key = value.strip().upper()
        if key not in COMPASS:
            raise ValueError(f"unknown direction {value!r}; use N, NE, E, SE, S, SW, W, NW or degrees")
        return COMPASS[key]
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        return float(value) % 360.0
    return value


Metres = Annotated[float, Field(ge=-10_000, le=10_000, allow_inf_nan=False)]
Length = Annotated[float, Field(gt=0, le=10_000, allow_inf_nan=False)]
Point = tuple[Metres, Metres]
Shape = Annotated[tuple[Point, ...], BeforeValidator(_rectangle_as_polygon), Field(min_length=3, max_length=200)]
Polyline = Annotated[tuple[Point, ...], Field(min_length=2, max_length=500)]
Facing = Annotated[float, BeforeValidator(_compass_degrees), Field(ge=0, lt=360)]

HoursExpr = Annotated[str, StringConstraints(strip_whitespace=True, max_length=500), AfterValidator(_valid_hours)]
TimeZone = Annotated[str, AfterValidator(_valid_timezone)]
PublicUrl = Annotated[str, AfterValidator(validate_public_url)]  # also strips spaces and caps the length


class Model(BaseModel):
    """Base for every model: immutable, and unknown keys are an error (catches typos)."""

    model_config = ConfigDict(frozen=True, extra="forbid")


def _known_language(code: str, info: ValidationInfo) -> str:
    """A text's language must be one the building declares (when the loader says which)."""
    languages = (info.context or {}).get("languages")
    if languages and code not in languages:
        raise PydanticCustomError(
            "unknown_language",
            "`{lang}` is not one of the building's languages ({languages})",
            {"lang": code, "languages": ", ".join(languages)},
        )
    return code


TextKey = Annotated[LanguageCode, AfterValidator(_known_language)]


class Text(RootModel[dict[TextKey, NonEmpty]]):
    """A piece of building content in the building's languages: `{zh: 图书馆, en: Library}`.

    The building's first language is required; any other may be missing, and then the text is
    shown in English, else in the first language (`FALLBACK_LANGUAGE`, then the default).
    """

    model_config = ConfigDict(frozen=True)

    @model_validator(mode="before")
    @classmethod
    def _in_building_order(cls, value: Any, info: ValidationInfo) -> Any:
        languages = (info.context or {}).get("languages")
        if not languages or not isinstance(value, dict):
            return value
        default = languages[0]
        if default not in value:
            raise PydanticCustomError(
                "missing_language", "the text in the building's first language is missing", {"lang": default}
            )
        # Keep the building's order, so the first entry is always the default language.
        ordered = {lang: value[lang] for lang in languages if lang in value}
        return ordered | {k: v for k, v in value.items() if k not in ordered}

    def __call__(self, lang: Lang) -> str:
        """The text in `lang`, else in English, else in the building's first language."""
        found = self.root.get(lang) or self.root.get(FALLBACK_LANGUAGE)
        return found if found is not None else next(iter(self.root.values()))

    def __hash__(self) -> int:
        return hash(tuple(self.root.items()))

    def has(self, lang: Lang) -> bool:
        """Whether the text is written in `lang` (not shown through the fallback)."""
        return lang in self.root


IconId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=40)]
Colour = Annotated[str, StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$")]


def _with_shipped(value: Any, shipped: Any, fields: tuple[str, ...]) -> Any:
    """Fill the fields a file leaves out of a shipped category or kind with the shipped values."""
    if not isinstance(value, dict) or shipped is None:
        return value
    return {field: getattr(shipped, field) for field in fields} | value


class CategoryDef(Model):
    """What a space is for; the home page has a button for each. Shipped ones need only their id."""

    id: Slug
    name: Text | None = None  # None: a shipped category, named by the UI catalogs
    icon: IconId
    colour: Colour
    # Facility kinds listed under this category too (the nursing room under "families").
    facility_kinds: tuple[Slug, ...] = ()
    # Its visitors come with prams or wheelchairs (the shipped "family"): routes there default to lifts only.
    step_free: bool = False

    @model_validator(mode="before")
    @classmethod
    def _fill_shipped(cls, value: Any) -> Any:
        shipped = shipped_category(value.get("id", "")) if isinstance(value, dict) else None
        if isinstance(value, dict) and shipped is None and "name" not in value:
            raise ValueError("a category of your own needs a `name`, `icon` and `colour`")
        return _with_shipped(value, shipped, ("icon", "colour", "facility_kinds", "step_free"))


class FacilityKindDef(Model):
    """A kind of amenity visitors ask for ("the nearest toilet"); a building may add its own."""

    id: Slug
    name: Text | None = None  # None: a shipped kind, named by the UI catalogs
    icon: IconId
    step_free: bool = False  # the accessible toilet, the nursing room: the way there is lifts only by default

    @model_validator(mode="before")
    @classmethod
    def _fill_shipped(cls, value: Any) -> Any:
        shipped = shipped_kind(value.get("id", "")) if isinstance(value, dict) else None
        if isinstance(value, dict) and shipped is None and "name" not in value:
            raise ValueError("a facility kind of your own needs a `name` and one of the shipped `icon`s")
        return _with_shipped(value, shipped, ("icon", "step_free"))


SHIPPED_CATEGORY_DEFS = tuple(CategoryDef.model_validate({"id": c.id}) for c in SHIPPED_CATEGORIES)
SHIPPED_KIND_DEFS = tuple(FacilityKindDef.model_validate({"id": k.id}) for k in SHIPPED_KINDS)


def _latitude(value: float) -> float:
    if not -90 <= value <= 90:
        raise ValueError(f"{value} is no latitude (-90 to 90 degrees north); are `lat` and `lon` swapped?")
    return value


def _longitude(value: float) -> float:
    if not -180 <= value <= 180:
        raise ValueError(f"{value} is no longitude (-180 to 180 degrees east)")
    return value


class Location(Model):
    """Where the plans sit on the Earth: their origin (the north-west corner) and which way is up.

    WGS-84 degrees, as GPS and OpenStreetMap give them (not the GCJ-02 of Chinese web maps); `bearing`
    is the compass direction of the plans' up, clockwise from north (0: the plans are drawn north up).
    """

    lat: Annotated[float, Field(allow_inf_nan=False), AfterValidator(_latitude)]
    lon: Annotated[float, Field(allow_inf_nan=False), AfterValidator(_longitude)]
    bearing: Facing = 0.0

    @model_validator(mode="before")
    @classmethod
    def _a_mapping(cls, value: Any) -> Any:
        if not isinstance(value, dict):
            raise ValueError("write it as `{lat: 31.2135, lon: 121.3565, bearing: 0}` (degrees, WGS-84)")
        return value


class BuildingInfo(Model):
    """Who and where the building is, and when it is open."""

    id: Slug
    name: Text
    short_name: Text | None = None
    address: Text
    operator: Text | None = None
    timezone: TimeZone = "Asia/Shanghai"
    public_url: PublicUrl | None = None
    hours: HoursExpr
    hours_note: Text | None = None
    location: Location | None = None  # only for `kiosk export`: the kiosk itself draws in metres


class Entrance(Model):
    """A way into the building from outside, drawn as a gap in the wall with a marker."""

    at: Point
    name: Text | None = None
    main: bool = False  # the main entrance gets the bigger marker


class FloorPlan(Model):
    """A floor's drawing: its size in metres, the walkable corridors, an optional background image."""

    size: tuple[Length, Length]  # width (west to east), depth (north to south)
    # A floor of any shape (an L, a wing): its outer wall as corners, inside `size`; none = the rectangle.
    outline: Shape | None = None
    holes: tuple[Shape, ...] = Field(default=(), max_length=50)  # atria and courtyards: no floor there
    corridors: tuple[Polyline, ...] = ()
    entrances: tuple[Entrance, ...] = ()  # optional: older files simply have none
    background: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)] | None = None

    def shell(self) -> tuple[tuple[float, float], ...]:
        """The floor's outer wall: its `outline`, else the rectangle of its size."""
        if self.outline is not None:
            return self.outline
        width, depth = self.size
        return ((0.0, 0.0), (width, 0.0), (width, depth), (0.0, depth))


class Floor(Model):
    """A storey: `order` sorts floors bottom to top, `label` is what the lift button says."""

    id: Slug
    order: int = Field(ge=-20, le=200)
    label: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=6)]
    name: Text
    summary: Text | None = None
    plan: FloorPlan | None = None


class Space(Model):
    """A public space a visitor comes for (library, gym, ...); its id is printed in QR codes."""

    id: Slug
    name: Text
    floor: Slug
    category: Slug  # a category id: the shipped five, or those in `categories:`
    description: Text
    location: Text
    hours: HoursExpr | None = None
    aliases: tuple[NonEmpty, ...] = ()
    shape: Shape | None = None  # [x, y, w, h] or [[x, y], [x, y], ...]
    door: Point | None = None
    open_during_closures: bool = False  # e.g. an ATM by the street door: building closures leave it open
    step_free: bool | None = None  # routes here default to lifts only (None: as its category says)
    status: SpaceStatus | None = None  # moved, closed for good, or under renovation
    # An open area (a lobby, an atrium): drawn as floor to walk on, and routes cross it directly.
    walkable: bool = False


class Facility(Model):
    """An amenity such as a toilet or a lift; a lift or staircase lists every floor it serves."""

    id: Slug
    kind: Slug  # a facility kind id: shipped, or declared in `facility_kinds:`
    floors: tuple[Slug, ...] = Field(min_length=1)
    location: Text
    name: Text | None = None
    aliases: tuple[NonEmpty, ...] = ()
    # One point for every floor it serves (a lift shaft), or one per floor: `{1f: [x, y], 2f: [x, y]}`.
    at: Point | dict[Slug, Point] | None = None
    # Optional: the room it is (a toilet, a nursing room, a lift lobby), drawn as a room. `at` stays
    # its door or the point a route leads to.
    shape: Shape | dict[Slug, Shape] | None = None
    out_of_service: tuple[Outage, ...] = ()  # a broken lift, a toilet closed for repair
    emergency_only: bool = False  # stairs drawn on the plan but never used for routes

    def is_out_of_service(self, now: dt.datetime) -> bool:
        """Whether an outage covers `now` (aware, in the building's time zone)."""
        return any(outage.covers(now) for outage in self.out_of_service)

    def outage_at(self, now: dt.datetime) -> Outage | None:
        """The outage that covers `now`, if any."""
        return next((outage for outage in self.out_of_service if outage.covers(now)), None)

    def position_on(self, floor_id: str) -> tuple[float, float] | None:
        """Where the facility stands on `floor_id`, if the file says."""
        if isinstance(self.at, dict):
            return self.at.get(floor_id)
        return self.at if floor_id in self.floors else None

    def shape_on(self, floor_id: str) -> tuple[tuple[float, float], ...] | None:
        """The room the facility is on `floor_id`, if the file gives one."""
        if isinstance(self.shape, dict):
            return self.shape.get(floor_id)
        return self.shape if floor_id in self.floors else None


# --- within reach: ADA 308 and EN 301 549 §8.3 keep operable parts 380-1,220 mm above the floor.
REACH_LOW_MM, REACH_HIGH_MM = 380.0, 1220.0
REACH_MIN_MM = 150.0  # of the screen inside that band: less holds no row of buttons and the answer


def _in_millimetres(low: float, high: float) -> Any:
    """A length in millimetres; a value that reads as centimetres or metres is named as such."""

    def check(value: float) -> float:
        if value < low:
            unit = "metres" if value < low / 100 else "centimetres"
            raise ValueError(f"{value:g} is less than {low:g} mm: is it in {unit}? write millimetres")
        if value > high:
            raise ValueError(f"{value:g} mm is more than {high:g} mm; write millimetres")
        return value

    return AfterValidator(check)


class Screen(Model):
    """How a kiosk's screen is mounted: the visible area's height and its bottom edge above the floor, in mm."""

    height_mm: Annotated[float, Field(allow_inf_nan=False), _in_millimetres(150, 4000)]
    bottom_mm: Annotated[float, Field(ge=0, allow_inf_nan=False), _in_millimetres(0, 3000)]

    @property
    def top_mm(self) -> float:
        """The visible area's top edge above the floor."""
        return self.bottom_mm + self.height_mm

    @property
    def reach_mm(self) -> tuple[float, float]:
        """The part of the screen within reach from a wheelchair: (lowest, highest) mm above the floor."""
        return max(self.bottom_mm, REACH_LOW_MM), min(self.top_mm, REACH_HIGH_MM)

    @property
    def reach_band(self) -> tuple[float, float]:
        """How much of the screen's height lies above and below the reach band, as fractions of its height."""
        low, high = self.reach_mm
        return (self.top_mm - high) / self.height_mm, (low - self.bottom_mm) / self.height_mm

    @model_validator(mode="after")
    def _some_of_it_within_reach(self) -> Screen:
        low, high = self.reach_mm
        if high - low < REACH_MIN_MM:
            raise ValueError(
                f"the screen runs from {self.bottom_mm:g} to {self.top_mm:g} mm above the floor, so less than"
                f" {REACH_MIN_MM:g} mm of it lies within reach from a wheelchair"
                f" ({REACH_LOW_MM:g}-{REACH_HIGH_MM:g} mm);"
                " check the numbers (millimetres), or mount the screen lower"
            )
        return self


# Without `screen:`, the typical mount of a 55-inch portrait screen: 1218 mm of picture, bottom at 750 mm (top ~2 m).
TYPICAL_SCREEN = Screen(height_mm=1218, bottom_mm=750)


class Kiosk(Model):
    """A lobby screen: where it stands, so pages can say "you are here"."""

    id: Slug
    name: Text
    floor: Slug
    location: Text
    at: Point | None = None
    facing: Facing = 0.0  # the way a person reading the screen looks: degrees from north, or N/E/S/W
    screen: Screen | None = None  # how it is mounted; None: `TYPICAL_SCREEN`

    @property
    def mount(self) -> Screen:
        """The screen's mount as given, or the typical one."""
        return self.screen or TYPICAL_SCREEN


class Notice(Model):
    """A message for visitors, shown on the home page between its optional dates (or dates and times)."""

    text: Text
    starts: dt.datetime | dt.date | None = None
    ends: dt.datetime | dt.date | None = None
    level: Literal["info", "urgent"] = "info"  # urgent: a banner on every page until it ends

    def is_current(self, today: dt.date) -> bool:
        """Whether the notice should be shown on `today`."""
        starts, ends = (_as_date(self.starts), _as_date(self.ends))
        return (starts is None or starts <= today) and (ends is None or today <= ends)

    def is_current_at(self, now: dt.datetime) -> bool:
        """Whether the notice should be shown at `now` (aware, in the building's time zone)."""
        return _within(now, self.starts, self.ends)


def _as_date(value: dt.datetime | dt.date | None) -> dt.date | None:
    return value.date() if isinstance(value, dt.datetime) else value


def _within(now: dt.datetime, starts: dt.datetime | dt.date | None, ends: dt.datetime | dt.date | None) -> bool:
    """Whether `now` is inside [starts, ends]: a date starts at 00:00 and ends at 24:00, local time."""
    local = now.replace(tzinfo=None)
    if isinstance(starts, dt.datetime):
        begun = local >= starts.replace(tzinfo=None) if starts.tzinfo is None else now >= starts
    else:
        begun = starts is None or local.date() >= starts
    if isinstance(ends, dt.datetime):
        over = local >= ends.replace(tzinfo=None) if ends.tzinfo is None else now >= ends
    else:
        over = ends is not None and local.date() > ends
    return begun and not over


class Outage(Model):
    """A facility out of service from a date (or date and time) until another, and why."""

    starts: dt.datetime | dt.date | None = None
    ends: dt.datetime | dt.date | None = None
    reason: Text | None = None

    def covers(self, now: dt.datetime) -> bool:
        """Whether the facility is out of service at `now`."""
        return _within(now, self.starts, self.ends)


class SpaceStatus(Model):
    """A space that moved to another space, closed for good, or is being renovated until a date."""

    state: Literal["moved", "closed", "renovation"]
    to: Slug | None = None  # the space it moved to (state: moved)
    until: dt.date | None = None  # the last day of the renovation (state: renovation)
    note: Text | None = None

    @model_validator(mode="after")
    def _moved_needs_a_target(self) -> SpaceStatus:
        if self.state == "moved" and self.to is None:
            raise ValueError("a moved space needs `to:`, the id of the space it moved to")
        if self.state != "moved" and self.to is not None:
            raise ValueError("`to:` is only for `state: moved`")
        return self

    def is_renovating(self, today: dt.date) -> bool:
        """Whether the renovation is still going on `today`."""
        return self.state == "renovation" and (self.until is None or today <= self.until)


class Closure(Model):
    """A day or days the building (or some spaces) is closed: `date:` or `starts:`/`ends:`, with a reason."""

    date: dt.date | None = None
    starts: dt.date | None = None
    ends: dt.date | None = None
    reason: Text
    spaces: tuple[Slug, ...] = ()  # empty: the whole building

    @model_validator(mode="after")
    def _one_day_or_a_range(self) -> Closure:
        _check_dates(self.date, self.starts, self.ends)
        return self

    def covers(self, day: dt.date) -> bool:
        """Whether `day` is one of the closed days."""
        return _covers(day, self.date, self.starts, self.ends)


class SpecialHours(Model):
    """Other hours on a date or range (New Year's Eve closes at noon), for the building or some spaces."""

    date: dt.date | None = None
    starts: dt.date | None = None
    ends: dt.date | None = None
    hours: HoursExpr  # e.g. `08:30-12:00`; read on each day it covers
    reason: Text
    spaces: tuple[Slug, ...] = ()  # empty: the whole building

    @model_validator(mode="after")
    def _one_day_or_a_range(self) -> SpecialHours:
        _check_dates(self.date, self.starts, self.ends)
        return self

    def covers(self, day: dt.date) -> bool:
        """Whether `day` has these hours."""
        return _covers(day, self.date, self.starts, self.ends)


def _check_dates(date: dt.date | None, starts: dt.date | None, ends: dt.date | None) -> None:
    if date is not None and (starts is not None or ends is not None):
        raise ValueError("give either `date:` or `starts:` and `ends:`, not both")
    if date is None and (starts is None or ends is None):
        raise ValueError("give `date:` (one day) or both `starts:` and `ends:` (a range)")
    if starts is not None and ends is not None and ends < starts:
        raise ValueError("`ends:` is before `starts:`")


def _covers(day: dt.date, date: dt.date | None, starts: dt.date | None, ends: dt.date | None) -> bool:
    if date is not None:
        return day == date
    return starts is not None and ends is not None and starts <= day <= ends


def _valid_rrule(rule: str) -> str:
    """An iCalendar RRULE dateutil can read (raises ValueError otherwise)."""
    try:
        rrule.rrulestr(rule.removeprefix("RRULE:"), dtstart=dt.datetime(2026, 1, 1))
    except (ValueError, TypeError):
        raise ValueError(f"{rule!r} is not a recurrence rule") from None
    reason = too_often(parts_of(rule))
    if reason:
        raise ValueError(f"{rule!r}: {reason}")
    return rule


RecurrenceRule = Annotated[str, StringConstraints(strip_whitespace=True, max_length=300), AfterValidator(_valid_rrule)]


class Event(Model):
    """An activity in floors.yaml (a class, a lecture, an exhibition); feeds give more of them."""

    title: Text
    starts: dt.datetime | dt.date  # a date alone is an all-day event
    ends: dt.datetime | dt.date | None = None
    space: Slug | None = None
    description: Text | None = None
    repeat: RecurrenceRule | None = None  # an iCalendar RRULE: FREQ=WEEKLY;BYDAY=SA
    skip: tuple[dt.date, ...] = ()  # dates a repeating event does not happen
    booking_required: bool = False
    booking_url: PublicUrl | None = None  # shown as a QR code: the kiosk never opens another site
    capacity: int | None = Field(default=None, ge=1, le=100_000)
    note: Text | None = None
    illustrative: bool = False  # a sample event in the shipped file, marked as such on the page

    @model_validator(mode="after")
    def _ends_after_start(self) -> Event:
        if self.ends is not None and type(self.ends) is not type(self.starts):
            raise ValueError("`starts:` and `ends:` are both dates, or both a date and a time")
        if self.ends is not None and self.ends < self.starts:
            raise ValueError("`ends:` is before `starts:`")
        return self


class EventSource(Model):
    """Where more events come from: a CSV, Excel or iCalendar file beside floors.yaml, or an iCalendar URL."""

    file: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)] | None = None
    url: PublicUrl | None = None
    space: Slug | None = None  # events without a known place happen here
    refresh_minutes: int = Field(default=30, ge=1, le=24 * 60)

    @model_validator(mode="after")
    def _file_or_url(self) -> EventSource:
        if (self.file is None) == (self.url is None):
            raise ValueError("give either `file:` (beside floors.yaml) or `url:`")
        if self.file is not None and not self.file.lower().endswith((".csv", ".xlsx", ".ics")):
            raise ValueError("an event file is a .csv, .xlsx or .ics file")
        return self

    @property
    def name(self) -> str:
        """How staff recognise this source in messages."""
        return self.file or self.url or ""


class Settings(Model):
    """Kiosk behaviour that building staff may tune."""

    idle_seconds: int = Field(default=90, ge=15, le=3600)
    countdown_seconds: int = Field(default=30, ge=20, le=300)
    # After an idle reset, this much more idle time brings up the attract screen (anti burn-in).
    attract_seconds: int = Field(default=60, ge=10, le=3600)
    # The space a visitor is sent to when no route will do (e.g. the lift is out of service).
    help_desk: Slug | None = None
    # Read aloud: through the screen's speakers, or a headphone socket (private, and quieter to start).
    speech: Literal["speaker", "headphone"] = "speaker"


class Building(Model):
    """The whole of floors.yaml, validated; `kiosk.load.checks` holds the rules across entries."""

    building: BuildingInfo
    floors: tuple[Floor, ...]
    spaces: tuple[Space, ...] = ()
    facilities: tuple[Facility, ...] = ()
    kiosks: tuple[Kiosk, ...] = ()
    notices: tuple[Notice, ...] = ()
    settings: Settings = Settings()
    closures: tuple[Closure, ...] = ()
    special_hours: tuple[SpecialHours, ...] = ()
    events: tuple[Event, ...] = ()
    event_sources: tuple[EventSource, ...] = ()
    languages: tuple[LanguageCode, ...] = Field(default=DEFAULT_LANGUAGES, min_length=1, max_length=MAX_LANGUAGES)
    categories: tuple[CategoryDef, ...] = Field(default=SHIPPED_CATEGORY_DEFS, min_length=1, max_length=40)
    facility_kinds: tuple[FacilityKindDef, ...] = ()  # the building's own, beside the shipped ones

    @property
    def default_language(self) -> Lang:
        """The building's first language: the kiosk starts in it, and texts fall back to it."""
        return self.languages[0]

    @cached_property
    def kinds(self) -> tuple[FacilityKindDef, ...]:
        """Every facility kind: the shipped ones, then the building's own (which may rename a shipped one)."""
        own = {k.id: k for k in self.facility_kinds}
        shipped = tuple(own.pop(k.id, k) for k in SHIPPED_KIND_DEFS)
        return shipped + tuple(own.values())

    @cached_property
    def _kinds_by_id(self) -> dict[str, FacilityKindDef]:
        return {k.id: k for k in self.kinds}

    @cached_property
    def _categories_by_id(self) -> dict[str, CategoryDef]:
        return {c.id: c for c in self.categories}

    def kind(self, kind_id: str) -> FacilityKindDef | None:
        """The facility kind with this id, or None."""
        return self._kinds_by_id.get(kind_id)

    def category(self, category_id: str) -> CategoryDef | None:
        """The category with this id, or None."""
        return self._categories_by_id.get(category_id)

    def kinds_present(self) -> tuple[FacilityKindDef, ...]:
        """The facility kinds this building has at least one of, in vocabulary order."""
        present = {f.kind for f in self.facilities}
        return tuple(k for k in self.kinds if k.id in present)

    def texts(self) -> Iterator[Text]:
        """Every building text in the file (names, descriptions, notices...), for translation counts."""
        yield from _texts_in(self)

    @cached_property
    def floors_top_down(self) -> tuple[Floor, ...]:
        """Floors as drawn on the home page: highest first."""
        return tuple(sorted(self.floors, key=lambda f: f.order, reverse=True))

    @cached_property
    def _floors_by_id(self) -> dict[str, Floor]:
        return {f.id: f for f in self.floors}

    @cached_property
    def _spaces_by_id(self) -> dict[str, Space]:
        return {s.id: s for s in self.spaces}

    @cached_property
    def _kiosks_by_id(self) -> dict[str, Kiosk]:
        return {k.id: k for k in self.kiosks}

    def floor(self, floor_id: str) -> Floor | None:
        """The floor with this id, or None."""
        return self._floors_by_id.get(floor_id)

    def space(self, space_id: str) -> Space | None:
        """The space with this id, or None."""
        return self._spaces_by_id.get(space_id)

    def kiosk(self, kiosk_id: str | None) -> Kiosk | None:
        """The kiosk with this id, or None."""
        return self._kiosks_by_id.get(kiosk_id or "")

    def spaces_on(self, floor_id: str) -> tuple[Space, ...]:
        """The spaces on a floor, in file order."""
        return tuple(s for s in self.spaces if s.floor == floor_id)

    def facilities_on(self, floor_id: str) -> tuple[Facility, ...]:
        """The facilities that serve a floor, in file order."""
        return tuple(f for f in self.facilities if floor_id in f.floors)

    def facilities_of(self, kind: str) -> tuple[Facility, ...]:
        """Every facility of one kind, in file order."""
        return tuple(f for f in self.facilities if f.kind == kind)

    def floors_with(self, kind: str) -> tuple[Floor, ...]:
        """The floors that have a facility of `kind`, bottom floor first."""
        served = {floor_id for f in self.facilities_of(kind) for floor_id in f.floors}
        return tuple(f for f in sorted(self.floors, key=lambda f: f.order) if f.id in served)

    def spaces_in(self, category: str) -> tuple[Space, ...]:
        """The spaces of one category, bottom floor first."""
        order = {f.id: f.order for f in self.floors}
        return tuple(sorted((s for s in self.spaces if s.category == category), key=lambda s: order[s.floor]))

    def neighbours(self, floor: Floor) -> tuple[Floor | None, Floor | None]:
        """The floor below and the floor above, or None at either end."""
        ordered = sorted(self.floors, key=lambda f: f.order)
        index = ordered.index(floor)
        below = ordered[index - 1] if index > 0 else None
        above = ordered[index + 1] if index + 1 < len(ordered) else None
        return below, above

    def floors_nearest(self, floor_id: str | None) -> tuple[Floor, ...]:
        """Floors ordered by how many storeys away from `floor_id` they are (top first if None)."""
        start = self.floor(floor_id or "")
        if start is None:
            return self.floors_top_down
        return tuple(sorted(self.floors_top_down, key=lambda f: abs(f.order - start.order)))

    def current_notices(self, today: dt.date) -> tuple[Notice, ...]:
        """Notices to show on `today`."""
        return tuple(n for n in self.notices if n.is_current(today))

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        """The building's time zone; opening hours are read in it."""
        return zoneinfo.ZoneInfo(self.building.timezone)

    def hours_of(self, space: Space) -> str:
        """The opening-hours expression of a space, falling back to the building's."""
        return space.hours or self.building.hours


def _texts_in(value: object) -> Iterator[Text]:
    """Walk models and tuples depth first, yielding every `Text` met."""
    if isinstance(value, Text):
        yield value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _texts_in(getattr(value, name))
    elif isinstance(value, tuple | dict):
        for item in value.values() if isinstance(value, dict) else value:
            yield from _texts_in(item)
