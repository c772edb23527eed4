"""Checks across entries for the building's calendar and status: references that must exist.

Pure functions of a `Building`, returning findings at a path in floors.yaml; the loader turns
each into a `Problem` with its line and column.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from kiosk.building import Building, FacilityKind


@dataclass(frozen=True)
class Finding:
    """Something wrong or doubtful at a path in floors.yaml."""

    path: tuple[str | int, ...]
    message: str
    hint: str
    severity: str = "error"


def check_status(building: Building) -> list[Finding]:
    """Closures, special hours and moved spaces name spaces that exist; emergency stairs are stairs."""
    return [*_dated_spaces(building), *_moved_spaces(building), *_emergency_only(building), *_help_desk(building)]


def _help_desk(building: Building) -> Iterator[Finding]:
    desk = building.settings.help_desk
    if desk is not None and building.space(desk) is None:
        yield Finding(
            ("settings", "help_desk"),
            f"help_desk `{desk}` is not a space",
            f"use one of the space ids: {_known(building)}",
        )


def _known(building: Building) -> str:
    return ", ".join(s.id for s in building.spaces)


def _dated_spaces(building: Building) -> Iterator[Finding]:
    for index, event in enumerate(building.events):
        if event.space is not None and building.space(event.space) is None:
            yield Finding(
                ("events", index, "space"),
                f"space `{event.space}` of an event does not exist",
                f"use one of the space ids: {_known(building)}",
            )
    for index, source in enumerate(building.event_sources):
        if source.space is not None and building.space(source.space) is None:
            yield Finding(
                ("event_sources", index, "space"),
                f"space `{source.space}` does not exist",
                f"use one of the space ids: {_known(building)}",
            )
    for section in ("closures", "special_hours"):
        for index, entry in enumerate(getattr(building, section)):
            for n, space_id in enumerate(entry.spaces):
                if building.space(space_id) is None:
                    yield Finding(
                        (section, index, "spaces", n),
                        f"space `{space_id}` in {section} does not exist",
                        f"use one of the space ids: {_known(building)}",
                    )


def _moved_spaces(building: Building) -> Iterator[Finding]:
    for index, space in enumerate(building.spaces):
        if space.status is None or space.status.state != "moved":
            continue
        target = building.space(space.status.to or "")
        path = ("spaces", index, "status", "to")
        if target is None:
            yield Finding(
                path, f"space `{space.id}` moved to `{space.status.to}`, which does not exist", _known(building)
            )
        elif target.id == space.id or (target.status is not None and target.status.state == "moved"):
            yield Finding(
                path,
                f"space `{space.id}` moves to `{target.id}`, which is not where it is now",
                "name the space it is in now (not itself, and not a space that moved too)",
            )


def _emergency_only(building: Building) -> Iterator[Finding]:
    for index, facility in enumerate(building.facilities):
        if facility.emergency_only and facility.kind != FacilityKind.stairs:
            yield Finding(
                ("facilities", index, "emergency_only"),
                f"`{facility.id}` is a {facility.kind.value}; only stairs can be emergency-only",
                "remove `emergency_only:`, or use `out_of_service:` for a lift that does not run",
            )
