"""Placing the names on a floor plan so that none hides another name, an icon, a door or the route.

Sizes are estimated from the font (bold Noto Sans CJK, as the pages use): a CJK character is one
em wide, Latin letters a little over half, and a line's box is 1.45 em tall around its centre
(measured in Chromium). Estimates err wide, so a name that fits here fits on screen.

A name is tried, in order: inside its room (centred, then moved away from whatever is in the
way, then smaller, then on more lines), outside it with a leader line, and last abbreviated.
Chinese is never wrapped so that one character sits alone on a line.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise

from kiosk.geometry import Pt, contains, segment_intersection
from kiosk.shapes import label_point

LINE_BOX = 1.45  # em: the height Chromium gives one line of the plan's font
LINE_STEP = 1.2  # em: the distance between the baselines of two lines (tspan dy)
SLACK = 1.06  # estimated widths are made this much wider, to be safe
PAD = 3.0  # user units of clear space around every label
CROWD = 3  # more names than this outside their rooms: number the rooms and give a key instead
KEY_MARK = 0.75  # a room's number may shrink to this share of the smallest name size


@dataclass(frozen=True)
class Box:
    """An axis-aligned rectangle in SVG user units."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def centre(self) -> Pt:
        """Its middle."""
        return ((self.x0 + self.x1) / 2, (self.y0 + self.y1) / 2)

    def grown(self, by: float) -> Box:
        """The box with `by` more on every side."""
        return Box(self.x0 - by, self.y0 - by, self.x1 + by, self.y1 + by)

    def overlaps(self, other: Box) -> bool:
        """Whether the two boxes share any area."""
        return self.x0 < other.x1 and other.x0 < self.x1 and self.y0 < other.y1 and other.y0 < self.y1

    def within(self, other: Box) -> bool:
        """Whether this box lies entirely inside `other`."""
        return self.x0 >= other.x0 and self.y0 >= other.y0 and self.x1 <= other.x1 and self.y1 <= other.y1

    def corners(self) -> tuple[Pt, Pt, Pt, Pt]:
        """Its four corners, clockwise from the top left."""
        return ((self.x0, self.y0), (self.x1, self.y0), (self.x1, self.y1), (self.x0, self.y1))

    def crosses(self, a: Pt, b: Pt) -> bool:
        """Whether the segment ab passes through the box."""
        if any(self.x0 <= x <= self.x1 and self.y0 <= y <= self.y1 for x, y in (a, b)):
            return True
        c = self.corners()
        return any(segment_intersection(a, b, p, q) is not None for p, q in zip(c, (*c[1:], c[0]), strict=True))


def box_of(points: Iterable[Pt]) -> Box:
    """The bounding box of some points."""
    xs, ys = zip(*points, strict=True)
    return Box(min(xs), min(ys), max(xs), max(ys))


def is_cjk(char: str) -> bool:
    """Whether a character is a (square) CJK ideograph or full-width sign."""
    return ord(char) >= 0x2E80


def char_width(char: str) -> float:
    """Estimated advance of one bold character, in ems."""
    if is_cjk(char):
        return 1.0
    if char == " ":
        return 0.26
    if char in "-.,'’:;()/":
        return 0.38
    if char.isdigit():
        return 0.6
    if char.isupper():
        return 0.7
    if char in "mw":
        return 0.9
    if char in "iljtfr":
        return 0.38
    return 0.6


def text_width(text: str, font: float) -> float:
    """Estimated width of a line of text at `font` user units."""
    return _ems(text) * font * SLACK


@lru_cache(maxsize=4096)
def _ems(text: str) -> float:
    return sum(map(char_width, text))


def lines_box(lines: Sequence[str], x: float, y: float, font: float) -> Box:
    """The box of centred lines drawn around (x, y), as `plans._text_lines` draws them."""
    width = max(text_width(line, font) for line in lines)
    height = (LINE_BOX + (len(lines) - 1) * LINE_STEP) * font
    return Box(x - width / 2, y - height / 2, x + width / 2, y + height / 2)


