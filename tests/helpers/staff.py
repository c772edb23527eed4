"""Staff at the console, flaskr-style: accounts beside a building copy, sign-in, CSRF tokens and form versions.

`StaffActions` (the `staff` fixture) is one staff member's browser through the Flask test client, as
flaskr's `AuthActions`; the functions under it are the same steps for a client a test made itself.
`tests/helpers/staff_http.py` does the same against a real server over HTTP.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from kiosk.staff import accounts, analytics

PASSWORD = "correct horse battery"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
VERSION = re.compile(r'name="version" value="([^"]+)"')

# A small floors.yaml the console's edits are tried on, without the web app.
SMALL = """\
spaces:
  - id: lib
    hours: Mo-Fr 09:00-17:00
    description: {zh: 书, en: Books}
  - id: gym
    aliases: [健身]
facilities:
  - id: lift
    kind: lift
"""


def copy_with_staff(source: Path, folder: Path, *, admin: bool = False) -> Path:
    """A writable copy of `source` in `folder`, with the editor wang (and, if asked, the admin li) beside it."""
    path = folder / "floors.yaml"
    shutil.copy(source, path)
    accounts.add_account(folder / "staff.json", "wang", PASSWORD, "editor")
    if admin:
        accounts.add_account(folder / "staff.json", "li", PASSWORD, "admin")
    return path


def token(page: str) -> str:
    """The CSRF token of a console page."""
    found = CSRF.search(page)
    assert found, "no CSRF token on the page"
    return found.group(1)


def sign_in(client: FlaskClient, name: str = "wang", password: str = PASSWORD) -> FlaskClient:
    """Sign `client` in through the login form; asserts it worked."""
    page = client.get("/staff/login").get_data(as_text=True)
    response = client.post("/staff/login", data={"csrf_token": token(page), "name": name, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


def form_of(client: FlaskClient, url: str) -> dict[str, str]:
    """The hidden fields of a form page: its CSRF token and the version it is based on."""
    page = client.get(url).get_data(as_text=True)
    found = VERSION.search(page)
    assert found
    return {"csrf_token": token(page), "version": found.group(1)}


def counter_of(app: Flask) -> analytics.Counter:
    """The app's analytics counter (there is one whenever the console is on)."""
    found = app.extensions["kiosk.staff.analytics"]
    assert isinstance(found, analytics.Counter)
    return found


@dataclass
class StaffActions:
    """One staff member's browser on the console through the Flask test client."""

    client: FlaskClient

    def sign_in(self, name: str = "wang", password: str = PASSWORD) -> FlaskClient:
        """Sign in through the login form (wang, the editor, unless told); asserts it worked."""
        return sign_in(self.client, name, password)

    def sign_out(self) -> TestResponse:
        """Sign out through the console's own form."""
        page = self.client.get("/staff/").get_data(as_text=True)
        return self.client.post("/staff/logout", data={"csrf_token": token(page)})

    def form(self, url: str) -> dict[str, str]:
        """The hidden fields (CSRF token, version) of the form at `url`."""
        return form_of(self.client, url)

    def save(self, url: str, **fields: str) -> TestResponse:
        """Post the form at `url` with its hidden fields and `fields`."""
        return self.client.post(url, data={**self.form(url), **fields})
