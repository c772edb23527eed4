"""Routes through the building: a graph built once per loaded building, and Dijkstra on it.

Nodes are corridor junctions, the points where doors, facilities and kiosks join a corridor,
and those doors, facilities and kiosks themselves. Edges cost seconds: corridor segments
at walking pace, a lift as a wait to board plus time per floor, stairs as time per floor.
The step-free search simply never takes a stairs edge.
"""

from __future__ import annotations

import heapq
import math
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import pairwise

from kiosk.model.building import Building, Facility, Floor, Kiosk, Space
from kiosk.model.geometry import Pt, contains, distance, distance_to_outline, polyline_length, project_on_segment
from kiosk.model.geometry import segment_intersection as crossing
from kiosk.model.shapes import clear_line, polygon, walkable_region, waypoints_around
from kiosk.model.vocabulary import ESCALATOR, LIFT, STEP_FREE_KINDS, VERTICAL_KINDS
from kiosk.ways.starts import entrance_start, plan_entrance_starts

WALK_SPEED = 1.0  # m/s: an unhurried pace, since many of the kiosk's visitors are elderly
LIFT_WAIT = 45.0  # s: waiting for a lift in a busy public building, boarding and leaving it
LIFT_PER_FLOOR = 4.0  # s per floor travelled in the cabin
STAIRS_PER_FLOOR = 18.0  # s per floor climbed or descended
ESCALATOR_PER_FLOOR = 12.0  # s per floor standing on an escalator, stepping on and off included
SNAP = 0.05  # m: corridor points closer than this are the same junction
DOOR_REACH = 5.0  # m: a door farther than this from every corridor cannot be walked to
DOOR_ON_ROOM = 1.0  # m: a door farther than this from its room's outline is probably misplaced

WALK = "walk"


@dataclass(frozen=True)
class Node:
    """A place in the graph: a corridor point, or a door, facility, kiosk or lift cabin."""

    floor: str
    at: Pt
    kind: str = "corridor"  # corridor, door, facility, kiosk, entrance (drawn on the outline), cabin
    ref: str = ""  # the space, facility or kiosk id


@dataclass(frozen=True)
class Edge:
    """A way from one node to another and what it costs."""

    to: int
    seconds: float
    metres: float
    kind: str = WALK
    via: str = ""  # the lift or staircase id


@dataclass(frozen=True)
class Walk:
    """The part of a route walked on one floor, as a polyline from its start to its end."""

    floor: str
    points: tuple[Pt, ...]
    start: Node
    end: Node

    @property
    def metres(self) -> float:
        """Length walked."""
        return polyline_length(self.points)


@dataclass(frozen=True)
class Ride:
    """A change of floor by lift or stairs."""

    kind: str  # LIFT or STAIRS
    via: str  # facility id
    from_floor: str
    to_floor: str


@dataclass(frozen=True)
class Route:
    """How to get from a kiosk to a place: walks on floors joined by rides."""

    parts: tuple[Walk | Ride, ...]
    seconds: float
    step_free: bool

    @property
    def metres(self) -> float:
        """Total walking distance."""
        return sum(part.metres for part in self.walks)

    @property
    def walks(self) -> tuple[Walk, ...]:
        """The walking parts, one per floor crossed on foot, in order."""
        return tuple(p for p in self.parts if isinstance(p, Walk))

    @property
    def uses_stairs(self) -> bool:
        """Whether the route climbs or descends stairs."""
        return any(isinstance(p, Ride) and p.kind not in STEP_FREE_KINDS for p in self.parts)

    def walk_on(self, floor_id: str) -> Walk | None:
        """The walk on one floor, if the route walks there."""
        return next((w for w in self.walks if w.floor == floor_id), None)


@dataclass(frozen=True)
class Attachment:
    """A door, facility or kiosk and how it joins the corridors of its floor."""

    node: Node
    foot: Pt | None  # nearest corridor point; None when the floor has no corridor
    reach: float  # metres from the point to that corridor


Tree = tuple[list[float], list[tuple[int, Edge] | None]]


