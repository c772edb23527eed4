"""Which route a page shows, lifts only or the shortest, and why; and what a QR code must carry of it.

Three things decide it, strongest first:

- the visitor's own choice (`route=step-free` or `route=any`, the mode switch);
- large text (older visitors) or low reach (a wheelchair) on the kiosk: step-free;
- the destination: places whose visitors come with prams or wheelchairs (the family category, the
  nursing room, the accessible toilet, services for the elderly; any category, facility kind or space
  with `step_free: true`) open on the step-free route.

Large text and low reach are kiosk matters and do not travel to a phone, so a QR code carries the mode itself
whenever the kiosk shows a mode the phone would not pick by itself (`code_route`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from kiosk.model.building import Building, FacilityKindDef, Space
from kiosk.web.urls import ROUTE_ANY, ROUTE_STEP_FREE

# Why a page shows the mode it does: the visitor chose it, large text, the destination, or nothing.
Reason = Literal["chosen", "large-text", "destination", "default"]


def space_is_step_free(building: Building, space: Space) -> bool:
    """Whether routes to this space default to lifts only: its own `step_free`, else its category's."""
    if space.step_free is not None:
        return space.step_free
    category = building.category(space.category)
    return category is not None and category.step_free


def kind_is_step_free(building: Building, kind: FacilityKindDef) -> bool:
    """Whether routes to the nearest facility of a kind default to lifts only."""
    if kind.step_free:
        return True
    return any(c.step_free and kind.id in c.facility_kinds for c in building.categories)


def destination_step_free(building: Building, endpoint: str | None, view_args: Mapping[str, Any]) -> bool:
    """Whether the page's destination (a space, a facility kind, a category) asks for the step-free route."""
    if endpoint == "directory.space":
        space = building.space(str(view_args.get("space_id", "")))
        return space is not None and space_is_step_free(building, space)
    if endpoint == "directory.facility_kind":
        kind = building.kind(str(view_args.get("kind", "")))
        return kind is not None and kind_is_step_free(building, kind)
    if endpoint == "directory.category":
        category = building.category(str(view_args.get("category", "")))
        return category is not None and category.step_free
    return False


def route_reason(chosen: str | None, large_text: bool, destination: bool) -> Reason:
    """Why the page shows its mode (see the module's docstring for the order)."""
    if chosen in (ROUTE_STEP_FREE, ROUTE_ANY):
        return "chosen"
    if large_text:
        return "large-text"
    return "destination" if destination else "default"


def is_step_free(chosen: str | None, large_text: bool, destination: bool) -> bool:
    """Lifts only: when chosen, else in large text, else when the destination asks for it."""
    if chosen in (ROUTE_STEP_FREE, ROUTE_ANY):
        return chosen == ROUTE_STEP_FREE
    return large_text or destination


def code_route(chosen: str | None, large_text: bool, destination: bool) -> str | None:
    """The `route=` a QR code must carry so that the phone shows the route the kiosk shows (None: none needed)."""
    if chosen in (ROUTE_STEP_FREE, ROUTE_ANY):
        return chosen  # the visitor's choice travels as it is
    shown = is_step_free(chosen, large_text, destination)
    on_phone = is_step_free(None, False, destination)  # a phone has no large text
    if shown == on_phone:
        return None
    return ROUTE_STEP_FREE if shown else ROUTE_ANY
