"""Who may open which console page: `@staff_required` sends strangers to sign in, `@admin_required` refuses editors."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask

from tests.helpers.buildings import TOWER
from tests.helpers.staff import PASSWORD, copy_with_staff, form_of, sign_in, token


@pytest.fixture
def app(make_app: Callable[..., Flask], tmp_path: Path) -> Flask:
    return make_app(copy_with_staff(TOWER, tmp_path, admin=True), RELOAD_SECONDS=0.0)


def test_an_editor_gets_403_on_every_admin_page_and_an_admin_gets_through(app: Flask) -> None:
    editor = sign_in(app.test_client(), "wang")
    admin = sign_in(app.test_client(), "li")
    assert editor.get("/staff/accounts").status_code == 403
    assert admin.get("/staff/accounts").status_code == 200
    page = editor.get("/staff/").get_data(as_text=True)
    added = {"csrf_token": token(page), "name": "zhao", "password": PASSWORD, "again": PASSWORD, "role": "admin"}
    assert editor.post("/staff/accounts", data=added).status_code == 403  # an editor cannot make an admin
    assert "zhao" not in admin.get("/staff/accounts").get_data(as_text=True)
    # a version to restore: the editor saves a notice (editors may edit), then tries to restore it
    data = {**form_of(editor, "/staff/notices/new"), "level": "info", "text.zh": "测试"}
    assert editor.post("/staff/notices/new", data=data).status_code == 302
    assert "/staff/history/1" in admin.get("/staff/history").get_data(as_text=True)
    assert editor.post("/staff/history/1/restore", data=form_of(editor, "/staff/notices/new")).status_code == 403
    assert "restored version 1" not in admin.get("/staff/history").get_data(as_text=True)
    assert admin.post("/staff/history/1/restore", data=form_of(admin, "/staff/notices/new")).status_code == 302
    assert "restored version 1" in admin.get("/staff/history").get_data(as_text=True)


def test_a_stranger_is_sent_to_sign_in_not_shown_a_403(app: Flask) -> None:
    stranger = app.test_client()
    for url in ("/staff/accounts", "/staff/notices", "/staff/spaces/counter-01"):
        response = stranger.get(url)
        assert response.status_code == 302 and response.headers["Location"].endswith("/staff/login"), url
