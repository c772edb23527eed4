"""The staff console: who can reach it, sign-in, CSRF, lockout, safe edits, history and restore."""

from __future__ import annotations

import re
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from kiosk.staff import accounts
from kiosk.web.serving import LISTENER_KEY, LOBBY, PUBLIC
from tests.helpers.buildings import BUNDLED, TOWER
from tests.helpers.staff import PASSWORD, VERSION, StaffActions, form_of, sign_in, token


def post_notice(client: FlaskClient, **fields: str) -> object:
    data = {**form_of(client, "/staff/notices/new"), "level": "info", **fields}
    return client.post("/staff/notices/new", data=data)


# --- Who can reach it ---------------------------------------------------------------------


def test_console_is_off_until_a_first_account_exists(make_app: Callable[..., Flask], tmp_path: Path) -> None:
    path = tmp_path / "floors.yaml"
    shutil.copy(BUNDLED, path)
    client = make_app(path).test_client()
    response = client.get("/staff/login")
    assert response.status_code == 404
    assert "staff" not in response.get_data(as_text=True).lower()
    assert not (tmp_path / ".kiosk-secret").exists()  # no secret made for a console that is off
    accounts.add_account(tmp_path / "staff.json", "wang", PASSWORD)
    assert client.get("/staff/login").status_code == 200


@pytest.mark.parametrize("address", ["203.0.113.9", "8.8.8.8", "2001:db8::1"])
def test_staff_pages_are_a_404_from_outside_the_staff_networks(staff_app: Flask, address: str) -> None:
    client = staff_app.test_client()
    for url in ("/staff", "/staff/", "/staff/login", "/staff/static/staff.css", "/staff/history", "/staff/nope"):
        response = client.get(url, environ_base={"REMOTE_ADDR": address})
        assert response.status_code == 404
        assert "找不到" in response.get_data(as_text=True) or "not" in response.get_data(as_text=True).lower()
    assert client.get("/staff/login", environ_base={"REMOTE_ADDR": "192.168.1.20"}).status_code == 200


def test_staff_pages_are_a_404_on_the_lobby_listener_and_in_kiosk_mode(staff_app: Flask) -> None:
    client = staff_app.test_client()
    assert client.get("/staff/login", environ_base={LISTENER_KEY: LOBBY}).status_code == 404
    assert client.get("/staff/login", environ_base={LISTENER_KEY: PUBLIC}).status_code == 200
    assert client.get("/staff/login?kiosk=lobby").status_code == 404
    # An untrusted proxy on this machine speaking for someone else.
    assert client.get("/staff/login", headers={"X-Forwarded-For": "8.8.8.8"}).status_code == 404


def test_a_404_under_staff_looks_like_any_other_404(staff_app: Flask) -> None:
    client = staff_app.test_client()
    outside = {"REMOTE_ADDR": "203.0.113.9"}
    hidden = client.get("/staff/login", environ_base=outside)
    missing = client.get("/no-such-page", environ_base=outside)
    assert hidden.status_code == missing.status_code == 404
    assert "Set-Cookie" not in hidden.headers


def test_visitor_pages_carry_no_trace_of_the_console(staff_app: Flask) -> None:
    client = staff_app.test_client()
    sign_in(client)
    for url in ("/zh/", "/en/?kiosk=lobby", "/zh/spaces/library", "/zh/search?q=图书"):
        response = client.get(url)
        body = response.get_data(as_text=True)
        assert response.status_code == 200
        assert "staff" not in body.lower() and "csrf" not in body.lower()
        assert "Set-Cookie" not in response.headers


# --- Sign-in, sessions, CSRF, lockout ------------------------------------------------------


def test_sign_in_sets_a_strict_httponly_cookie_for_staff_only(staff_app: Flask, staff_building: Path) -> None:
    client = staff_app.test_client()
    page = client.get("/staff/login")
    cookie = page.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/staff/" in cookie
    assert "Secure" not in cookie  # plain http on loopback
    secure = staff_app.test_client().get("/staff/login", base_url="https://localhost")
    assert "Secure" in secure.headers["Set-Cookie"]
    sign_in(client)
    assert "整栋大楼" not in client.get("/staff/").get_data(as_text=True)
    assert "发布新通知" in client.get("/staff/").get_data(as_text=True)
    secret = staff_building.with_name(".kiosk-secret")
    assert secret.exists() and secret.stat().st_mode & 0o077 == 0
    stored = (staff_building.parent / "staff.json").read_text()
    assert PASSWORD not in stored and "$argon2" in stored


