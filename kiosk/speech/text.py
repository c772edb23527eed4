"""What the Read aloud button says: a page's answer as sentences, in the page's language.

Pure functions of a building, its route network, a language, where the visitor stands and a time:
the page shows the same facts (kiosk/web/views), and these say them, with numbers, times and
floor labels in words (`numbers.spoken`). Only the answer is said, never the page's chrome.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kiosk.model.building import Building, FacilityKindDef, Kiosk, Lang, Space
from kiosk.model.hours import Period
from kiosk.model.i18n import format_when, kind_name, translate
from kiosk.model.vocabulary import VERTICAL_KINDS
from kiosk.speech.numbers import spoken
from kiosk.timetable import schedule, status
from kiosk.ways.directions import describe_staged, summary
from kiosk.ways.routing import Network, Route, nearest_facility, route_to_space

SPEECH_LANGUAGES: tuple[Lang, ...] = ("zh", "en")  # the languages espeak-ng says well enough (kiosk/speech/engine.py)


@dataclass(frozen=True)
class Listener:
    """Who the page speaks to: in which language, standing where, wanting which route, and when."""

    lang: Lang
    now: dt.datetime
    origin: Kiosk | None = None  # the kiosk (or entrance) they stand at; None: a phone that did not say
    step_free: bool = False


def _say(listener: Listener, key: str, **params: object) -> str:
    return translate(listener.lang, f"speech.{key}", **params)


def _floor_words(building: Building, floor_id: str) -> str:
    """A floor as its label (the sentence's numbers turn it into words later)."""
    floor = building.floor(floor_id)
    return floor.label if floor is not None else floor_id


def _time(moment: dt.datetime) -> str:
    return moment.strftime("%H:%M")


def hours_sentences(building: Building, space: Space | None, listener: Listener) -> list[str]:
    """Open now and until when, or when it opens next."""
    state = schedule.status(building, space, listener.now)
    if state.is_open:
        closes = state.closes_at
        return [_say(listener, "open_until", time=_time(closes)) if closes else _say(listener, "open_now")]
    if state.opens_at is not None:
        return [_say(listener, "opens", when=format_when(state.opens_at, listener.now, listener.lang))]
    return [_say(listener, "not_scheduled")]


def _period(listener: Listener, period: Period) -> str:
    end = "24:00" if period.end == dt.time(0) else period.end.strftime("%H:%M")
    return _say(listener, "period", start=period.start.strftime("%H:%M"), end=end)


def status_sentences(building: Building, space: Space, listener: Listener) -> list[str] | None:
    """A space that moved, closed for good or is being renovated: that, said first (None: none of these)."""
    state = space.status
    if state is None:
        return None
    name = space.name(listener.lang)
    moved = status.moved_to(building, space)
    if moved is not None:
        floor = _floor_words(building, moved.floor)
        return [_say(listener, "moved", name=name, place=moved.name(listener.lang), floor=floor)]
    if state.state == "closed":
        return [_say(listener, "closed_for_good", name=name)]
    return [_say(listener, "renovation", name=name)]


def route_sentences(
    building: Building, network: Network, route: Route | None, listener: Listener, place: str
) -> list[str]:
    """The route's steps, numbered as the page numbers them, and its total."""
    if route is None or listener.origin is None:
        return []
    staged = describe_staged(route, building, network, listener.lang, listener.origin.facing, place)
    said = [_say(listener, "route")]
    said += [_say(listener, "step", n=n, text=step.text) for n, step in enumerate(staged, start=1)]
    total = summary(route, listener.lang, metres=sum(step.metres for step in staged))
    return [*said, _say(listener, "total", text=total)]


def _avoid(building: Building, listener: Listener) -> frozenset[str]:
    return status.out_of_service(building, listener.now)


def space_sentences(building: Building, network: Network, space: Space, listener: Listener) -> list[str]:
    """A space page: its name and floor, where it is, open now or when it opens, the way there."""
    lang = listener.lang
    name = space.name(lang)
    said = [_say(listener, "on_floor", name=name, floor=_floor_words(building, space.floor))]
    changed = status_sentences(building, space, listener)
    if changed is not None and (space.status is None or space.status.state != "renovation"):
        said += changed
        target = status.moved_to(building, space)
        if target is None:
            return said  # closed for good: nothing to go to
        space, name = target, target.name(lang)
    else:
        if space.location(lang):
            said.append(_say(listener, "where", where=space.location(lang)))
        said += changed or hours_sentences(building, space, listener)
    if listener.origin is not None and space.door is not None:
        route = route_to_space(
            building, network, listener.origin.id, space, listener.step_free, _avoid(building, listener)
        )
        said += route_sentences(building, network, route, listener, name)
    return said


def kind_sentences(building: Building, network: Network, kind: FacilityKindDef, listener: Listener) -> list[str]:
    """A facility kind's page: which floors have it, the nearest one and the way there."""
    name = kind_name(kind, listener.lang)
    floors = building.floors_with(kind.id)
    if len(floors) == len(building.floors):
        said = [_say(listener, "kind_everywhere", name=name)]
    else:
        labels = translate(listener.lang, "list_separator").join(f.label for f in floors)
        said = [_say(listener, "kind_floors", name=name, floors=labels)]
    if kind.id in VERTICAL_KINDS or listener.origin is None or not floors:
        return said
    avoid = _avoid(building, listener)
    found = nearest_facility(building, network, listener.origin.id, kind.id, listener.step_free, avoid)
    if found is None:
        return said
    facility, floor_id, route = found
    place = facility.name(listener.lang) if facility.name else name
    said.append(_say(listener, "nearest", kind=place, floor=_floor_words(building, floor_id)))
    return said + route_sentences(building, network, route, listener, place)


def home_sentences(building: Building, listener: Listener) -> list[str]:
    """The home page: the building's name, open now, and today's hours."""
    said = [_say(listener, "building", name=building.building.name(listener.lang))]
    said += hours_sentences(building, None, listener)
    today = schedule.status(building, None, listener.now).today
    if today:
        periods = translate(listener.lang, "list_separator").join(_period(listener, p) for p in today)
        said.append(_say(listener, "today", periods=periods))
    return said


def urgent_sentences(building: Building, listener: Listener) -> list[str]:
    """The urgent notices in force: said first on every page, as the banner shows them first."""
    return [_say(listener, "urgent", text=n.text(listener.lang)) for n in status.urgent_notices(building, listener.now)]


def page_sentences(
    building: Building, network: Network, endpoint: str | None, view_args: Mapping[str, Any], listener: Listener
) -> tuple[str, ...]:
    """The sentences a page says, numbers in words; empty for a page with nothing to read aloud."""
    said: list[str] | None = None
    if endpoint == "directory.space" and (space := building.space(view_args.get("space_id", ""))) is not None:
        said = space_sentences(building, network, space, listener)
    elif endpoint == "directory.facility_kind" and (kind := building.kind(view_args.get("kind", ""))) is not None:
        said = kind_sentences(building, network, kind, listener) if building.facilities_of(kind.id) else None
    elif endpoint == "directory.home":
        said = home_sentences(building, listener)
    if said is None or listener.lang not in SPEECH_LANGUAGES:
        return ()
    return tuple(spoken(sentence, listener.lang) for sentence in urgent_sentences(building, listener) + said)
