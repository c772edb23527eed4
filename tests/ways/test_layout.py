"""The building layout page (扫码查看大楼布局): every floor in order, the ground line, you-are-here, plans."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient

from kiosk.load.loader import load_building
from kiosk.ways.layout import cross_section, marked_floor
from tests.helpers.buildings import BUNDLED, SHIPPED_ORDER, TOWER, TOWER_ORDER


@pytest.fixture
def tower(make_app: Callable[..., Flask]) -> FlaskClient:
    return make_app(TOWER).test_client()


def labels_and_ground(body: str) -> list[str]:
    """The page's floors top down as lift-button labels, with GROUND where the ground line is."""
    found = re.findall(r'class="section-label">([^<]+)<|class="(section-ground)"', body)
    return ["GROUND" if ground else label for label, ground in found]


def test_shipped_building_floors_in_order_with_the_ground_at_the_bottom(client: FlaskClient) -> None:
    body = client.get("/zh/layout/").get_data(as_text=True)
    assert labels_and_ground(body) == [*SHIPPED_ORDER, "GROUND"]
    assert "百姓健身房" in body and "图书馆" in body  # what is on each floor
    assert 'class="section-space cat cat-' in body  # in its category's colour
    assert "is-here" not in body  # nobody said where the visitor is


def test_tower_floors_in_order_with_basements_below_the_ground_and_the_mezzanine(tower: FlaskClient) -> None:
    body = tower.get("/en/layout/").get_data(as_text=True)
    assert labels_and_ground(body) == [*TOWER_ORDER[:12], "GROUND", *TOWER_ORDER[12:]]
    assert body.count('class="section-floor is-below') == 2
    assert ">+7<" in body  # G has 13 spaces: six named, "+7", and the plan names them all


def test_each_floor_links_to_its_own_plan(tower: FlaskClient) -> None:
    body = tower.get("/zh/layout/").get_data(as_text=True)
    links = re.findall(r'<a class="section-link" href="([^"]+)">\s*<span class="section-label">([^<]+)<', body)
    assert [label for _, label in links] == TOWER_ORDER
    building = load_building(TOWER)
    for href, label in links:
        plan = tower.get(href)
        assert plan.status_code == 200
        text = plan.get_data(as_text=True)
        floor = next(f for f in building.floors if f.label == label)
        assert f'<span class="floor-tag big">{label}</span>' in text
        for space in building.spaces_on(floor.id):  # every room a link to its page
            assert f'href="/zh/spaces/{space.id}"' in text


def test_at_marks_the_board_floor_and_junk_is_ignored(client: FlaskClient) -> None:
    marked = client.get("/zh/layout/?at=3f").get_data(as_text=True)
    assert re.findall(r'section-floor[^"]*is-here" id="floor-(\w+)"', marked) == ["3f"]
    assert 'href="/zh/layout/5f?at=3f"' in marked  # the mark follows into the plans
    here = re.search(r'<p class="layout-here"><a class="button" href="([^"]+)">', marked)
    assert here is not None and here.group(1) == "/zh/layout/3f?at=3f"  # first on the page: one tap to its plan
    for junk in ["nope", "3F", "%00", "x" * 5000, "../3f", "<script>"]:
        response = client.get("/zh/layout/", query_string={"at": junk})
        assert response.status_code == 200
        assert "is-here" not in response.get_data(as_text=True)


def test_from_a_kiosk_marks_its_floor(tower: FlaskClient) -> None:
    body = tower.get("/zh/layout/?from=sky-lobby").get_data(as_text=True)
    assert re.findall(r'is-here" id="floor-(\w+)"', body) == ["7f"]
    assert "from=sky-lobby" in body  # links keep where the visitor scanned


def test_plan_at_a_board_floor_says_you_are_here_at_the_lift(client: FlaskClient) -> None:
    body = client.get("/zh/layout/3f?at=3f").get_data(as_text=True)
    assert 'class="plan-here"' in body and "您在这里" in body
    assert 'class="plan-here"' not in client.get("/zh/layout/3f").get_data(as_text=True)


@pytest.mark.parametrize("zoom", ["0", "9", "abc", "-1", "1e9"])
def test_bad_zoom_and_floor_never_500(client: FlaskClient, zoom: str) -> None:
    assert client.get(f"/zh/layout/2f?zoom={zoom}").status_code == 200
    assert client.get("/zh/layout/no-such-floor").status_code == 404
    assert client.get("/xx/layout/").status_code == 404


def test_zoom_links_work_without_javascript(client: FlaskClient) -> None:
    body = client.get("/en/layout/2f").get_data(as_text=True)
    assert 'class="full-plan zoom-1"' in body and 'href="/en/layout/2f?zoom=2"' in body
    assert 'class="full-plan zoom-2"' in client.get("/en/layout/2f?zoom=2").get_data(as_text=True)


def test_kiosk_home_leads_to_the_layout(client: FlaskClient) -> None:
    body = client.get("/zh/?kiosk=lobby").get_data(as_text=True)
    assert 'href="/zh/layout/?kiosk=lobby"' in body


def test_layout_pages_may_get_qr_codes(make_app: Callable[..., Flask]) -> None:
    client = make_app(PUBLIC_URL="https://kiosk.example.org").test_client()
    assert client.get("/qr.svg?page=/zh/layout/").status_code == 200
    assert client.get("/qr.svg?page=/zh/layout/3f").status_code == 200
    assert client.get("/qr.svg?page=/zh/layout/99f").status_code == 404
    kiosk_page = client.get("/zh/layout/?kiosk=lobby").get_data(as_text=True)
    assert "qr-corner" in kiosk_page


def test_cross_section_model_for_both_buildings() -> None:
    for path, order in [(BUNDLED, SHIPPED_ORDER), (TOWER, TOWER_ORDER)]:
        building = load_building(path)
        storeys = cross_section(building)
        assert [s.floor.label for s in storeys] == order
        assert all(s.below_ground == s.floor.label.startswith("B") for s in storeys)
    building = load_building(BUNDLED)
    assert marked_floor(building, "2f", None).id == "2f"
    assert marked_floor(building, "zz", building.kiosk("lobby")).id == "1f"
    assert marked_floor(building, None, None) is None
