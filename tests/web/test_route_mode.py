"""Family places open on the step-free route and say so; elsewhere the shortest route stays the default.

On the shipped building, tower-v2 and the atrium building: every space and facility kind whose visitors
come with prams or wheelchairs (the family category, the nursing room, the accessible toilet, a space or
category with `step_free: true`) opens lifts-only from the kiosk, with the note saying why; the visitor's
own choice (`route=any`) still wins; every other place keeps the shortest route.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable

import pytest
from flask import Flask

from kiosk.load.loader import load_building
from kiosk.model.building import Building
from kiosk.web.route_mode import code_route, is_step_free, kind_is_step_free, space_is_step_free
from tests.helpers.buildings import BUNDLED, ROOT, SHANGHAI, TOWER

ATRIUM = ROOT / "tests" / "buildings" / "atrium.yaml"
BUILDINGS = {"shipped": BUNDLED, "tower-v2": TOWER, "atrium": ATRIUM}
MAKE_UP_SATURDAY = dt.datetime(2027, 2, 20, 10, 0, tzinfo=SHANGHAI)  # 补班 after Spring Festival 2027
STEPS = re.compile(r'<span class="step-text">(.*?)</span>')
NOTE = {"zh": "默认显示无障碍路线", "en": "Shown step-free first"}


def _steps(body: str) -> list[str]:
    return [html.unescape(s) for s in STEPS.findall(body)]


def _targets(building: Building) -> list[tuple[str, bool]]:
    """Every space and facility kind page, with whether it is a step-free destination."""
    pages = [(f"spaces/{s.id}", space_is_step_free(building, s)) for s in building.spaces]
    pages += [(f"facilities/{k.id}", kind_is_step_free(building, k)) for k in building.kinds_present()]
    return pages


def test_the_rules_of_the_mode() -> None:
    assert is_step_free(None, False, True) and not is_step_free(None, False, False)
    assert is_step_free(None, True, False)  # large text
    assert not is_step_free("any", True, True)  # the visitor's choice beats every default
    assert code_route(None, True, False) == "step-free"  # large text does not travel: the mode does
    assert code_route(None, False, True) is None  # the phone picks step-free itself for a family place
    assert code_route("any", False, True) == "any"


def test_shipped_vocabulary_marks_family_places() -> None:
    building = load_building(BUNDLED)
    family = building.category("family")
    assert family is not None and family.step_free
    for kind_id in ("nursing-room", "accessible-toilet"):
        kind = building.kind(kind_id)
        assert kind is not None and kind_is_step_free(building, kind)
    toilet = building.kind("toilet")
    assert toilet is not None and not kind_is_step_free(building, toilet)
    elderly = building.space("elderly-services")
    assert elderly is not None and elderly.category == "services" and space_is_step_free(building, elderly)


@pytest.mark.parametrize("name", BUILDINGS)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_family_places_open_step_free_and_say_so(
    clock: dict[str, dt.datetime], make_app: Callable[..., Flask], name: str, lang: str
) -> None:
    clock["now"] = MAKE_UP_SATURDAY
    building = load_building(BUILDINGS[name])
    client = make_app(BUILDINGS[name]).test_client()
    kiosk = building.kiosks[0].id
    checked = {True: 0, False: 0}
    for target, family in _targets(building):
        shown = client.get(f"/{lang}/{target}?kiosk={kiosk}").get_data(as_text=True)
        shortest = client.get(f"/{lang}/{target}?kiosk={kiosk}&route=any").get_data(as_text=True)
        lifts = client.get(f"/{lang}/{target}?kiosk={kiosk}&route=step-free").get_data(as_text=True)
        if _steps(shortest) == _steps(lifts):
            continue  # no floor change or the same way either way: nothing to choose
        checked[family] += 1
        assert _steps(shown) == _steps(lifts if family else shortest), target
        assert (NOTE[lang] in shown) == family, target
        assert NOTE[lang] not in shortest and NOTE[lang] not in lifts  # chosen: no "by default"
    assert checked[True] > 0, checked  # (on the shipped building only family places have two ways)
