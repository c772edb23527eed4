"""Every text of a console form in every language of the building: tower-v2's Japanese is edited like its Chinese."""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from kiosk.load.loader import load_building
from tests.helpers.buildings import TOWER
from tests.helpers.staff import copy_with_staff, form_of, sign_in


@pytest.fixture
def tower_building(tmp_path: Path) -> Path:
    return copy_with_staff(TOWER, tmp_path, admin=True)


@pytest.fixture
def client(make_app: Callable[..., Flask], tower_building: Path) -> FlaskClient:
    return sign_in(make_app(tower_building, RELOAD_SECONDS=0.0).test_client())


@pytest.mark.parametrize(
    ("url", "texts"),
    [
        ("/staff/notices/new", ["text"]),
        ("/staff/closures/new", ["reason"]),
        ("/staff/facilities/{facility}/out", ["reason"]),
        ("/staff/spaces/counter-01", ["description", "status.note"]),
        ("/staff/events/new", ["title", "description"]),
    ],
)
def test_every_text_field_has_one_input_per_language_labelled_by_its_name(
    client: FlaskClient, tower_building: Path, url: str, texts: list[str]
) -> None:
    building = load_building(tower_building)
    page = client.get(url.format(facility=building.facilities[0].id)).get_data(as_text=True)
    for key in texts:
        for lang in building.languages:
            assert f'name="{key}.{lang}"' in page, (key, lang)
    assert "日本語" in page  # the third language is named, not shown as its code


def test_a_notice_posted_in_three_languages_shows_its_japanese_to_visitors(
    client: FlaskClient, tower_building: Path
) -> None:
    data = {
        **form_of(client, "/staff/notices/new"),
        "level": "info",
        "text.zh": "三楼电梯检修",
        "text.en": "The lift on 3F is being serviced",
        "text.ja": "3階のエレベーターは点検中です",
    }
    assert client.post("/staff/notices/new", data=data).status_code == 302
    saved = load_building(tower_building).notices[-1].text
    assert (saved("zh"), saved("en"), saved("ja")) == (data["text.zh"], data["text.en"], data["text.ja"])
    assert data["text.ja"] in html.unescape(client.get("/ja/").get_data(as_text=True))
    assert data["text.ja"] not in html.unescape(client.get("/en/").get_data(as_text=True))


def test_an_existing_space_text_is_shown_and_changed_in_japanese(client: FlaskClient, tower_building: Path) -> None:
    original = tower_building.read_text(encoding="utf-8")
    before = load_building(tower_building).space("counter-01")
    assert before is not None and before.description is not None
    page = html.unescape(client.get("/staff/spaces/counter-01").get_data(as_text=True))
    assert before.description("ja") in page  # the Japanese text is in its own field, ready to edit
    form = {**form_of(client, "/staff/spaces/counter-01"), "status.state": ""}
    form.update({f"description.{lang}": before.description(lang) for lang in ("zh", "en")})
    form["description.ja"] = "社会保障カードの申請（新しい文）"
    assert client.post("/staff/spaces/counter-01", data=form).status_code == 302
    after = load_building(tower_building).space("counter-01")
    assert after is not None and after.description is not None
    assert after.description("ja") == "社会保障カードの申請（新しい文）"
    assert after.description("zh") == before.description("zh") and after.description("en") == before.description("en")
    visitor_page = html.unescape(client.get("/ja/spaces/counter-01").get_data(as_text=True))
    assert "社会保障カードの申請（新しい文）" in visitor_page
    # round trip: only that one line changed, every comment and other text as it was written
    old, new = original.splitlines(), tower_building.read_text(encoding="utf-8").splitlines()
    changed = [(a, b) for a, b in zip(old, new, strict=True) if a != b]
    assert changed == [("      ja: 社会保障カードの申請・再発行・紛失届", "      ja: 社会保障カードの申請（新しい文）")]
