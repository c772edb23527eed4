"""Floor plans drawn once per building version and what they show (issue 12).

A plan depends on the loaded building and its `PlanRequest` only, never on the time, so it
outlives the kept pages (`kiosk.pagecache`), which are redrawn whenever a space opens or closes:
then only the words change, and the plans come from here.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable

from markupsafe import Markup

from kiosk.building import Building
from kiosk.plans import PlanRequest, plan_svg

MAX_PLANS = 256  # a plan is 5–15 KB


def plan_key(building: Building, request: PlanRequest) -> Hashable:
    """Everything a drawing depends on, as plain values (the links to spaces are asked for, not compared)."""
    links = tuple(request.space_url(space) for space in building.spaces_on(request.floor.id) if space.shape)
    return (
        request.floor.id,
        request.lang,
        request.sprite,
        request.facing,
        request.here.id if request.here else None,
        request.walk,
        request.target,
        request.marked,
        request.background_url,
        links,
    )


class PlanCache:
    """Drawn plans of one building snapshot, least recently used dropped first."""

    def __init__(self, max_plans: int = MAX_PLANS):
        self.max_plans = max_plans
        self._plans: OrderedDict[Hashable, Markup] = OrderedDict()
        self._building: Building | None = None
        self._lock = threading.Lock()

    def plan(self, building: Building, request: PlanRequest) -> Markup:
        """The plan for `request`, drawn now or earlier for the same building."""
        key = plan_key(building, request)
        with self._lock:
            if building is not self._building:
                self._plans.clear()
                self._building = building
            found = self._plans.get(key)
            if found is not None:
                self._plans.move_to_end(key)
                return found
        drawn = plan_svg(building, request)
        with self._lock:
            if building is self._building:
                self._plans[key] = drawn
                while len(self._plans) > self.max_plans:
                    self._plans.popitem(last=False)
        return drawn


_shared = PlanCache()


def cached_plan_svg(building: Building, request: PlanRequest) -> Markup:
    """`plans.plan_svg`, kept per building snapshot (one cache per process: plans do not depend on the app)."""
    return _shared.plan(building, request)
