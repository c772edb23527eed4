"""A staff member's browser against a real server: cookies, CSRF tokens and form versions over plain HTTP."""

from __future__ import annotations

import http.client
import re
import urllib.parse
from dataclasses import dataclass, field

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
VERSION = re.compile(r'name="version" value="([^"]+)"')


@dataclass(frozen=True)
class Reply:
    """One response: status, headers (lower-case names) and the body as text."""

    status: int
    headers: dict[str, str]
    text: str


@dataclass
class StaffHttp:
    """Requests to 127.0.0.1:`port` that keep the console's cookie, as a browser would."""

    port: int
    cookies: dict[str, str] = field(default_factory=dict)

    def request(
        self, method: str, path: str, form: dict[str, str] | None = None, headers: dict[str, str] | None = None
    ) -> Reply:
        """One request on a fresh connection; Set-Cookie is remembered."""
        sent = dict(headers or {})
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form).encode()
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    key, _, rest = value.partition("=")
                    self.cookies[key.strip()] = rest.split(";", 1)[0]
            return Reply(response.status, {k.lower(): v for k, v in response.getheaders()}, text)
        finally:
            connection.close()

    def get(self, path: str, headers: dict[str, str] | None = None) -> Reply:
        """GET `path`."""
        return self.request("GET", path, headers=headers)

    def hidden(self, path: str) -> dict[str, str]:
        """The CSRF token (and the version, on a form) of the page at `path`."""
        page = self.get(path).text
        token = CSRF.search(page)
        assert token, f"no CSRF token on {path}"
        found = {"csrf_token": token.group(1)}
        version = VERSION.search(page)
        if version:
            found["version"] = version.group(1)
        return found

    def sign_in(self, name: str, password: str) -> StaffHttp:
        """Sign in through the login form; asserts it worked."""
        reply = self.request(
            "POST", "/staff/login", {**self.hidden("/staff/login"), "name": name, "password": password}
        )
        assert reply.status == 302, reply.text[:500]
        return self