@dataclass
class Network:
    """The walking graph of one building; built once, then asked for routes."""

    nodes: list[Node] = field(default_factory=list)
    edges: list[list[Edge]] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    feet: dict[Node, Pt] = field(default_factory=dict)  # anchor → where it joins its corridor
    index: dict[tuple[str, str, str], int] = field(default_factory=dict)  # (kind, ref, floor) → node
    # (source, step-free, facilities avoided) → Dijkstra tree; outages change rarely, so few keys.
    _trees: dict[tuple[int, bool, frozenset[str]], Tree] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    # --- building the graph ----------------------------------------------------------------

    def add_node(self, node: Node) -> int:
        """Add a node (corridor points closer than SNAP are merged) and return its number."""
        if node.kind == "corridor":
            for number, known in enumerate(self.nodes):
                if known.kind == "corridor" and known.floor == node.floor and distance(known.at, node.at) < SNAP:
                    return number
        self.nodes.append(node)
        self.edges.append([])
        if node.kind != "corridor":
            self.index[(node.kind, node.ref, node.floor)] = len(self.nodes) - 1
        return len(self.nodes) - 1

    def connect(self, a: int, b: int, seconds: float, metres: float, kind: str = WALK, via: str = "") -> None:
        """Join two nodes both ways."""
        if a == b:
            return
        self.edges[a].append(Edge(b, seconds, metres, kind, via))
        self.edges[b].append(Edge(a, seconds, metres, kind, via))

    def foot_of(self, node: Node) -> Pt:
        """Where a door, facility or kiosk joins its corridor (a corridor node is its own foot)."""
        return self.feet.get(node, node.at)

    def node_of(self, kind: str, ref: str, floor: str) -> int | None:
        """The node of a door ("door"), facility ("facility") or kiosk ("kiosk") on a floor."""
        return self.index.get((kind, ref, floor))

    # --- searching ---------------------------------------------------------------------------

    def _tree(
        self, source: int, step_free: bool, avoid: frozenset[str] = frozenset()
    ) -> tuple[list[float], list[tuple[int, Edge] | None]]:
        """Dijkstra from `source`: cost to every node and the edge that reached it (cached)."""
        key = (source, step_free, avoid)
        if key not in self._trees:
            tree = self._dijkstra(source, step_free, avoid)
            with self._lock:
                self._trees[key] = tree
        return self._trees[key]

    def _dijkstra(
        self, source: int, step_free: bool, avoid: frozenset[str] = frozenset()
    ) -> tuple[list[float], list[tuple[int, Edge] | None]]:
        cost = [math.inf] * len(self.nodes)
        came: list[tuple[int, Edge] | None] = [None] * len(self.nodes)
        cost[source] = 0.0
        queue = [(0.0, source)]
        while queue:
            spent, here = heapq.heappop(queue)
            if spent > cost[here]:
                continue
            for edge in self.edges[here]:
                if step_free and edge.kind not in STEP_FREE_KINDS and edge.kind != WALK:
                    continue
                if edge.via and edge.via in avoid:
                    continue  # never a lift, escalator or stairs out of service
                total = spent + edge.seconds
                if total < cost[edge.to]:
                    cost[edge.to] = total
                    came[edge.to] = (here, edge)
                    heapq.heappush(queue, (total, edge.to))
        return cost, came

    def route(self, source: int, target: int, step_free: bool, avoid: frozenset[str] = frozenset()) -> Route | None:
        """The quickest route between two nodes (not through lifts or stairs in `avoid`), or None."""
        cost, came = self._tree(source, step_free, avoid)
        if math.isinf(cost[target]):
            return None
        path: list[tuple[int, Edge]] = []
        here = target
        while here != source:
            step = came[here]
            assert step is not None  # every node with a finite cost was reached by an edge
            path.append(step)
            here = step[0]
        path.reverse()
        return Route(self._parts(source, path), cost[target], step_free)

    def cost(self, source: int, target: int, step_free: bool, avoid: frozenset[str] = frozenset()) -> float:
        """Seconds from source to target (infinite when unreachable)."""
        return self._tree(source, step_free, avoid)[0][target]

    def _parts(self, source: int, path: list[tuple[int, Edge]]) -> tuple[Walk | Ride, ...]:
        """Cut a path into walks on each floor and the rides between them."""
        parts: list[Walk | Ride] = []
        walked = [source]
        for here, edge in path:
            if edge.kind == WALK:
                walked.append(edge.to)
                continue
            if len(walked) > 1:
                parts.append(self._walk(walked))
            walked = [edge.to]
            floors = (self.nodes[here].floor, self.nodes[edge.to].floor)
            if floors[0] == floors[1]:
                continue  # boarding or leaving a lift cabin, not a change of floor
            last = parts[-1] if parts else None
            if isinstance(last, Ride) and last.via == edge.via:
                parts[-1] = Ride(last.kind, last.via, last.from_floor, floors[1])  # one ride, several floors
            else:
                parts.append(Ride(edge.kind, edge.via, *floors))
        if len(walked) > 1:
            parts.append(self._walk(walked))
        return tuple(parts)

    def _walk(self, numbers: list[int]) -> Walk:
        nodes = [self.nodes[n] for n in numbers if self.nodes[n].kind != "cabin"]
        points: list[Pt] = []
        for node in nodes:
            if not points or distance(points[-1], node.at) >= SNAP:
                points.append(node.at)
        return Walk(nodes[0].floor, tuple(points), nodes[0], nodes[-1])


