"""Directions in words, worked out from the geometry of a route (never typed in per room).

A walk on one floor is cut into straight runs; each bend of 30° or more is a turn, said
relative to the way the visitor is walking. The first heading is the kiosk's facing (or,
after a ride, the way out of the lift or stairwell). The last run names the door by
counting the doors on the same side of the corridor.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import partial
from itertools import pairwise

from kiosk.model.building import Building, Lang
from kiosk.model.geometry import (
    Pt,
    centroid,
    distance,
    heading,
    polyline_length,
    project_on_segment,
    side_of,
    turn_angle,
)
from kiosk.model.i18n import translate
from kiosk.model.vocabulary import DOOR_LIKE_KINDS as DOOR_LIKE
from kiosk.model.vocabulary import WALL_MOUNTED_KINDS
from kiosk.ways.routing import SNAP, Network, Ride, Route, Walk

STRAIGHT = 30.0  # degrees: a smaller bend is still "ahead"
AROUND = 150.0  # degrees: a larger one is "turn around"
MAX_ORDINAL = 5  # past the fifth door, counting stops helping


@dataclass(frozen=True)
class Run:
    """A straight stretch of a walk."""

    start: Pt
    end: Pt

    @property
    def heading(self) -> float:
        """Compass heading of the stretch."""
        return heading(self.start, self.end)

    @property
    def metres(self) -> float:
        """Its length."""
        return distance(self.start, self.end)


def runs_of(points: tuple[Pt, ...] | list[Pt]) -> list[Run]:
    """Merge the segments of a polyline into straight runs, cutting only at real bends."""
    runs: list[Run] = []
    for a, b in pairwise(points):
        if distance(a, b) < SNAP:
            continue
        if runs and abs(turn_angle(runs[-1].heading, heading(a, b))) < STRAIGHT:
            runs[-1] = Run(runs[-1].start, b)
        else:
            runs.append(Run(a, b))
    return runs


def turn_word(angle: float) -> str:
    """ "ahead", "left", "right" or "back" for a signed turn angle."""
    if abs(angle) < STRAIGHT:
        return "ahead"
    if abs(angle) > AROUND:
        return "back"
    return "right" if angle > 0 else "left"


def round_metres(metres: float) -> int:
    """Distances as people say them: to the metre when short, to 5 m when longer."""
    return max(1, round(metres)) if metres < 10 else 5 * round(metres / 5)


def walking_minutes(seconds: float) -> int:
    """Whole minutes, rounded up, never zero."""
    return max(1, math.ceil(seconds / 60))


def describe(route: Route, building: Building, network: Network, lang: Lang, facing: float, place: str) -> list[str]:
    """The numbered steps of a route (without their numbers) in `lang`."""
    return [step.text for step in describe_staged(route, building, network, lang, facing, place)]


@dataclass(frozen=True)
class Step:
    """One numbered step: its words, the route part it belongs to, and the metres it says."""

    stage: int  # the index of the route part (walk or ride): the kiosk's stepper shows one at a time
    text: str
    metres: int = 0  # as said in the words, so the steps add up to the total


def describe_staged(
    route: Route, building: Building, network: Network, lang: Lang, facing: float, place: str
) -> list[Step]:
    """The steps of a route, each with its route part and the metres it says."""
    steps: list[Step] = []
    parts = route.parts
    for index, part in enumerate(parts):
        if isinstance(part, Ride):
            steps.append(Step(index, _ride_sentence(part, building, lang)))
            continue
        after = parts[index + 1] if index + 1 < len(parts) else None
        before = parts[index - 1] if index > 0 else None
        said = _walk_sentences(part, building, network, lang, facing, before, after, place)
        steps += [Step(index, text, metres) for text, metres in said]
    return steps or [Step(0, translate(lang, "route.already_here", place=place))]


def via_name(ride: Ride, building: Building, lang: Lang) -> str:
    """What to call a lift or staircase in a sentence."""
    facility = next((f for f in building.facilities if f.id == ride.via), None)
    if facility is not None and facility.name is not None:
        return facility.name(lang)
    return translate(lang, f"route.the_{ride.kind}")


def _ride_sentence(ride: Ride, building: Building, lang: Lang) -> str:
    floors = {f.id: f for f in building.floors}
    going = "up" if floors[ride.to_floor].order > floors[ride.from_floor].order else "down"
    label = floors[ride.to_floor].label
    return translate(lang, f"route.{ride.kind}_{going}", via=via_name(ride, building, lang), label=label)


def _walk_sentences(
    walk: Walk,
    building: Building,
    network: Network,
    lang: Lang,
    facing: float,
    before: object,
    after: object,
    place: str,
) -> list[tuple[str, int]]:
    say = partial(translate, lang)
    start_foot, end_foot = network.foot_of(walk.start), network.foot_of(walk.end)
    points = list(walk.points)
    first, last = _core_span(points, start_foot, end_foot)
    runs = runs_of(points[first : last + 1])
    # The steps say every metre walked: the way to the corridor and from it to the door included.
    walked = [run.metres for run in runs]
    if walked:
        walked[0] += polyline_length(points[: first + 1])
        walked[-1] += polyline_length(points[last:])
    direct = not runs
    if direct:
        # Both ends join the corridor at one point (a check-point 3 m beside the kiosk): no corridor
        # to follow, so the step is the turn towards the place and the few metres straight to it.
        runs = runs_of([points[0], points[-1]])
        walked = [run.metres for run in runs]
    said = [round_metres(m) for m in walked]
    exit_from = via_name(before, building, lang) if isinstance(before, Ride) else None
    if exit_from is not None:
        # Out of the lift or stairwell towards the corridor is the first way the visitor faces.
        facing_first = heading(walk.start.at, start_foot) if distance(walk.start.at, start_foot) >= 0.5 else None
    else:
        facing_first = facing
    sentences: list[str] = []
    previous = facing_first if facing_first is not None else (runs[0].heading if runs else 0.0)
    for i, run in enumerate(runs):
        metres = said[i]
        turn = turn_word(turn_angle(previous, run.heading))
        if i == 0 and exit_from is not None:
            text = say(f"route.exit_{turn}", via=exit_from, m=metres)
        elif i == 0:
            text = say(f"route.start_{turn}", m=metres)
        else:
            text = say("route.walk", m=metres)
        if i + 1 < len(runs):
            text = say(
                "route.then_turn",
                step=text,
                dir=say("route." + turn_word(turn_angle(run.heading, runs[i + 1].heading))),
            )
        sentences.append(text)
        previous = run.heading
    if not sentences:
        sentences.append(say("route.exit_only", via=exit_from) if exit_from else "")
    if isinstance(after, Ride):
        via = via_name(after, building, lang)
        final = (
            say("route.walk_to_via", step=sentences[-1], via=via)
            if sentences[-1]
            else say("route.walk_to_via_only", via=via)
        )
    else:
        ending = (
            say("route.arrive_ahead", place=place)
            if direct
            else _arrival(walk, building, network, lang, runs, end_foot, place)
        )
        final = say("route.joined", step=sentences[-1], end=ending) if sentences[-1] else ending
    sentences[-1] = final
    return list(zip(sentences, said or [0], strict=False)) if said else [(sentences[0], 0)]


def _core_span(points: list[Pt], start: Pt, end: Pt) -> tuple[int, int]:
    """The corridor part of a walk (indices): from where its start joins the corridor to where its end does."""
    first = next((i for i, p in enumerate(points) if distance(p, start) < SNAP), 0)
    last = next((i for i in range(len(points) - 1, -1, -1) if distance(points[i], end) < SNAP), len(points) - 1)
    return (first, last) if first <= last else (first, first)


def _arrival(
    walk: Walk, building: Building, network: Network, lang: Lang, runs: list[Run], end_foot: Pt, place: str
) -> str:
    """Where the place is at the end of the walk: named by its side and by counting doors."""
    say = partial(translate, lang)
    beside = walk.end.at
    if distance(walk.end.at, end_foot) < 0.5:
        # The door is on the corridor line itself: the room lies on the side of its middle.
        space = building.space(walk.end.ref) if walk.end.kind == "door" else None
        beside = centroid(space.shape) if space is not None and space.shape else walk.end.at
    if distance(beside, end_foot) < 0.5:
        return say("route.arrive_ahead", place=place)
    last = runs[-1]
    side = "right" if side_of(last.start, last.end, beside) > 0 else "left"
    kind = _facility_kind(building, walk.end.ref) if walk.end.kind == "facility" else None
    if kind in WALL_MOUNTED_KINDS:  # an AED or a water fountain hangs on the wall: no door to count
        return say("route.arrive_wall", place=place, side=say(f"route.{side}"))
    if kind is not None and kind not in DOOR_LIKE:
        return say("route.arrive_side", place=place, side=say(f"route.{side}"))
    count = _doors_before(building, network, walk, last, side)
    if count + 1 > MAX_ORDINAL:
        return say("route.arrive_side", place=place, side=say(f"route.{side}"))
    return say("route.arrive_door", place=place, side=say(f"route.{side}"), nth=say(f"route.nth_{count + 1}"))


def _doors_before(building: Building, network: Network, walk: Walk, run: Run, side: str) -> int:
    """How many other doors on the same side the visitor passes on the last run before theirs."""
    target_along = distance(run.start, network.foot_of(walk.end))
    count = 0
    for attachment in network.attachments:
        node = attachment.node
        if node.floor != walk.floor or node == walk.end or attachment.foot is None or attachment.reach < 0.5:
            continue
        if node.kind == "facility" and _facility_kind(building, node.ref) not in DOOR_LIKE:
            continue
        if node.kind not in ("door", "facility"):
            continue
        foot, _ = project_on_segment(attachment.foot, run.start, run.end)
        on_run = distance(foot, attachment.foot) < SNAP
        along = distance(run.start, attachment.foot)
        same_side = (side_of(run.start, run.end, node.at) > 0) == (side == "right")
        if on_run and SNAP < along < target_along - SNAP and same_side:
            count += 1
    return count


def _facility_kind(building: Building, facility_id: str) -> str | None:
    return next((f.kind for f in building.facilities if f.id == facility_id), None)


def summary(route: Route, lang: Lang, metres: int | None = None) -> str:
    """ "About 50 m, about 2 min" (the time includes waiting for the lift); `metres` as the steps add up."""
    total = round_metres(route.metres) if metres is None else metres
    return translate(lang, "route.total", m=total, min=walking_minutes(route.seconds))