def _unspaced(text: str) -> bool:
    """Chinese (or other CJK) written without spaces: it may break between any two characters."""
    return " " not in text and any(is_cjk(c) for c in text)


def wrap(text: str, width: float, font: float) -> list[str]:
    """Break a name into lines that fit `width` (words kept whole; Chinese in even lines)."""
    if _unspaced(text):
        for count in range(1, max(1, len(text) // 2) + 1):
            even = split_even(text, count)
            if all(text_width(line, font) <= width for line in even):
                return even
        return split_even(text, max(1, len(text) // 2))
    lines: list[str] = []
    current = ""
    for word, joiner in _tokens(text):
        candidate = f"{current}{joiner}{word}" if current else word
        if current and text_width(candidate, font) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    return [*lines, current] if current else lines


def _tokens(text: str) -> Iterator[tuple[str, str]]:
    """Words, and the parts of hyphenated words ("Multi-" "purpose"), each with what joins it to the last."""
    for i, word in enumerate(text.split(" ")):
        parts = word.split("-")
        for j, part in enumerate(parts):
            piece = part + ("-" if j < len(parts) - 1 else "")
            yield piece, (" " if i and not j else "")


def split_even(text: str, count: int) -> list[str]:
    """Cut unspaced text (Chinese) into up to `count` lines of nearly equal length, none of one character."""
    count = max(1, min(count, len(text) // 2))
    base, extra = divmod(len(text), count)
    lines, start = [], 0
    for i in range(count):
        size = base + (1 if i < extra else 0)
        lines.append(text[start : start + size])
        start += size
    return lines


def wrappings(text: str, font: float, most_lines: int = 3) -> Iterator[list[str]]:
    """Ways to set a name, fewest lines first."""
    seen: set[tuple[str, ...]] = set()
    if _unspaced(text):
        options = [split_even(text, n) for n in range(1, most_lines + 1)]
    else:
        full = text_width(text, font)
        options = [wrap(text, full / n + font, font) for n in range(1, most_lines + 1)]
    for lines in options:
        if tuple(lines) not in seen and len(lines) <= most_lines:
            seen.add(tuple(lines))
            yield lines


def abbreviations(text: str) -> Iterator[str]:
    """Shorter forms of a name: fewer words or characters, ending in an ellipsis."""
    if not _unspaced(text):
        words = text.split(" ")
        for keep in range(len(words) - 1, 0, -1):
            yield " ".join(words[:keep]) + "…"
    else:
        for keep in range(len(text) - 1, 1, -1):
            yield text[:keep] + "…"


@dataclass(frozen=True)
class Placed:
    """Where a label goes: its lines, centre, font size, and a leader line when outside its room."""

    lines: tuple[str, ...]
    x: float
    y: float
    font: float
    leader: tuple[Pt, Pt] | None = None
    key: int | None = None  # a crowd of small rooms: the room shows this number, the key its name


@dataclass
class Obstacles:
    """What labels must keep clear of: boxes (icons, doors, other labels) and thick lines (route, walls)."""

    bounds: Box
    boxes: list[Box] = field(default_factory=list)
    lines: list[tuple[Pt, Pt, float]] = field(default_factory=list)  # a segment and its half-width
    rooms: list[Box] = field(default_factory=list)  # outside labels avoid sitting on other rooms

    def add_box(self, box: Box) -> None:
        """Keep labels off this box."""
        self.boxes.append(box)

    def add_line(self, points: Sequence[Pt], half_width: float) -> None:
        """Keep labels off a polyline drawn `half_width` either side of its centre."""
        self.lines += [(a, b, half_width) for a, b in pairwise(points)]

    def clear(self, box: Box) -> bool:
        """Whether a label box fits here without touching anything."""
        if not box.within(self.bounds):
            return False
        padded = box.grown(PAD)
        if any(padded.overlaps(other) for other in self.boxes):
            return False
        return not any(padded.grown(w).crosses(a, b) for a, b, w in self.lines)


def _inside(box: Box, polygon: Sequence[Pt]) -> bool:
    return all(contains(polygon, p) for p in box.corners())


def _offsets(spare: float, steps: int = 5) -> list[float]:
    """0, then ± fractions of the spare room, nearest the middle first."""
    if spare <= 0:
        return [0.0]
    values = [0.0]
    for k in range(1, steps + 1):
        values += [spare * k / steps, -spare * k / steps]
    return values


def place_all(rooms: Sequence[tuple[str, Sequence[Pt], float]], smallest: float, obstacles: Obstacles) -> list[Placed]:
    """Names for several rooms: first every name that fits inside its own room, then the rest outside.

    Inside names go first so a name moved outside never takes the middle of a room whose own
    name would have fitted there. Each placed name becomes an obstacle for the next. When more
    than `CROWD` names do not fit (a row of narrow counters), leader lines would cross each
    other: those rooms are numbered instead, in reading order, and the caller draws a key.
    """
    placed: list[Placed | None] = [None] * len(rooms)
    for i, (name, polygon, font) in enumerate(rooms):
        room = box_of(polygon)
        found = _inside_room(name, polygon, room, label_point(polygon), font, smallest, obstacles)
        if found is not None:
            placed[i] = found
            obstacles.add_box(lines_box(found.lines, found.x, found.y, found.font))
    left = [i for i in range(len(rooms)) if placed[i] is None]
    if len(left) > CROWD:
        reading = sorted(left, key=lambda i: (round(box_of(rooms[i][1]).y0), box_of(rooms[i][1]).x0))
        for number, i in enumerate(reading, 1):
            _, polygon, font = rooms[i]
            found = place(str(number), polygon, font, smallest * KEY_MARK, obstacles)
            placed[i] = Placed(found.lines, found.x, found.y, found.font, found.leader, key=number)
            obstacles.add_box(lines_box(found.lines, found.x, found.y, found.font))
    for i, (name, polygon, font) in enumerate(rooms):
        if placed[i] is None:
            found = place(name, polygon, font, smallest, obstacles)
            placed[i] = found
            obstacles.add_box(lines_box(found.lines, found.x, found.y, found.font))
    return [p for p in placed if p is not None]


def place(
    name: str, polygon: Sequence[Pt], font: float, smallest: float, obstacles: Obstacles, anchor: Pt | None = None
) -> Placed:
    """Where the name of the room `polygon` goes; the caller adds the result to `obstacles`."""
    room = box_of(polygon)
    cx, cy = anchor or label_point(polygon)  # the pole of inaccessibility: inside an L, unlike its box's middle
    found = _inside_room(name, polygon, room, (cx, cy), font, smallest, obstacles)
    found = found or _outside_room(name, room, font, obstacles)
    found = found or _abbreviated(name, polygon, room, (cx, cy), smallest, obstacles)
    found = found or anywhere(name, room, smallest, obstacles)
    for short in abbreviations(name):
        found = found or anywhere(short, room, smallest, obstacles)
    return found or Placed(tuple(wrap(name, room.x1 - room.x0, smallest)), cx, cy, smallest)


def anywhere(
    name: str, room: Box, font: float, obstacles: Obstacles, wrapped: Sequence[Sequence[str]] | None = None
) -> Placed | None:
    """The last resort before an overlap: the clear spot nearest the room, with a leader line.

    `wrapped` gives the ways of breaking the label to try (by default, the name's own wrappings).
    """
    step = font
    bounds = obstacles.bounds
    for lines in wrapped or wrappings(name, font, most_lines=4):
        size = lines_box(lines, 0, 0, font)
        w, h = size.x1 - size.x0, size.y1 - size.y0
        spots = [
            (bounds.x0 + w / 2 + i * step, bounds.y0 + h / 2 + j * step)
            for i in range(int((bounds.x1 - bounds.x0 - w) / step) + 1)
            for j in range(int((bounds.y1 - bounds.y0 - h) / step) + 1)
        ]
        spots.sort(key=lambda p: math.dist(p, room.centre))
        for x, y in spots:
            box = lines_box(lines, x, y, font)
            if not box.overlaps(room) and obstacles.clear(box):
                edge = _nearest_on(room, (x, y))
                return Placed(tuple(lines), x, y, font, (_nearest_on(box, edge), _towards(edge, room.centre, font)))
    return None


def _fonts(font: float, smallest: float) -> list[float]:
    sizes = [font]
    while sizes[-1] * 0.9 >= smallest - 1e-6:
        sizes.append(sizes[-1] * 0.9)
    return sizes


def _inside_room(
    name: str, polygon: Sequence[Pt], room: Box, centre: Pt, font: float, smallest: float, obstacles: Obstacles
) -> Placed | None:
    for size in _fonts(font, smallest):
        for lines in wrappings(name, size, most_lines=4):
            box = lines_box(lines, *centre, size)
            spare_x = (room.x1 - room.x0 - (box.x1 - box.x0)) / 2 - PAD
            spare_y = (room.y1 - room.y0 - (box.y1 - box.y0)) / 2 - PAD
            if spare_x < 0 or spare_y < 0:
                continue
            moves = sorted(
                ((dx, dy) for dx in _offsets(spare_x) for dy in _offsets(spare_y)), key=lambda d: math.hypot(*d)
            )
            for dx, dy in moves:
                x, y = centre[0] + dx, centre[1] + dy
                moved = lines_box(lines, x, y, size)
                if _inside(moved.grown(PAD / 2), polygon) and obstacles.clear(moved):
                    return Placed(tuple(lines), x, y, size)
    return None


def _outside_room(name: str, room: Box, font: float, obstacles: Obstacles) -> Placed | None:
    for strict in (True, False):
        for lines in wrappings(name, font, most_lines=2):
            size = lines_box(lines, 0, 0, font)
            w, h = size.x1 - size.x0, size.y1 - size.y0
            for (x, y), edge in _spots_around(room, w, h, font):
                box = lines_box(lines, x, y, font)
                if strict and any(box.overlaps(other) for other in obstacles.rooms if other != room):
                    continue
                if obstacles.clear(box):
                    start = _nearest_on(box, edge)
                    return Placed(tuple(lines), x, y, font, (start, _towards(edge, room.centre, font)))
    return None


def _spots_around(room: Box, w: float, h: float, font: float) -> Iterator[tuple[Pt, Pt]]:
    """Label centres around a room, nearest first, each with the point of the room's edge it faces."""
    mx, my = room.centre
    spots: list[tuple[float, Pt, Pt]] = []
    for away in (0.6, 1.8, 3.2):
        gap = font * away
        for along in (0.0, 0.5, -0.5, 1.0, -1.0):
            sx, sy = along * w, along * h
            for centre, edge in (
                ((mx + sx, room.y0 - gap - h / 2), (min(max(mx + sx, room.x0), room.x1), room.y0)),
                ((mx + sx, room.y1 + gap + h / 2), (min(max(mx + sx, room.x0), room.x1), room.y1)),
                ((room.x1 + gap + w / 2, my + sy), (room.x1, min(max(my + sy, room.y0), room.y1))),
                ((room.x0 - gap - w / 2, my + sy), (room.x0, min(max(my + sy, room.y0), room.y1))),
            ):
                spots.append((math.dist(centre, edge), centre, edge))
    for _, centre, edge in sorted(spots, key=lambda s: s[0]):
        yield centre, edge


def _abbreviated(
    name: str, polygon: Sequence[Pt], room: Box, centre: Pt, smallest: float, obstacles: Obstacles
) -> Placed | None:
    for short in abbreviations(name):
        found = _inside_room(short, polygon, room, centre, smallest, smallest, obstacles)
        if found:
            return found
    return None


def _nearest_on(box: Box, p: Pt) -> Pt:
    return (min(max(p[0], box.x0), box.x1), min(max(p[1], box.y0), box.y1))


def _towards(edge: Pt, centre: Pt, font: float) -> Pt:
    """A point just inside the room from its edge, where the leader line ends."""
    dx, dy = centre[0] - edge[0], centre[1] - edge[1]
    length = math.hypot(dx, dy) or 1.0
    step = min(font, length)
    return (edge[0] + dx / length * step, edge[1] + dy / length * step)
