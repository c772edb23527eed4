"""The Content-Security-Policy blocks nothing of our own: no console errors on the main screens."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page


@pytest.mark.parametrize(
    "path",
    ["/zh/?kiosk=lobby", "/en/search?q=lib&kiosk=lobby", "/zh/spaces/library?kiosk=lobby", "/en/posters/building"],
)
def test_no_policy_violations_or_console_errors(kiosk: Page, base_url: str, path: str) -> None:
    errors: list[str] = []
    kiosk.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    kiosk.on("pageerror", lambda error: errors.append(str(error)))
    kiosk.goto(base_url + path)
    kiosk.wait_for_load_state("networkidle")
    assert errors == []
