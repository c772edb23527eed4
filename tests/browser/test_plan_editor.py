"""The plan editor in Chromium: draw a room, name it in every language, put its door, save; the kiosk routes to it.

On the bundled building and on tower-v2 (three languages): the new space asks for each
language's name. Also undo and redo, and the screenshot at 1366×768 a person judges.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from kiosk.load.loader import load_building
from kiosk.staff import accounts
from tests.browser.conftest import SCREENSHOTS, new_context
from tests.helpers.buildings import BUNDLED, TOWER
from tests.helpers.plans import free_square
from tests.helpers.servers import Server, running_server

PASSWORD = "correct horse battery"
OFFICE = {"width": 1366, "height": 768}
TABLET = {"width": 1024, "height": 768}


@pytest.fixture(scope="module", params=[BUNDLED, TOWER], ids=["bundled", "tower-v2"])
def served(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, Path]]:
    folder = tmp_path_factory.mktemp("plans")
    shutil.copy(request.param, folder / "floors.yaml")
    accounts.add_account(folder / "staff.json", "wang", PASSWORD, "editor")
    with running_server(folder / "floors.yaml") as running:
        yield running, folder / "floors.yaml"


def sign_in(page: Page, base: str) -> None:
    page.goto(f"{base}/staff/login")
    page.fill("input[name=name]", "wang")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit].primary")
    page.wait_for_url(f"{base}/staff/")


def to_screen(page: Page, point: tuple[float, float]) -> tuple[float, float]:
    """Where a point of the plan (metres) is on the screen, as the editor's SVG maps it."""
    found = page.evaluate(
        """([x, y]) => { const svg = document.getElementById('pe-canvas'); const p = svg.createSVGPoint();
        p.x = x; p.y = y; const q = p.matrixTransform(svg.getScreenCTM()); return [q.x, q.y]; }""",
        list(point),
    )
    return found[0], found[1]


def test_draw_a_room_name_it_save_and_the_kiosk_routes_to_it(browser: Browser, served: tuple[Server, Path]) -> None:
    server, path = served
    building = load_building(path)
    kiosk = building.kiosks[0]
    corners, door = free_square(building, kiosk.floor)
    base = f"http://127.0.0.1:{server.port}"
    context = new_context(browser, OFFICE)
    page = context.new_page()
    try:
        sign_in(page, base)
        page.goto(f"{base}/staff/plans/{kiosk.floor}")
        expect(page.locator("[data-tool=rect]")).to_contain_text("画矩形")
        for tool, words in (("room", "画房间 Draw room"), ("door", "门 Door")):
            expect(page.locator(f"[data-tool={tool}]")).to_contain_text(words.split()[0])
        expect(page.locator("[data-act=save]")).to_contain_text("保存")
        page.locator("#pe-canvas").focus()
        page.keyboard.press("b")  # the rectangle tool, by its key
        start, end = to_screen(page, corners[0]), to_screen(page, corners[2])
        page.mouse.move(*start)
        page.mouse.down()
        page.mouse.move((start[0] + end[0]) / 2, (start[1] + end[1]) / 2)
        page.mouse.move(*end)
        page.mouse.up()
        expect(page.locator(".pe-room.pe-selected")).to_have_count(1)
        page.keyboard.press("Control+z")
        expect(page.locator(".pe-room.pe-selected")).to_have_count(0)
        page.locator("#pe-canvas").focus()
        page.keyboard.press("Control+y")
        expect(page.locator(".pe-room")).to_have_count(len([s for s in building.spaces_on(kiosk.floor) if s.shape]) + 1)
        names = {lang: f"测试室 {lang}" if lang == "zh" else f"Test room {lang}" for lang in building.languages}
        page.locator(".pe-room").last.click()
        inputs = page.locator("#pe-selection input[name^='name.']")
        expect(inputs).to_have_count(len(building.languages))  # one name per language of the building
        for lang, name in names.items():
            page.fill(f"#pe-selection input[name='name.{lang}']", name)
            page.keyboard.press("Tab")
        page.locator("#pe-canvas").focus()
        page.keyboard.press("d")
        page.mouse.click(*to_screen(page, door))
        expect(page.locator(".pe-door")).to_have_count(len([s for s in building.spaces_on(kiosk.floor) if s.door]) + 1)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"plan-editor-1366-{building.building.id}.png"))
        before = path.read_bytes()
        page.keyboard.press("Control+s")
        expect(page.locator("#pe-status")).to_contain_text("已保存", timeout=40_000)  # a round-trip save of a big file
        assert path.read_bytes() != before
        saved = load_building(path)
        new = next(s for s in saved.spaces if s.name(building.languages[-1]) == names[building.languages[-1]])
        assert new.floor == kiosk.floor and new.door == door
        lobby = context.new_page()
        deadline = time.monotonic() + 5
        while True:  # the kiosk reloads the file on its own poll
            lobby.goto(f"{base}/en/spaces/{new.id}?kiosk={kiosk.id}")
            if lobby.locator(".route .plan-room.is-target").count() or time.monotonic() > deadline:
                break
            time.sleep(0.3)
        expect(lobby.locator("h1")).to_contain_text(names.get("en", names[building.languages[0]]))
        expect(lobby.locator(".route .plan:not([hidden]) .plan-room.is-target")).to_have_count(1)
        expect(lobby.locator(".route-steps li").first).to_be_visible()
    finally:
        context.close()


