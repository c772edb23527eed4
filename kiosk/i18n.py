"""UI strings: one catalog per language in `kiosk/locales/*.toml`, and language choice.

Building content (names, descriptions) comes from floors.yaml as `Text`; everything
the interface itself says comes from here, so a template never holds a sentence.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from functools import cache
from pathlib import Path

from kiosk.building import DEFAULT_LANG, LANGS, Lang

LOCALES = Path(__file__).parent / "locales"


@cache
def catalog(lang: Lang) -> dict[str, str]:
    """The flat key → string catalog of one language."""
    with (LOCALES / f"{lang}.toml").open("rb") as handle:
        return _flatten(tomllib.load(handle))


def _flatten(tree: dict, prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in tree.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, name + "."))
        else:
            flat[name] = str(value)
    return flat


def translate(lang: Lang, key: str, **params: object) -> str:
    """The UI string `key` in `lang`, with `{name}` placeholders filled in."""
    text = catalog(lang).get(key)
    if text is None:
        # A missing key is a bug the tests catch; show the key rather than break the page.
        return key
    return text.format(**params) if params else text


def other_language(lang: Lang) -> Lang:
    """The language the 中文/EN switch leads to."""
    return "en" if lang == "zh" else "zh"


def is_language(value: str) -> bool:
    """Whether `value` is one of the languages we serve."""
    return value in LANGS


def negotiate(accept_language: str | None) -> Lang:
    """Pick a language from an Accept-Language header; Chinese unless English is preferred."""
    best: tuple[float, Lang] = (0.0, DEFAULT_LANG)
    for part in (accept_language or "").split(",")[:20]:
        tag, _, params = part.strip().partition(";")
        primary = tag.strip().lower().split("-")[0]
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        if primary in LANGS and quality > best[0]:
            best = (quality, primary)  # type: ignore[assignment]
    return best[1]


def format_when(moment: dt.datetime, now: dt.datetime, lang: Lang) -> str:
    """ "today 08:30", "tomorrow 08:30", "Tuesday 08:30" or "3 Dec 08:30", said in `lang`."""
    time = moment.strftime("%H:%M")
    days = (moment.date() - now.date()).days
    if days == 0:
        return translate(lang, "when.today", time=time)
    if days == 1:
        return translate(lang, "when.tomorrow", time=time)
    if 1 < days < 7:
        return translate(lang, "when.weekday", day=translate(lang, f"weekday.{moment.weekday()}"), time=time)
    return translate(lang, "when.date", month=moment.month, day=moment.day, time=time)
