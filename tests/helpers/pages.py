"""Every page a visitor (at the kiosk or on a phone) can open on a building, from the app's own routes."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

from flask import Flask

from kiosk.model.building import Building

SKIPPED = ("/staff", "/static", "/plans/", "/qr.", "/events/booking")  # console, assets, images with their own tests


def _values(building: Building, argument: str) -> list[str]:
    return {
        "lang": list(building.languages),
        "floor_id": [f.id for f in building.floors],
        "space_id": [s.id for s in building.spaces],
        "category": [c.id for c in building.categories],
        "kind": [k.id for k in building.kinds_present()],
    }.get(argument, [])


def visitor_paths(app: Flask, building: Building) -> Iterator[str]:
    """Each GET route outside the console, once for every value of its arguments, with and without a kiosk."""
    kiosks = [""] + [f"?kiosk={k.id}" for k in building.kiosks]
    for rule in app.url_map.iter_rules():
        if "GET" not in (rule.methods or ()) or rule.rule.startswith(SKIPPED):
            continue
        arguments = sorted(rule.arguments)
        for values in itertools.product(*(_values(building, a) for a in arguments)):
            path = rule.rule
            for argument, value in zip(arguments, values, strict=True):
                path = re.sub(rf"<(?:[^:>]+:)?{argument}>", value, path)
            for kiosk in kiosks:
                yield path + kiosk
