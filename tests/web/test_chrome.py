"""Kiosk chrome on the server side: display toggles as URL parameters, idle settings, phones without it."""

from __future__ import annotations

import re

from flask.testing import FlaskClient

from kiosk.load.loader import load_building


def html_classes(page: str) -> set[str]:
    return set(re.search(r'<html[^>]*class="([^"]*)"', page).group(1).split())


def test_kiosk_pages_carry_the_chrome_and_idle_settings_from_floors_yaml(client: FlaskClient):
    page = client.get("/zh/?kiosk=lobby").get_data(as_text=True)
    assert 'class="dock"' in page
    assert 'data-idle="90"' in page and 'data-countdown="30"' in page and 'data-attract="60"' in page
    assert 'data-home="/zh/?kiosk=lobby"' in page
    assert "还在使用吗？" in page and "Still there?" in page
    assert "轻触屏幕开始" in page and "Touch to start" in page


def test_phones_get_no_kiosk_chrome_but_can_search(client: FlaskClient):
    page = client.get("/zh/").get_data(as_text=True)
    assert 'class="dock"' not in page and 'id="idle"' not in page
    assert 'href="/zh/search"' in page


def test_large_text_is_a_carried_parameter(client: FlaskClient):
    page = client.get("/zh/floors/3f?kiosk=lobby&text=large").get_data(as_text=True)
    assert "text-large" in html_classes(page)
    assert 'href="/zh/spaces/library?kiosk=lobby&amp;text=large"' in page
    # The toggle turns it off again, on the same page; idle reset goes home without it.
    assert 'href="/zh/floors/3f?kiosk=lobby"' in page
    assert 'data-home="/zh/?kiosk=lobby"' in page


def test_contrast_toggle_and_junk_values_are_dropped(client: FlaskClient):
    page = client.get("/en/?kiosk=lobby&contrast=high&text=huge").get_data(as_text=True)
    assert html_classes(page) >= {"mode-kiosk", "contrast-high"}
    assert "text-large" not in html_classes(page)
    assert "text=huge" not in page


def test_language_switch_keeps_display_choices_and_the_query(client: FlaskClient):
    page = client.get("/zh/search?q=tsg&kiosk=lobby&text=large").get_data(as_text=True)
    assert 'href="/en/search?q=tsg&amp;kiosk=lobby&amp;text=large"' in page


def test_attract_screen_says_closed_and_when_it_opens(client: FlaskClient, clock):
    clock["now"] = clock["now"].replace(hour=20)
    page = client.get("/zh/?kiosk=lobby").get_data(as_text=True)
    assert "本楼现已关闭" in page and "The building is closed now" in page
    assert "明天 08:30" in page or "tomorrow 08:30" in page


def test_attract_setting_has_a_default(edited):
    path = edited(
        '  attract_seconds: 60     # after going home, idle this long more: show the "Touch to start" screen\n', ""
    )
    assert load_building(path).settings.attract_seconds == 60