def test_the_editor_on_a_tablet(browser: Browser, served: tuple[Server, Path]) -> None:
    server, path = served
    building = load_building(path)
    base = f"http://127.0.0.1:{server.port}"
    context = new_context(browser, TABLET, is_mobile=True)
    page = context.new_page()
    try:
        sign_in(page, base)
        page.goto(f"{base}/staff/plans/{building.kiosks[0].floor}")
        expect(page.locator(".pe-room").first).to_be_visible()
        page.locator("[data-tool=facility]").tap()  # the palette: the building's own facility kinds
        expect(page.locator("#pe-kind option")).to_have_count(len(building.kinds))
        page.screenshot(path=str(SCREENSHOTS / f"plan-editor-tablet-{building.building.id}.png"))
    finally:
        context.close()


def test_an_overlap_is_refused_at_the_room_and_a_hand_edit_is_kept(
    browser: Browser, served: tuple[Server, Path]
) -> None:
    server, path = served
    building = load_building(path)
    floor_id = building.kiosks[0].floor
    rooms = [s for s in building.spaces_on(floor_id) if s.shape and not s.walkable]
    mover, other = rooms[0], rooms[1]
    base = f"http://127.0.0.1:{server.port}"
    context = new_context(browser, OFFICE)
    page = context.new_page()
    try:
        sign_in(page, base)
        page.goto(f"{base}/staff/plans/{floor_id}")

        def middle(shape: tuple[tuple[float, float], ...]) -> tuple[float, float]:
            xs, ys = [p[0] for p in shape], [p[1] for p in shape]
            return ((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2)

        page.mouse.move(*to_screen(page, middle(mover.shape)))
        page.mouse.down()  # the room is dragged right over its neighbour
        page.mouse.move(*to_screen(page, middle(other.shape)), steps=5)
        page.mouse.up()
        before = path.read_bytes()
        page.locator("[data-act=save]").click()
        expect(page.locator("#pe-problems .pe-problem", has_text="overlap").first).to_be_visible(timeout=40_000)
        expect(page.locator(".pe-room.pe-bad")).not_to_have_count(0)
        expect(page.locator(".pe-problem-mark")).not_to_have_count(0)
        assert path.read_bytes() == before  # byte for byte
        page.screenshot(path=str(SCREENSHOTS / f"plan-editor-refused-{building.building.id}.png"))
        page.keyboard.press("Control+z")  # undo puts the corner back
        hand = before + b"\n# a hand edit while the editor is open\n"
        path.write_bytes(hand)
        expect(page.locator("#pe-status")).to_contain_text("手工", timeout=15_000)
        page.locator("[data-act=save]").click()
        expect(page.locator("#pe-status")).to_contain_text("未保存", timeout=40_000)
        assert path.read_bytes() == hand
    finally:
        context.close()


def test_upload_a_picture_scale_it_and_it_becomes_the_background(
    browser: Browser, served: tuple[Server, Path], tmp_path: Path
) -> None:
    from PIL import Image, ImageDraw

    server, path = served
    building = load_building(path)
    floor = building.floors_top_down[-1]
    assert floor.plan is not None
    picture = tmp_path / "evacuation plan.png"
    image = Image.new("RGB", (1200, 800), "white")
    ImageDraw.Draw(image).rectangle((100, 100, 1100, 700), outline="black", width=6)
    image.save(picture)  # noise-free, but big enough to go in several pieces
    base = f"http://127.0.0.1:{server.port}"
    context = new_context(browser, OFFICE)
    page = context.new_page()
    try:
        sign_in(page, base)
        page.goto(f"{base}/staff/plans/{floor.id}")
        page.set_input_files("#pe-upload", str(picture))
        expect(page.locator("image.pe-drawing")).to_have_count(1, timeout=20_000)
        expect(page.locator("[data-tool=scale]")).to_have_attribute("aria-pressed", "true")
        width = floor.plan.size[0]
        a, b = (width * 0.1, 1.0), (width * 0.6, 1.0)
        page.mouse.click(*to_screen(page, a))
        page.mouse.click(*to_screen(page, b))
        page.fill("#pe-metres", f"{width:.2f}")  # half the picture's width is the whole floor
        page.locator("#pe-distance button").click()
        page.locator("[data-act=use-drawing]").click()
        expect(page.locator("#pe-status")).to_contain_text("已保存", timeout=40_000)
        saved = load_building(path).floor(floor.id)
        assert saved is not None and saved.plan is not None and saved.plan.background
        assert (path.parent / saved.plan.background).is_file()
    finally:
        context.close()
