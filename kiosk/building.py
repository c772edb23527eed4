"""The building as immutable, typed models: what `floors.yaml` describes once validated.

The shape follows the ideas of Apple's Indoor Mapping Data Format (IMDF) without its
GeoJSON weight: a building has levels (`Floor`), public spaces (`Space`, IMDF's
occupant in its unit), amenities (`Facility`), kiosks and notices. Only
`kiosk.loader` builds these models from YAML; the rest of the app reads them.
"""

from __future__ import annotations

import datetime as dt
import math
import zoneinfo
from enum import StrEnum
from functools import cached_property
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

from kiosk import hours

if TYPE_CHECKING:
    from kiosk.routing import Network

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")
DEFAULT_LANG: Lang = "zh"

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


def _valid_public_url(url: str) -> str:
    if not url.startswith(("https://", "http://")) or any(c.isspace() for c in url):
        raise ValueError("public_url must start with https:// (or http://) and hold no spaces")
    return url.rstrip("/")


# --- geometry (issue 4): metres on the floor plan, x to the east, y to the SOUTH (as on a
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
PublicUrl = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200), AfterValidator(_valid_public_url)]


class Model(BaseModel):
    """Base for every model: immutable, and unknown keys are an error (catches typos)."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Text(Model):
    """A piece of building content in both languages."""

    zh: NonEmpty
    en: NonEmpty

    def __call__(self, lang: Lang) -> str:
        """The text in `lang`."""
        return self.en if lang == "en" else self.zh


class Category(StrEnum):
    """What a space is for; the home page has a quick button for each."""

    culture = "culture"
    learning = "learning"
    sport = "sport"
    family = "family"
    services = "services"


class FacilityKind(StrEnum):
    """Amenities a visitor asks for by kind ("where is the nearest toilet?")."""

    toilet = "toilet"
    accessible_toilet = "accessible-toilet"
    lift = "lift"
    stairs = "stairs"
    nursing_room = "nursing-room"
    drinking_water = "drinking-water"
    aed = "aed"


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


class FloorPlan(Model):
    """A floor's drawing: its size in metres, the walkable corridors, an optional background image."""

    size: tuple[Length, Length]  # width (west to east), depth (north to south)
    corridors: tuple[Polyline, ...] = ()
    background: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)] | None = None


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
    category: Category
    description: Text
    location: Text
    hours: HoursExpr | None = None
    aliases: tuple[NonEmpty, ...] = ()
    shape: Shape | None = None  # [x, y, w, h] or [[x, y], [x, y], ...]
    door: Point | None = None


class Facility(Model):
    """An amenity such as a toilet or a lift; a lift or staircase lists every floor it serves."""

    id: Slug
    kind: FacilityKind
    floors: tuple[Slug, ...] = Field(min_length=1)
    location: Text
    name: Text | None = None
    aliases: tuple[NonEmpty, ...] = ()
    # One point for every floor it serves (a lift shaft), or one per floor: `{1f: [x, y], 2f: [x, y]}`.
    at: Point | dict[Slug, Point] | None = None

    def position_on(self, floor_id: str) -> tuple[float, float] | None:
        """Where the facility stands on `floor_id`, if the file says."""
        if isinstance(self.at, dict):
            return self.at.get(floor_id)
        return self.at if floor_id in self.floors else None


class Kiosk(Model):
    """A lobby screen: where it stands, so pages can say "you are here"."""

    id: Slug
    name: Text
    floor: Slug
    location: Text
    at: Point | None = None
    facing: Facing = 0.0  # the way a person reading the screen looks: degrees from north, or N/E/S/W


class Notice(Model):
    """A message for visitors, shown on the home page between its optional dates."""

    text: Text
    starts: dt.date | None = None
    ends: dt.date | None = None

    def is_current(self, today: dt.date) -> bool:
        """Whether the notice should be shown on `today`."""
        return (self.starts is None or self.starts <= today) and (self.ends is None or today <= self.ends)


class Settings(Model):
    """Kiosk behaviour that building staff may tune."""

    idle_seconds: int = Field(default=90, ge=15, le=3600)
    countdown_seconds: int = Field(default=30, ge=20, le=300)
    # After an idle reset, this much more idle time brings up the attract screen (anti burn-in).
    attract_seconds: int = Field(default=60, ge=10, le=3600)


class Building(Model):
    """The whole of floors.yaml, validated and cross-checked."""

    building: BuildingInfo
    floors: tuple[Floor, ...]
    spaces: tuple[Space, ...] = ()
    facilities: tuple[Facility, ...] = ()
    kiosks: tuple[Kiosk, ...] = ()
    notices: tuple[Notice, ...] = ()
    settings: Settings = Settings()

    @cached_property
    def network(self) -> Network:
        """The walking graph for routes, built once per loaded building."""
        from kiosk.routing import build_network  # late: kiosk.routing imports this module

        return build_network(self)

    @cached_property
    def search_index(self) -> list[dict]:
        """The search index (names, pinyin, aliases), built once per loaded building."""
        from kiosk.searchbuild import build_index_isolated  # late: it imports this module

        return build_index_isolated(self)  # in a child process: pypinyin's 55 MB never stay (issue 12)

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

    def facilities_of(self, kind: FacilityKind) -> tuple[Facility, ...]:
        """Every facility of one kind, in file order."""
        return tuple(f for f in self.facilities if f.kind == kind)

    def floors_with(self, kind: FacilityKind) -> tuple[Floor, ...]:
        """The floors that have a facility of `kind`, bottom floor first."""
        served = {floor_id for f in self.facilities_of(kind) for floor_id in f.floors}
        return tuple(f for f in sorted(self.floors, key=lambda f: f.order) if f.id in served)

    def spaces_in(self, category: Category) -> tuple[Space, ...]:
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
