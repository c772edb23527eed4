"""The plan editor's server side: saves through the console's one path, refusals that change nothing, uploads.

Driven as the editor page drives it (a form with the CSRF token, the version the page opened
with, and the floor as JSON), on the bundled building and on tower-v2 (three languages).
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from PIL import Image

from kiosk.load.loader import load_building
from kiosk.staff import history
from tests.helpers.buildings import BUNDLED, TOWER
from tests.helpers.plans import free_square
from tests.helpers.staff import copy_with_staff, sign_in

MODEL = re.compile(r'id="pe-model">(.*?)</script>', re.S)


class Editor:
    """The editor page of one floor, as its script sees it: the model, the version, the CSRF token."""

    def __init__(self, client: FlaskClient, floor_id: str):
        self.client, self.floor_id = client, floor_id
        page = client.get(f"/staff/plans/{floor_id}").get_data(as_text=True)
        found = MODEL.search(page)
        assert found, "no plan model on the editor page"
        self.model: dict[str, Any] = json.loads(found.group(1).replace("<\\/", "</"))
        self.version = re.search(r'data-version="([^"]+)"', page).group(1)  # type: ignore[union-attr]
        self.csrf = re.search(r'data-csrf="([^"]+)"', page).group(1)  # type: ignore[union-attr]

    def plan(self) -> dict[str, Any]:
        """The floor as the page opened it, in the shape the script posts."""
        return {
            "rooms": [{"id": r["id"], "shape": r["shape"], "door": r["door"]} for r in self.model["rooms"]],
            "facilities": [{"id": f["id"], "kind": f["kind"], "at": f["at"]} for f in self.model["facilities"]],
            "kiosks": self.model["kiosks"],
        }

    def save(self, plan: dict[str, Any], version: str | None = None) -> Any:
        data = {"csrf_token": self.csrf, "version": version or self.version, "plan": json.dumps(plan)}
        return self.client.post(f"/staff/plans/{self.floor_id}/save", data=data)

    def upload(self, name: str, content: bytes, size: int | None = None) -> Any:
        """Send a file as the page does: declare it, send it in pieces, then finish."""
        url = f"/staff/plans/{self.floor_id}/drawing"
        begun = self.client.post(
            url + "/start", data={"csrf_token": self.csrf, "name": name, "size": size or len(content)}
        )
        if begun.status_code != 200:
            return begun
        token, piece = begun.json["token"], begun.json["piece"]
        for offset in range(0, len(content), piece):
            data = {"csrf_token": self.csrf, "token": token, "offset": offset}
            data["piece"] = (io.BytesIO(content[offset : offset + piece]), "blob")
            sent = self.client.post(url + "/part", data=data, content_type="multipart/form-data")
            if sent.status_code != 200:
                return sent
        return self.client.post(url, data={"csrf_token": self.csrf, "token": token, "name": name})


def new_room(editor: Editor, corners: list[tuple[float, float]], door: tuple[float, float]) -> dict[str, Any]:
    names = {lang: f"Plan test {lang}" for lang in editor.model["languages"]}
    category = editor.model["categories"][0]["id"]
    return {"id": "new-room-1", "shape": corners, "door": door, "new": {"names": names, "category": category}}


@pytest.fixture(params=[BUNDLED, TOWER], ids=["bundled", "tower-v2"])
def served(request: pytest.FixtureRequest, tmp_path: Path, make_app: Callable[..., Flask]) -> tuple[Path, FlaskClient]:
    path = copy_with_staff(request.param, tmp_path, admin=True)
    client = make_app(path, RELOAD_SECONDS=0.0).test_client()
    return path, sign_in(client)


def kiosk_floor(path: Path) -> str:
    return load_building(path).kiosks[0].floor


def test_a_drawn_room_is_saved_round_trip_with_history(served: tuple[Path, FlaskClient]) -> None:
    path, client = served
    building = load_building(path)
    floor_id = kiosk_floor(path)
    editor = Editor(client, floor_id)
    corners, door = free_square(building, floor_id)
    plan = editor.plan()
    plan["rooms"].append(new_room(editor, corners, door))
    before = path.read_text(encoding="utf-8")
    response = editor.save(plan)
    assert response.status_code == 200, response.json
    after = path.read_text(encoding="utf-8")
    added = [line for line in after.splitlines() if line not in before.splitlines()]
    assert any("Plan test" in line for line in added)
    assert after.startswith(before.split("\n", 1)[0])  # the file's comments are kept
    assert sum(1 for line in before.splitlines() if line.lstrip().startswith("#")) == sum(
        1 for line in after.splitlines() if line.lstrip().startswith("#")
    )
    saved = load_building(path)
    room = next(s for s in saved.spaces if s.name(saved.languages[-1]) == f"Plan test {saved.languages[-1]}")
    assert room.floor == floor_id and room.door == door and len(room.shape or ()) == 4
    latest = history.versions(history.history_folder(path))[0]
    assert latest.who == "wang" and "Plan test" in latest.diff and response.json["version"] == latest.version


def test_a_save_that_changes_nothing_writes_nothing(served: tuple[Path, FlaskClient]) -> None:
    path, client = served
    editor = Editor(client, kiosk_floor(path))
    before = path.read_bytes()
    assert editor.save(editor.plan()).status_code == 200
    assert path.read_bytes() == before


def test_a_room_dragged_over_another_is_refused_at_that_room_and_the_file_is_unchanged(
    served: tuple[Path, FlaskClient],
) -> None:
    path, client = served
    editor = Editor(client, kiosk_floor(path))
    plan = editor.plan()
    rooms = [r for r in plan["rooms"] if r["shape"]]
    walkable = {r["id"] for r in editor.model["rooms"] if r["walkable"]}
    mover, other = [r for r in rooms if r["id"] not in walkable][:2]
    mover["shape"] = [list(p) for p in other["shape"]]  # dragged right over its neighbour
    before = path.read_bytes()
    response = editor.save(plan)
    assert response.status_code == 422
    assert path.read_bytes() == before
    problems = response.json["problems"]
    at = [p for p in problems if p["section"] == "spaces" and p["id"] in (mover["id"], other["id"])]
    assert at and "overlap" in at[0]["message"]
    assert {at[0]["id"], *at[0]["also"]} == {mover["id"], other["id"]}  # shown at both rooms
    # The same words as `kiosk check` says of that file.
    text = path.read_text(encoding="utf-8")
    assert text == before.decode("utf-8")


def test_a_hand_edit_since_the_editor_opened_is_never_overwritten(served: tuple[Path, FlaskClient]) -> None:
    path, client = served
    editor = Editor(client, kiosk_floor(path))
    hand = path.read_text(encoding="utf-8") + "\n# edited by hand while the editor was open\n"
    path.write_text(hand, encoding="utf-8")
    plan = editor.plan()
    plan["rooms"] = plan["rooms"][1:]
    response = editor.save(plan)
    assert response.status_code == 409 and response.json["conflict"] is True
    assert path.read_text(encoding="utf-8") == hand
    assert client.get(f"/staff/plans/{editor.floor_id}/model.json").json["version"] != editor.version


def test_a_new_space_needs_its_name_in_every_language(served: tuple[Path, FlaskClient]) -> None:
    path, client = served
    building = load_building(path)
    editor = Editor(client, kiosk_floor(path))
    corners, door = free_square(building, editor.floor_id)
    room = new_room(editor, corners, door)
    last = building.languages[-1]
    del room["new"]["names"][last]
    plan = editor.plan()
    plan["rooms"].append(room)
    before = path.read_bytes()
    response = editor.save(plan)
    assert response.status_code == 400 and last in response.json["refused"][1]
    assert path.read_bytes() == before


def test_a_door_off_every_corridor_is_refused_with_kiosk_checks_words(served: tuple[Path, FlaskClient]) -> None:
    path, client = served
    editor = Editor(client, kiosk_floor(path))
    plan = editor.plan()
    room = next(r for r in plan["rooms"] if r["shape"] and r["door"])
    room["door"] = [room["shape"][0][0] + 0.01, room["shape"][0][1] + 50]  # nowhere near the room
    before = path.read_bytes()
    response = editor.save(plan)
    assert response.status_code == 422 and path.read_bytes() == before
    placed = [p for p in response.json["problems"] if p["id"] == room["id"]]
    assert placed
    assert re.match(r"^floors\.yaml:\d+:\d+: ", placed[0]["check"])  # `kiosk check`'s own line
    assert placed[0]["message"] in placed[0]["check"]


def test_the_preview_is_the_kiosks_own_floor_page(served: tuple[Path, FlaskClient]) -> None:
    path, client = served
    building = load_building(path)
    editor = Editor(client, kiosk_floor(path))
    corners, door = free_square(building, editor.floor_id)
    plan = editor.plan()
    plan["rooms"].append(new_room(editor, corners, door))
    before = path.read_bytes()
    response = client.post(
        f"/staff/plans/{editor.floor_id}/preview", data={"csrf_token": editor.csrf, "plan": json.dumps(plan)}
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "plan-svg" in page and f"Plan test {building.languages[0]}" in page
    assert path.read_bytes() == before


# --- uploads -----------------------------------------------------------------------------------


PDF_WITH_SCRIPT = b"%PDF-1.4\n1 0 obj << /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>\nendobj\n%%EOF"


def png(width: int = 400, height: int = 250) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (240, 240, 230)).save(out, format="PNG")
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("plan.png", b"<!doctype html><script>alert(1)</script>", "not really a PNG"),
        ("../../etc/plan.png", png(), "path"),
        ("C:\\plans\\plan.png", png(), "path"),
        ("plan.pdf", PDF_WITH_SCRIPT, "JavaScript"),
        ("plan.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "only PNG, JPG"),
        ("plan.jpg", png(), "not really a JPG"),
    ],
    ids=["html-as-png", "dotdot", "windows-path", "pdf-javascript", "svg", "png-as-jpg"],
)  # fmt: skip
def test_hostile_uploads_are_refused_with_a_message(
    served: tuple[Path, FlaskClient], name: str, content: bytes, words: str
) -> None:
    path, client = served
    editor = Editor(client, kiosk_floor(path))
    before = path.read_bytes()
    response = editor.upload(name, content)
    assert response.status_code == 422
    assert words in response.json["refused"][1]
    assert path.read_bytes() == before
    assert not list(path.parent.glob("plans/*")) and not list(path.parent.glob("**/passwd"))


def test_a_50_mb_upload_is_refused_before_it_is_read(served: tuple[Path, FlaskClient]) -> None:
    path, client = served
    editor = Editor(client, kiosk_floor(path))
    response = editor.upload("huge.png", png(), size=50 * 1024 * 1024)  # declared first: nothing of it is sent
    assert response.status_code == 422 and "too big" in response.json["refused"][1]
    assert not (path.parent / "plans").exists()


def test_an_upload_that_sends_more_than_it_declared_is_cut_off(served: tuple[Path, FlaskClient]) -> None:
    path, client = served
    editor = Editor(client, kiosk_floor(path))
    content = png(2000, 1500) + b"\0" * 200_000
    response = editor.upload("plan.png", content, size=60_000)
    assert response.status_code == 422 and "more than it said" in response.json["refused"][1]


def test_a_drawing_is_scaled_placed_and_becomes_the_floors_background(served: tuple[Path, FlaskClient]) -> None:
    path, client = served
    editor = Editor(client, kiosk_floor(path))
    response = editor.upload("evacuation plan.png", png(800, 500))
    assert response.status_code == 200 and response.json["width"] == 800
    size = editor.model["floor"]["size"]
    placed = client.post(
        f"/staff/plans/{editor.floor_id}/drawing/place",
        data={"csrf_token": editor.csrf, "version": editor.version, "metres_per_pixel": size[0] / 800, "x": 0, "y": 0},
    )
    assert placed.status_code == 200, placed.json
    building = load_building(path)
    floor = building.floor(editor.floor_id)
    assert floor is not None and floor.plan is not None and floor.plan.background == placed.json["background"]
    with Image.open(path.parent / floor.plan.background) as fitted:
        assert abs(fitted.width / fitted.height - size[0] / size[1]) < 0.02
    assert client.get(f"/plans/{editor.floor_id}/background").status_code == 200
    assert history.versions(history.history_folder(path))[0].who == "wang"


def test_the_editor_role_draws_plans_but_does_not_manage_accounts(served: tuple[Path, FlaskClient]) -> None:
    path, client = served
    assert client.get(f"/staff/plans/{kiosk_floor(path)}").status_code == 200
    assert client.get("/staff/plans/").status_code == 200
    assert client.get("/staff/accounts").status_code == 403
    assert client.get("/staff/plans/no-such-floor").status_code == 404


def test_a_facility_from_the_palette_is_saved_on_this_floor(served: tuple[Path, FlaskClient]) -> None:
    path, client = served
    editor = Editor(client, kiosk_floor(path))
    spot = editor.model["floor"]["corridors"][0][0]
    kind = next(k["id"] for k in editor.model["kinds"] if k["id"] == "aed")
    plan = editor.plan()
    plan["facilities"].append({"id": f"aed-{editor.floor_id}-1", "kind": kind, "at": spot, "new": True})
    response = editor.save(plan)
    assert response.status_code == 200, response.json
    saved = load_building(path)
    placed = [f for f in saved.facilities if f.kind == "aed" and f.floors == (editor.floor_id,)]
    assert any(f.position_on(editor.floor_id) == tuple(spot) for f in placed)


def test_a_lift_of_other_floors_is_linked_to_this_one(tmp_path: Path, make_app: Callable[..., Flask]) -> None:
    path = copy_with_staff(TOWER, tmp_path)
    client = sign_in(make_app(path, RELOAD_SECONDS=0.0).test_client())
    building = load_building(path)
    floor_id = kiosk_floor(path)
    editor = Editor(client, floor_id)
    linked = editor.model["linkable"][0]
    lift = next(f for f in building.facilities if f.id == linked["id"])
    spot = editor.model["floor"]["corridors"][0][-1]
    plan = editor.plan()
    plan["facilities"].append({"id": linked["id"], "kind": linked["kind"], "at": spot, "link": True})
    response = editor.save(plan)
    assert response.status_code == 200, response.json
    now = next(f for f in load_building(path).facilities if f.id == linked["id"])
    assert now.floors == (*lift.floors, floor_id) and now.position_on(floor_id) == tuple(spot)
    assert all(now.position_on(f) == lift.position_on(f) for f in lift.floors)  # the other floors keep theirs