# --- building the network of a building --------------------------------------------------------


def build_network(building: Building) -> Network:
    """The walking graph of a building; floors without a plan simply have no nodes."""
    network = Network()
    for floor in building.floors:
        if floor.plan is not None:
            _add_floor(network, building, floor)
    for facility in building.facilities:
        # Emergency-only stairs stay on the plan as facilities but never join floors for routes.
        if facility.kind in VERTICAL_KINDS and not facility.emergency_only:
            _add_vertical(network, building, facility)
    return network


def anchors_on(building: Building, floor: Floor) -> Iterator[Node]:
    """Every door, facility and kiosk that stands on a floor, as a graph node."""
    for space in building.spaces_on(floor.id):
        if space.door is not None:
            yield Node(floor.id, space.door, "door", space.id)
    for facility in building.facilities_on(floor.id):
        position = facility.position_on(floor.id)
        if position is not None:
            yield Node(floor.id, position, "facility", facility.id)
    for kiosk in building.kiosks:
        if kiosk.floor == floor.id and kiosk.at is not None:
            yield Node(floor.id, kiosk.at, "kiosk", kiosk.id)
    # An entrance drawn on the outline is where a visitor who came in there starts (kiosk.ways.starts).
    for start in plan_entrance_starts(building):
        if start.floor == floor.id and start.at is not None:
            yield Node(floor.id, start.at, "entrance", start.id)


def _add_floor(network: Network, building: Building, floor: Floor) -> None:
    """Corridor segments, split wherever they cross or something joins them, plus what joins them."""
    assert floor.plan is not None
    segments = [(a, b) for line in floor.plan.corridors for a, b in pairwise(line) if a != b]
    splits: list[list[Pt]] = [[a, b] for a, b in segments]
    for i, (a, b) in enumerate(segments):
        for j in range(i + 1, len(segments)):
            point = crossing(a, b, *segments[j])
            if point is not None:
                splits[i].append(point)
                splits[j].append(point)
    joins: list[tuple[Node, Pt | None, float]] = []
    for node in anchors_on(building, floor):
        best: tuple[float, int, Pt] | None = None
        for i, (a, b) in enumerate(segments):
            foot, _ = project_on_segment(node.at, a, b)
            gap = distance(node.at, foot)
            if best is None or gap < best[0]:
                best = (gap, i, foot)
        if best is None:
            joins.append((node, None, math.inf))
            continue
        splits[best[1]].append(best[2])
        joins.append((node, best[2], best[0]))
    for (a, _), points in zip(segments, splits, strict=True):
        ordered = sorted(points, key=lambda p: distance(a, p))
        numbers = [network.add_node(Node(floor.id, p)) for p in ordered]
        for (n1, p1), (n2, p2) in pairwise(zip(numbers, ordered, strict=True)):
            metres = distance(p1, p2)
            network.connect(n1, n2, metres / WALK_SPEED, metres)
    for node, joined, reach in joins:
        number = network.add_node(node)
        network.attachments.append(Attachment(node, joined, reach))
        if joined is not None and reach > DOOR_REACH and in_open_area(building, floor.id, node.at):
            continue  # a door on an open area is walked to across it (around what stands there), not in a beeline
        if joined is not None:
            network.feet[node] = joined
            network.connect(number, network.add_node(Node(floor.id, joined)), reach / WALK_SPEED, reach)
    for space in building.spaces_on(floor.id):
        if space.walkable and space.shape:
            _cross_open_area(network, floor, space.shape, _standing_in(building, floor, space.shape))


def _standing_in(building: Building, floor: Floor, area: tuple[Pt, ...]) -> list[tuple[Pt, ...]]:
    """Rooms and facilities' rooms drawn inside an open area: pillars, kiosks, a counter island."""
    shapes = [s.shape for s in building.spaces_on(floor.id) if s.shape and not s.walkable]
    shapes += [shape for f in building.facilities_on(floor.id) if (shape := f.shape_on(floor.id))]
    region = polygon(area)
    return [shape for shape in shapes if polygon(shape).intersection(region).area > 0.25]


