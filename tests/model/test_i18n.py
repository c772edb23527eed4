"""UI strings: both catalogs complete, every key a template uses exists, language choice."""

from __future__ import annotations

import re

import pytest

from kiosk.model.i18n import available_languages, catalog, format_when, negotiate, translate
from tests.helpers.buildings import ROOT

TEMPLATES = ROOT / "kiosk" / "templates"


def test_catalogs_have_the_same_keys() -> None:
    assert set(catalog("zh")) == set(catalog("en"))


def test_placeholders_match_across_languages() -> None:
    for key, english in catalog("en").items():
        chinese = catalog("zh")[key]
        assert set(re.findall(r"{(\w+)}", english)) == set(re.findall(r"{(\w+)}", chinese)), key


def test_every_literal_key_in_templates_exists() -> None:
    used = set()
    for template in TEMPLATES.glob("*.html"):
        used |= set(re.findall(r"""\bt\(\s*['"]([\w.\-]+)['"]\s*[,)]""", template.read_text(encoding="utf-8")))
    assert used, "no keys found: the pattern is wrong"
    missing = sorted(key for key in used if key not in catalog("en"))
    assert not missing


def test_templates_hold_no_chinese_sentences() -> None:
    for template in TEMPLATES.glob("*.html"):
        text = re.sub(r"{#.*?#}", "", template.read_text(encoding="utf-8"), flags=re.S)
        assert not re.search(r"[\u4e00-\u9fff]", text), template.name


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, "zh"),
        ("", "zh"),
        ("en", "en"),
        ("en-US,en;q=0.9", "en"),
        ("zh-CN,zh;q=0.9,en;q=0.8", "zh"),
        ("fr,en;q=0.5", "en"),
        ("en;q=0.3,zh-TW;q=0.6", "zh"),
        ("en;q=abc", "zh"),
        ("*", "zh"),
    ],
)
def test_negotiate(header, expected) -> None:
    assert negotiate(header, ("zh", "en")) == expected


def test_translate_fills_placeholders_and_survives_missing_keys() -> None:
    assert translate("en", "nav.next_floor", label="4F") == "Up to 4F"
    assert translate("zh", "nav.next_floor", label="4F") == "上到 4F"
    assert translate("en", "no.such.key") == "no.such.key"


def test_format_when() -> None:
    import datetime as dt

    now = dt.datetime(2026, 11, 27, 18, 0)  # a Friday
    assert format_when(dt.datetime(2026, 11, 27, 19, 0), now, "en") == "today 19:00"
    assert format_when(dt.datetime(2026, 11, 28, 8, 30), now, "zh") == "明天 08:30"
    assert format_when(dt.datetime(2026, 11, 30, 8, 30), now, "en") == "Monday 08:30"
    assert format_when(dt.datetime(2026, 12, 10, 8, 30), now, "zh") == "12月10日 08:30"


def test_extra_catalogs_hold_only_known_keys_with_the_same_placeholders() -> None:
    for lang in available_languages():
        for key, text in catalog(lang).items():
            assert key in catalog("en"), (lang, key)
            assert set(re.findall(r"{(\w+)}", text)) == set(re.findall(r"{(\w+)}", catalog("en")[key])), (lang, key)


def test_a_key_missing_in_an_extra_catalog_is_said_in_english(monkeypatch) -> None:
    monkeypatch.setitem(catalog("ja"), "nav.home", None)  # as if the key were missing
    catalog("ja").pop("nav.home")
    assert translate("ja", "nav.home") == catalog("en")["nav.home"]
    assert translate("xx", "nav.home") == "Home"  # an unknown language: English
    assert translate("ja", "facility.toilet") == "トイレ"


def test_negotiate_picks_among_the_buildings_languages() -> None:
    assert negotiate("ja-JP,ja;q=0.9,en;q=0.5", ("zh", "en", "ja")) == "ja"
    assert negotiate("ja-JP", ("zh", "en")) == "zh"  # not offered: the building's first
    assert negotiate("ko", ("en", "zh")) == "en"