def test_the_secret_comes_from_the_environment_when_set(
    make_app: Callable[..., Flask], staff_building: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KIOSK_SECRET_KEY", "x" * 40)
    client = make_app(staff_building).test_client()
    sign_in(client)
    assert not staff_building.with_name(".kiosk-secret").exists()


def test_signed_out_pages_send_to_sign_in(staff_app: Flask) -> None:
    response = staff_app.test_client().get("/staff/notices")
    assert response.status_code == 302 and response.headers["Location"].endswith("/staff/login")


def test_a_post_without_its_csrf_token_is_refused(staff_app: Flask, staff_building: Path) -> None:
    client = sign_in(staff_app.test_client())
    before = staff_building.read_bytes()
    data = form_of(client, "/staff/notices/new")
    del data["csrf_token"]
    response = client.post("/staff/notices/new", data={**data, "text.zh": "测试", "level": "urgent"})
    assert response.status_code == 400
    assert "页面已过期" in response.get_data(as_text=True)
    assert staff_building.read_bytes() == before
    login = staff_app.test_client().post("/staff/login", data={"name": "wang", "password": PASSWORD})
    assert login.status_code == 400


def test_wrong_passwords_slow_down_then_lock_the_account(staff_app: Flask, staff_building: Path) -> None:
    lockout: accounts.Lockout = staff_app.extensions["kiosk.staff.lockout"]
    now = [1000.0]
    lockout.clock = lambda: now[0]
    client = staff_app.test_client()
    page = client.get("/staff/login").get_data(as_text=True)
    for attempt in range(1, accounts.Lockout.LOCK_AFTER + 1):
        response = client.post("/staff/login", data={"csrf_token": token(page), "name": "wang", "password": "guess"})
        assert response.status_code == 401
        now[0] += 60 if attempt < accounts.Lockout.LOCK_AFTER else 0  # a patient guesser
    said = client.post("/staff/login", data={"csrf_token": token(page), "name": "wang", "password": PASSWORD})
    assert said.status_code == 401 and "请" in said.get_data(as_text=True) and "秒后再试" in said.get_data(as_text=True)
    assert lockout.wait_seconds("wang") > 600
    now[0] += accounts.Lockout.LOCK_SECONDS + 1
    sign_in(client)
    log = (staff_building.parent / "staff-audit.jsonl").read_text()
    assert log.count('"sign-in-failed"') == accounts.Lockout.LOCK_AFTER and '"sign-in"' in log
    assert "guess" not in log


def test_the_lockout_waits_grow(staff_app: Flask) -> None:
    lockout = accounts.Lockout(clock=lambda: 0.0)
    waits = [lockout.failed("a") for _ in range(accounts.Lockout.LOCK_AFTER)]
    assert waits[:3] == [0, 0, 0] and waits[3:7] == [2, 4, 8, 16] and waits[-1] == accounts.Lockout.LOCK_SECONDS
    assert lockout.wait_seconds("b") == 0


# --- Edits ---------------------------------------------------------------------------------


def test_an_urgent_notice_reaches_the_kiosk_page_within_two_seconds(
    make_app: Callable[..., Flask], staff_building: Path
) -> None:
    app = make_app(staff_building)  # the real 2 s reload
    client = sign_in(app.test_client())
    kiosk = app.test_client()
    assert "三楼漏水" not in kiosk.get("/zh/?kiosk=lobby").get_data(as_text=True)
    response = post_notice(
        client, **{"text.zh": "三楼漏水，今日关闭", "text.en": "3F closed today (leak)", "level": "urgent"}
    )
    assert response.status_code == 302
    deadline = time.monotonic() + 2.5
    while "三楼漏水" not in kiosk.get("/zh/?kiosk=lobby").get_data(as_text=True):
        assert time.monotonic() < deadline, "not on the kiosk within 2 s"
        time.sleep(0.1)
    assert "3F closed today (leak)" in kiosk.get("/en/spaces/library").get_data(as_text=True)
    text = staff_building.read_text(encoding="utf-8")
    assert "  - text: {zh: 三楼漏水，今日关闭, en: 3F closed today (leak)}\n    level: urgent\n" in text
    assert text.startswith("# floors.yaml: the Xinjing Town")  # comments kept


def test_a_saved_notice_is_on_the_kiosk_at_the_next_request_without_waiting_for_the_file_poll(
    make_app: Callable[..., Flask], staff_building: Path
) -> None:
    app = make_app(staff_building, RELOAD_SECONDS=3600.0)  # the file is not looked at again in this test
    client = sign_in(app.test_client())
    kiosk = app.test_client()
    assert "三楼漏水" not in kiosk.get("/zh/?kiosk=lobby").get_data(as_text=True)
    response = post_notice(
        client, **{"text.zh": "三楼漏水，今日关闭", "text.en": "3F closed (leak)", "level": "urgent"}
    )
    assert response.status_code == 302
    assert "三楼漏水" in kiosk.get("/zh/?kiosk=lobby").get_data(as_text=True)  # the save swapped the Site in


def test_a_mistake_is_shown_beside_its_field_and_nothing_is_written(staff: StaffActions, staff_building: Path) -> None:
    client = staff.sign_in()
    before = staff_building.read_bytes()
    response = post_notice(client, **{"text.zh": "", "ends": "2026-13-45"})
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'data-field="text.zh"' in body and 'data-field="ends"' in body
    assert "日期格式不对" in body
    # A space's hours `kiosk check` refuses: the message stands next to the hours field, input kept.
    data = {**staff.form("/staff/spaces/library"), "hours": "Mo-Fx 9-17", "description.zh": "新简介"}
    response = client.post("/staff/spaces/library", data=data)
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert re.search(r'data-field="hours">[^<]*hours', body), body[-3000:]
    assert 'value="Mo-Fx 9-17"' in body and "新简介" in body
    assert staff_building.read_bytes() == before


def test_two_saves_based_on_one_version_the_second_is_refused_with_input_kept(
    staff_app: Flask, staff_building: Path
) -> None:
    first, second = sign_in(staff_app.test_client()), sign_in(staff_app.test_client(), "li")
    form_a, form_b = form_of(first, "/staff/notices/new"), form_of(second, "/staff/notices/new")
    assert form_a["version"] == form_b["version"]
    assert first.post("/staff/notices/new", data={**form_a, "text.zh": "甲的通知", "level": "info"}).status_code == 302
    response = second.post("/staff/notices/new", data={**form_b, "text.zh": "乙的通知", "level": "info"})
    body = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "别人" in body and "乙的通知" in body
    text = staff_building.read_text(encoding="utf-8")
    assert "甲的通知" in text and "乙的通知" not in text
    # Saving again (now on the latest version) keeps both.
    again = {**form_b, "version": VERSION.search(body).group(1), "text.zh": "乙的通知", "level": "info"}  # type: ignore[union-attr]
    assert second.post("/staff/notices/new", data=again).status_code == 302
    text = staff_building.read_text(encoding="utf-8")
    assert "甲的通知" in text and "乙的通知" in text


def test_the_lift_out_of_service_changes_the_step_free_route_and_back(staff_app: Flask, staff_building: Path) -> None:
    client = sign_in(staff_app.test_client())
    visitor = staff_app.test_client()
    url = "/en/spaces/library?kiosk=lobby&route=step-free"
    before = visitor.get(url).get_data(as_text=True)
    data = {**form_of(client, "/staff/facilities/lifts/out"), "reason.zh": "电梯检修", "reason.en": "Lift maintenance"}
    assert client.post("/staff/facilities/lifts/out", data=data).status_code == 302
    after = visitor.get(url).get_data(as_text=True)
    assert after != before
    assert "out of service" in after and "Lift maintenance" in visitor.get("/en/facilities/lift").get_data(as_text=True)
    page = client.get("/staff/facilities").get_data(as_text=True)
    back = {"csrf_token": token(page), "version": VERSION.search(page).group(1)}  # type: ignore[union-attr]
    assert client.post("/staff/facilities/lifts/back", data=back).status_code == 302
    assert visitor.get(url).get_data(as_text=True) == before
    assert (
        "out_of_service"
        not in staff_building.read_text(encoding="utf-8").split("facilities:")[1].split("- id: stairs")[0]
    )


def test_end_a_notice_closure_space_status_and_event(staff_app: Flask, staff_building: Path) -> None:
    client = sign_in(staff_app.test_client())
    visitor = staff_app.test_client()
    post_notice(client, **{"text.zh": "临时通知", "level": "info"})
    assert "临时通知" in visitor.get("/zh/").get_data(as_text=True)
    page = client.get("/staff/notices").get_data(as_text=True)
    end = re.findall(r'action="(/staff/notices/\d+/end)"', page)[-1]
    hidden = {"csrf_token": token(page), "version": VERSION.search(page).group(1)}  # type: ignore[union-attr]
    assert client.post(end, data=hidden).status_code == 302
    assert "临时通知" not in visitor.get("/zh/").get_data(as_text=True)

    data = {**form_of(client, "/staff/closures/new"), "date": "2026-11-27", "spaces": "library",
            "reason.zh": "图书盘点", "reason.en": "Stocktaking"}  # fmt: skip
    assert client.post("/staff/closures/new", data=data).status_code == 302
    assert "Stocktaking" in visitor.get("/en/spaces/library").get_data(as_text=True)

    data = {**form_of(client, "/staff/spaces/public-gym"), "description.zh": "健身房", "status.state": "renovation",
            "status.until": "2027-03-01", "status.note.zh": "更换器材", "status.note.en": "New equipment"}  # fmt: skip
    assert client.post("/staff/spaces/public-gym", data=data).status_code == 302
    assert "New equipment" in visitor.get("/en/spaces/public-gym").get_data(as_text=True)

    data = {**form_of(client, "/staff/events/new"), "title.zh": "书法讲座", "title.en": "Calligraphy talk",
            "space": "library", "starts": "2026-11-27T15:00", "ends": "2026-11-27T16:00"}  # fmt: skip
    assert client.post("/staff/events/new", data=data).status_code == 302
    assert "Calligraphy talk" in visitor.get("/en/events").get_data(as_text=True)


def test_preview_renders_the_draft_without_writing_it(staff_app: Flask, staff_building: Path) -> None:
    client = sign_in(staff_app.test_client())
    before = staff_building.read_bytes()
    data = {**form_of(client, "/staff/notices/new"), "text.zh": "预览中的通知", "level": "urgent"}
    lobby = client.post("/staff/notices/new?preview=lobby", data=data)
    phone = client.post("/staff/notices/new?preview=phone", data=data)
    assert lobby.status_code == phone.status_code == 200
    assert "预览中的通知" in lobby.get_data(as_text=True) and "预览中的通知" in phone.get_data(as_text=True)
    assert "mode-kiosk" in lobby.get_data(as_text=True) and "mode-web" in phone.get_data(as_text=True)
    assert staff_building.read_bytes() == before
    assert "预览中的通知" not in staff_app.test_client().get("/zh/").get_data(as_text=True)


# --- History -------------------------------------------------------------------------------


def test_history_shows_the_diff_and_an_admin_restores_byte_identical(staff_app: Flask, staff_building: Path) -> None:
    original = staff_building.read_bytes()
    editor = sign_in(staff_app.test_client())
    post_notice(editor, **{"text.zh": "第一条", "level": "urgent"})
    data = {**form_of(editor, "/staff/facilities/lifts/out"), "reason.zh": "检修"}
    editor.post("/staff/facilities/lifts/out", data=data)
    data = {**form_of(editor, "/staff/spaces/library"), "hours": "Mo-Fr 09:00-17:00; PH off", "description.zh": "新的"}
    assert editor.post("/staff/spaces/library", data=data).status_code == 302
    history_page = editor.get("/staff/history").get_data(as_text=True)
    assert history_page.count('class="rowlink"') == 4  # the file before, and three changes
    diff = editor.get("/staff/history/2").get_data(as_text=True)
    assert "+  - text: {zh: 第一条}" in diff and "wang" in diff
    assert "只有管理员可以恢复" in editor.get("/staff/history/1").get_data(as_text=True)
    hidden = form_of(editor, "/staff/notices/new")
    assert editor.post("/staff/history/1/restore", data=hidden).status_code == 403

    admin = sign_in(staff_app.test_client(), "li")
    page = admin.get("/staff/history/1").get_data(as_text=True)
    hidden = {"csrf_token": token(page), "version": VERSION.search(page).group(1)}  # type: ignore[union-attr]
    assert admin.post("/staff/history/1/restore", data=hidden).status_code == 302
    assert staff_building.read_bytes() == original
    assert "restored version 1" in admin.get("/staff/history").get_data(as_text=True)


def test_a_hand_edit_between_saves_is_kept_as_a_version(staff: StaffActions, staff_building: Path) -> None:
    client = staff.sign_in()
    post_notice(client, **{"text.zh": "一"})
    staff_building.write_text(staff_building.read_text(encoding="utf-8") + "# hand edit\n", encoding="utf-8")
    post_notice(client, **{"text.zh": "二"})
    page = client.get("/staff/history").get_data(as_text=True)
    assert "edited by hand" in page


def test_the_console_edits_the_second_building_too(make_app: Callable[..., Flask], tmp_path: Path) -> None:
    path = tmp_path / "tower.yaml"
    shutil.copy(TOWER, path)
    original = path.read_bytes()
    accounts.add_account(tmp_path / "staff.json", "admin", PASSWORD, "admin")
    client = sign_in(make_app(path, RELOAD_SECONDS=0.0).test_client(), "admin")
    assert post_notice(client, **{"text.zh": "塔楼通知", "text.en": "Tower notice"}).status_code == 302
    assert "Tower notice" in path.read_text(encoding="utf-8")
    page = client.get("/staff/history/1").get_data(as_text=True)
    hidden = {"csrf_token": token(page), "version": VERSION.search(page).group(1)}  # type: ignore[union-attr]
    client.post("/staff/history/1/restore", data=hidden)
    assert path.read_bytes() == original


def test_kiosk_staff_add_asks_twice_and_keeps_only_a_hash(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from kiosk.cli import main

    path = tmp_path / "floors.yaml"
    shutil.copy(BUNDLED, path)
    runner = CliRunner()
    short = runner.invoke(main, ["staff", "add", "zhao", "--config", str(path)], input="short\nshort\n")
    assert short.exit_code == 1 and "at least" in short.output
    ok = runner.invoke(
        main, ["staff", "add", "zhao", "--role", "admin", "--config", str(path)], input=f"{PASSWORD}\n{PASSWORD}\n"
    )
    assert ok.exit_code == 0, ok.output
    stored = accounts.load_accounts(tmp_path / "staff.json")
    assert stored["zhao"].role == "admin" and PASSWORD not in (tmp_path / "staff.json").read_text()
    assert (tmp_path / "staff.json").stat().st_mode & 0o077 == 0


@pytest.mark.parametrize("building", [BUNDLED, TOWER], ids=["shipped", "tower"])
def test_console_edits_only_add_or_change_their_own_lines(building: Path) -> None:
    """Comments, order and layout survive: every edit's diff holds no comment line and no other entry."""
    import datetime as dt
    import difflib

    from kiosk.load.loader import check_content
    from kiosk.staff import edits
    from kiosk.staff.yamledit import dump_tree, load_tree

    text = building.read_text(encoding="utf-8")
    tree = load_tree(text)
    space = tree["spaces"][0]["id"]
    lift = next(f["id"] for f in tree["facilities"] if f["kind"] == "lift")
    changes = [
        edits.set_notice(None, {"text.zh": "新", "text.en": "New", "level": "urgent", "ends": "2026-12-01 17:00"}),
        edits.end_notice(0, dt.datetime(2026, 11, 27, 10, 0)),
        edits.mark_out_of_service(lift, {"starts": dt.date(2026, 11, 27), "reason.zh": "检修", "reason.en": "Repair"}),
        edits.add_closure({"date": dt.date(2027, 1, 1), "spaces": space, "reason.zh": "盘点", "reason.en": "Stock"}),
        edits.set_event(None, {"title.zh": "讲座", "title.en": "Talk", "space": space, "starts": "2026-12-01 14:00"}),
    ]
    for change in changes:
        tree = load_tree(text)
        change(tree)
        new = dump_tree(tree)
        changed = [
            line[1:]
            for line in difflib.unified_diff(text.splitlines(True), new.splitlines(True), n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))
        ]
        assert changed and not any(line.lstrip().startswith("#") for line in changed), changed
        _, problems = check_content(new.encode("utf-8"), building.name, building.parent)
        assert not [p for p in problems if p.severity == "error"], problems


def test_an_entry_changed_by_someone_else_is_never_overwritten(staff_app: Flask, staff_building: Path) -> None:
    first, second = sign_in(staff_app.test_client()), sign_in(staff_app.test_client(), "li")
    form_b = form_of(second, "/staff/notices/1")
    page = second.get("/staff/notices/1").get_data(as_text=True)
    entry = re.search(r'name="entry" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    # Meanwhile the first one changes that very notice.
    data = {**form_of(first, "/staff/notices/1"), "text.zh": "甲改的", "level": "info"}
    data["entry"] = entry
    assert first.post("/staff/notices/1", data=data).status_code == 302
    kept = {**form_b, "entry": entry, "text.zh": "乙改的", "level": "info"}
    refused = second.post("/staff/notices/1", data=kept)
    assert refused.status_code == 409 and "乙改的" in refused.get_data(as_text=True)
    # Even once on the latest version, the changed entry is not overwritten.
    kept["version"] = VERSION.search(refused.get_data(as_text=True)).group(1)  # type: ignore[union-attr]
    again = second.post("/staff/notices/1", data=kept)
    assert again.status_code == 409 and "别人改过或删掉" in again.get_data(as_text=True)
    text = staff_building.read_text(encoding="utf-8")
    assert "甲改的" in text and "乙改的" not in text


def test_an_entry_that_moved_is_found_again(staff: StaffActions, staff_building: Path) -> None:
    client = staff.sign_in()
    page = client.get("/staff/notices/1").get_data(as_text=True)
    entry = re.search(r'name="entry" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    # A hand edit removes the first notice: the one opened at 1 is now at 0.
    text = staff_building.read_text(encoding="utf-8")
    start = text.index("notices:\n") + len("notices:\n")
    second = text.index("  - text:", start + 5)
    staff_building.write_text(text[:start] + text[second:], encoding="utf-8")
    data = {**staff.form("/staff/notices/0"), "entry": entry, "text.zh": "改过的开放时间", "level": "info"}
    assert client.post("/staff/notices/1", data=data).status_code == 302
    saved = staff_building.read_text(encoding="utf-8")
    assert "改过的开放时间" in saved and "请佩戴口罩" in saved and "免费向居民开放" not in saved


def test_console_pages_have_no_inline_script_or_style_and_keep_the_csp(staff_app: Flask) -> None:
    client = sign_in(staff_app.test_client(), "li")
    post_notice(client, **{"text.zh": "一"})
    pages = ("/staff/", "/staff/notices", "/staff/notices/new", "/staff/facilities", "/staff/spaces/library",
             "/staff/events/new", "/staff/closures/new", "/staff/history", "/staff/history/1")  # fmt: skip
    for url in (*pages, "/staff/analytics"):
        response = client.get(url)
        body = response.get_data(as_text=True)
        assert response.status_code == 200, url
        assert response.headers["Content-Security-Policy"].startswith("default-src 'self'")
        assert re.findall(r"<script(?![^>]*\bsrc=)", body) == [], url
        assert " style=" not in body and " onclick=" not in body and "javascript:" not in body, url


def test_the_console_never_changes_public_url(staff_app: Flask, staff_building: Path) -> None:
    admin = sign_in(staff_app.test_client(), "li")
    post_notice(admin, **{"text.zh": "一"})  # version 1: the file before, version 2: with the notice
    text = staff_building.read_text(encoding="utf-8")
    address = "  public_url: https://kiosk.example.org\n"
    staff_building.write_text(
        text.replace("  timezone: Asia/Shanghai\n", "  timezone: Asia/Shanghai\n" + address), "utf-8"
    )
    page = admin.get("/staff/history/1").get_data(as_text=True)
    hidden = {"csrf_token": token(page), "version": VERSION.search(page).group(1)}  # type: ignore[union-attr]
    refused = admin.post("/staff/history/1/restore", data=hidden, follow_redirects=True)
    assert "没有恢复" in refused.get_data(as_text=True)
    assert address in staff_building.read_text(encoding="utf-8")  # refused: the address stays
    assert post_notice(admin, **{"text.zh": "二"}).status_code == 302  # ordinary edits keep it
    assert address in staff_building.read_text(encoding="utf-8")


def test_admins_manage_accounts_editors_cannot(staff_app: Flask, staff_building: Path) -> None:
    editor = sign_in(staff_app.test_client())
    assert editor.get("/staff/accounts").status_code == 403
    admin = sign_in(staff_app.test_client(), "li")
    page = admin.get("/staff/accounts").get_data(as_text=True)
    data = {"csrf_token": token(page), "name": "zhao", "role": "editor", "password": PASSWORD, "again": "other words"}
    assert "两" not in page and admin.post("/staff/accounts", data=data).status_code == 422
    assert admin.post("/staff/accounts", data={**data, "again": PASSWORD}).status_code == 302
    sign_in(staff_app.test_client(), "zhao")
    assert admin.post("/staff/accounts", data={**data, "action": "remove", "name": "wang"}).status_code == 302
    assert editor.get("/staff/notices").status_code == 302  # a removed account is signed out at once
    assert "account-removed" in staff_building.with_name("staff-audit.jsonl").read_text()
