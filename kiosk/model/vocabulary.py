"""The vocabulary a building starts with: languages, the five categories and the facility kinds.

floors.yaml may replace the categories, add facility kinds of its own and choose its
languages; these are the shipped defaults it builds on. Pure data: the names of the shipped
categories and kinds are UI strings (`category.<id>`, `facility.<id>` in each catalog), so a
new language needs only its catalog file.
"""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_LANGUAGES: tuple[str, ...] = ("zh", "en")
# A text missing in the visitor's language is shown in this one, then in the building's first.
FALLBACK_LANGUAGE = "en"


@dataclass(frozen=True)
class ShippedCategory:
    """A category the app knows: its icon in icons.svg and its colour (≥4.5:1 on white)."""

    id: str
    icon: str
    colour: str
    facility_kinds: tuple[str, ...] = ()
    step_free: bool = False  # its visitors come with prams or wheelchairs: routes default to lifts only


@dataclass(frozen=True)
class ShippedKind:
    """A facility kind the app knows, and the icon that draws it."""

    id: str
    icon: str
    step_free: bool = False  # as for categories: a wheelchair or a pram is why people look for it


SHIPPED_CATEGORIES: tuple[ShippedCategory, ...] = (
    ShippedCategory("culture", "cat-culture", "#8a2c7a"),
    ShippedCategory("learning", "cat-learning", "#0a5a8a"),
    ShippedCategory("sport", "cat-sport", "#0b6a3a"),
    # A mother tapping "families" is looking for the nursing room as much as the day care.
    ShippedCategory("family", "cat-family", "#9a3b00", ("nursing-room", "accessible-toilet"), step_free=True),
    ShippedCategory("services", "cat-services", "#3a4a6a", ("information", "atm", "ticket-machine")),
)

# Kinds with behaviour in the code (routes ride them, directions speak of doors) are named here.
LIFT, STAIRS, ESCALATOR = "lift", "stairs", "escalator"
TOILET, ACCESSIBLE_TOILET, NURSING_ROOM = "toilet", "accessible-toilet", "nursing-room"
VERTICAL_KINDS = frozenset({LIFT, STAIRS, ESCALATOR})
STEP_FREE_KINDS = frozenset({LIFT})  # an escalator is not step-free for a wheelchair or a pram
DOOR_LIKE_KINDS = frozenset({TOILET, ACCESSIBLE_TOILET, NURSING_ROOM})
# Things that hang on or stand against a wall: a route ends "on the wall on your left", with no
# door to count (a kind a building adds itself is said "on your left").
WALL_MOUNTED_KINDS = frozenset({"aed", "drinking-water", "charging", "atm", "ticket-machine"})

# Visitors who look for these come with a wheelchair or a pram: the way there is step-free by default.
STEP_FREE_DESTINATION_KINDS = frozenset({ACCESSIBLE_TOILET, NURSING_ROOM})

SHIPPED_KINDS: tuple[ShippedKind, ...] = tuple(
    ShippedKind(kind, f"fac-{kind}", kind in STEP_FREE_DESTINATION_KINDS)
    for kind in (
        TOILET,
        ACCESSIBLE_TOILET,
        LIFT,
        STAIRS,
        NURSING_ROOM,
        "drinking-water",
        "aed",
        ESCALATOR,
        "entrance",
        "information",
        "security-check",
        "atm",
        "parking",
        "ticket-machine",
        "charging",
        "first-aid",
        "emergency-exit",
    )
)
SHIPPED_CATEGORY_IDS = frozenset(c.id for c in SHIPPED_CATEGORIES)
SHIPPED_KIND_IDS = frozenset(k.id for k in SHIPPED_KINDS)


def shipped_category(category_id: str) -> ShippedCategory | None:
    """The shipped category with this id, if there is one."""
    return next((c for c in SHIPPED_CATEGORIES if c.id == category_id), None)


def shipped_kind(kind_id: str) -> ShippedKind | None:
    """The shipped facility kind with this id, if there is one."""
    return next((k for k in SHIPPED_KINDS if k.id == kind_id), None)