def in_open_area(building: Building, floor_id: str, p: Pt) -> bool:
    """Whether a point is in (or on the edge of) an open area people walk across."""
    return any(s.walkable and s.shape and _in_area(s.shape, p) for s in building.spaces_on(floor_id))


AROUND = 0.6  # m: how far from a pillar's corner a route turns around it


def _cross_open_area(network: Network, floor: Floor, area: tuple[Pt, ...], blocked: list[tuple[Pt, ...]]) -> None:
    """In an open area (a lobby) people walk straight across where nothing is in the way.

    Every point in the area joins every other it can see (visibility inside the polygon, minus the
    floor's holes and whatever stands in it); the corners of those obstacles, a little way out,
    are waypoints, so a route bends around a pillar rather than through it or back to a corridor.
    """
    assert floor.plan is not None
    region = walkable_region(area, floor.plan, blocked)
    for corner in waypoints_around(region, [*floor.plan.holes, *blocked], AROUND):
        network.add_node(Node(floor.id, corner))
    inside = [
        n
        for n, node in enumerate(network.nodes)
        if node.floor == floor.id and node.kind != "cabin" and _in_area(area, node.at)
    ]
    for i, a in enumerate(inside):
        for b in inside[i + 1 :]:
            p, q = network.nodes[a].at, network.nodes[b].at
            metres = distance(p, q)
            if metres >= SNAP and clear_line(region, p, q):
                network.connect(a, b, metres / WALK_SPEED, metres)


def _in_area(area: tuple[Pt, ...], p: Pt) -> bool:
    """Inside the area or on its edge (a door in its wall)."""
    return contains(area, p) or distance_to_outline(area, p) < 0.3


def _add_vertical(network: Network, building: Building, facility: Facility) -> None:
    """Link a lift's or staircase's landings on consecutive floors it serves."""
    order = {f.id: f.order for f in building.floors}
    landings = sorted(
        ((order[f], n) for f in facility.floors if (n := network.node_of("facility", facility.id, f)) is not None),
    )
    if facility.kind == LIFT:
        cabins = []
        for _, landing in landings:
            cabin = network.add_node(
                Node(network.nodes[landing].floor, network.nodes[landing].at, "cabin", facility.id)
            )
            network.connect(landing, cabin, LIFT_WAIT / 2, 0.0, LIFT, facility.id)  # board + leave = one wait
            cabins.append(cabin)
        for (low, _), (high, _), a, b in zip(landings, landings[1:], cabins, cabins[1:], strict=False):
            network.connect(a, b, LIFT_PER_FLOOR * (high - low), 0.0, LIFT, facility.id)
    else:
        per_floor = ESCALATOR_PER_FLOOR if facility.kind == ESCALATOR else STAIRS_PER_FLOOR
        for (low, a), (high, b) in pairwise(landings):
            network.connect(a, b, per_floor * (high - low), 0.0, facility.kind, facility.id)


# --- the questions pages ask ---------------------------------------------------------------------


def start_kiosk(building: Building, kiosk_id: str | None) -> Kiosk | None:
    """The kiosk routes start from: the given one if it is on the plan, else the first that is."""
    chosen = building.kiosk(kiosk_id)
    if chosen is not None and chosen.at is not None:
        return chosen
    return next((k for k in building.kiosks if k.at is not None), None)


def _start_node(building: Building, network: Network, start_id: str) -> int | None:
    """The graph node a route starts from: a kiosk's, or an entrance's (kiosk.ways.starts)."""
    kiosk = building.kiosk(start_id) or entrance_start(building, start_id)
    if kiosk is None:
        return None
    for kind in ("kiosk", "entrance", "facility"):
        found = network.node_of(kind, kiosk.id, kiosk.floor)
        if found is not None:
            return found
    return None


def route_to_space(
    building: Building,
    network: Network,
    kiosk_id: str,
    space: Space,
    step_free: bool,
    avoid: frozenset[str] = frozenset(),
) -> Route | None:
    """The route from a kiosk to a space's door (not through `avoid`), or None when it cannot be reached."""
    source = _start_node(building, network, kiosk_id)
    target = network.node_of("door", space.id, space.floor)
    if source is None or target is None:
        return None
    return network.route(source, target, step_free, avoid)


def nearest_facility(
    building: Building,
    network: Network,
    kiosk_id: str,
    kind: str,
    step_free: bool,
    avoid: frozenset[str] = frozenset(),
) -> tuple[Facility, str, Route] | None:
    """The facility of `kind` quickest to reach from a kiosk (none in `avoid`): it, its floor and the route."""
    source = _start_node(building, network, kiosk_id)
    if source is None:
        return None
    best: tuple[float, Facility, str, int] | None = None
    for facility in building.facilities_of(kind):
        if facility.id in avoid:
            continue  # out of service: send the visitor to the next one
        for floor_id in facility.floors:
            target = network.node_of("facility", facility.id, floor_id)
            if target is None:
                continue
            seconds = network.cost(source, target, step_free, avoid)
            if not math.isinf(seconds) and (best is None or seconds < best[0]):
                best = (seconds, facility, floor_id, target)
    if best is None:
        return None
    route = network.route(source, best[3], step_free, avoid)
    return (best[1], best[2], route) if route else None


def has_geometry(building: Building) -> bool:
    """Whether any floor has a plan (a file without geometry gets no plans and no routes)."""
    return any(f.plan is not None for f in building.floors)


# --- a visitor who said only their floor ------------------------------------------------------------


def landings_on(building: Building, network: Network, floor_id: str, step_free: bool) -> Iterator[tuple[Facility, int]]:
    """The lifts (and, unless step-free, stairs) that stop on a floor, with their landing's node.

    A visitor who says only "I am on 5F" reached it by one of these: they are where a route can start
    that anybody on the floor can find (the plan marks it). Emergency-only stairs are never a start.
    """
    for facility in building.facilities_on(floor_id):
        if facility.kind not in VERTICAL_KINDS or facility.emergency_only:
            continue
        if step_free and facility.kind not in STEP_FREE_KINDS:
            continue
        node = network.node_of("facility", facility.id, floor_id)
        if node is not None:
            yield facility, node


def _best_from_floor(
    building: Building,
    network: Network,
    floor_id: str,
    targets: list[int],
    step_free: bool,
    avoid: frozenset[str],
) -> tuple[Facility, int, int] | None:
    """The landing on a floor and the target quickest to reach from it: (landing's facility, source, target)."""
    best: tuple[float, Facility, int, int] | None = None
    for facility, source in landings_on(building, network, floor_id, step_free):
        if facility.id in avoid:
            continue
        for target in targets:
            seconds = network.cost(source, target, step_free, avoid)
            if not math.isinf(seconds) and (best is None or seconds < best[0]):
                best = (seconds, facility, source, target)
    return None if best is None else best[1:]


@dataclass(frozen=True)
class FloorRoute:
    """A route from a floor the visitor named: from the landing of `start` (a lift or stairs) there."""

    start: Facility
    floor: str
    route: Route
    target: Node


def route_from_floor(
    building: Building,
    network: Network,
    floor_id: str,
    targets: list[int],
    step_free: bool,
    avoid: frozenset[str] = frozenset(),
) -> FloorRoute | None:
    """The quickest route from a lift or stairs landing on a floor to one of `targets` (nodes), or None."""
    best = _best_from_floor(building, network, floor_id, targets, step_free, avoid)
    if best is None:
        return None
    facility, source, target = best
    route = network.route(source, target, step_free, avoid)
    return FloorRoute(facility, floor_id, route, network.nodes[target]) if route else None


def facility_targets(building: Building, network: Network, kind: str, avoid: frozenset[str]) -> list[int]:
    """Every node of a facility of `kind` (on every floor it is on), out-of-service ones left out."""
    found = []
    for facility in building.facilities_of(kind):
        if facility.id in avoid:
            continue
        found += [n for f in facility.floors if (n := network.node_of("facility", facility.id, f)) is not None]
    return found


def floor_hops(building: Building, here: str, there: str, step_free: bool) -> list[tuple[Facility, str]] | None:
    """Which lifts or stairs take a visitor from floor `here` to floor `there`: (facility, floor left at) each.

    For floors without a plan (no route network there), from the floors each lift and staircase stops
    at: the fewest changes, so B2 → 7F says "the low-zone lift to G, then the high-zone lift". None: no way.
    """
    ways = [
        f
        for f in building.facilities
        if f.kind in VERTICAL_KINDS and not f.emergency_only and (not step_free or f.kind in STEP_FREE_KINDS)
    ]
    came: dict[str, tuple[str, Facility] | None] = {here: None}
    frontier = [here]
    while frontier and there not in came:
        following: list[str] = []
        for floor in frontier:
            for way in (w for w in ways if floor in w.floors):
                for stop in way.floors:
                    if stop not in came:
                        came[stop] = (floor, way)
                        following.append(stop)
        frontier = following
    if there not in came:
        return None
    hops: list[tuple[Facility, str]] = []
    at = there
    while (step := came[at]) is not None:
        hops.append((step[1], at))
        at = step[0]
    return hops[::-1]
