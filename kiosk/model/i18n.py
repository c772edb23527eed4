"""UI strings: one catalog per language in `kiosk/locales/*.toml`, and language choice.

Building content (names, descriptions) comes from floors.yaml as `Text`; everything the
interface itself says comes from here, so a template never holds a sentence. Adding a
language is one catalog file: a key it lacks is said in English, then in Chinese.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from kiosk.model.building import CategoryDef, FacilityKindDef, Lang
from kiosk.model.vocabulary import DEFAULT_LANGUAGES, FALLBACK_LANGUAGE

LOCALES = Path(__file__).resolve().parent.parent / "locales"
# The catalogs every key must be in (a test checks); others may lag and fall back.
COMPLETE_CATALOGS = DEFAULT_LANGUAGES


@cache
def available_languages() -> tuple[str, ...]:
    """The languages that have a UI catalog, in file-name order."""
    return tuple(sorted(path.stem for path in LOCALES.glob("*.toml")))


@cache
def catalog(lang: Lang) -> dict[str, str]:
    """The flat key → string catalog of one language (empty for an unknown language)."""
    path = LOCALES / f"{lang}.toml"
    if lang not in available_languages() or not path.is_file():
        return {}
    with path.open("rb") as handle:
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
    """The UI string `key` in `lang` (else English, else Chinese), with `{name}` placeholders filled in."""
    for each in (lang, FALLBACK_LANGUAGE, DEFAULT_LANGUAGES[0]):
        text = catalog(each).get(key)
        if text is not None:
            return text.format(**params) if params else text
    # A missing key is a bug the tests catch; show the key rather than break the page.
    return key


def language_name(lang: Lang) -> str:
    """A language's own name for itself ("中文", "English", "日本語")."""
    return catalog(lang).get("lang_name", lang)


def html_lang(lang: Lang) -> str:
    """The BCP 47 tag for `lang=` attributes (Chinese is written in simplified characters here)."""
    return "zh-CN" if lang == "zh" else lang


def other_languages(lang: Lang, languages: Sequence[Lang]) -> tuple[Lang, ...]:
    """The languages the language switch offers from a page in `lang`."""
    return tuple(each for each in languages if each != lang)


def negotiate(accept_language: str | None, languages: Sequence[Lang]) -> Lang:
    """Pick one of `languages` from an Accept-Language header; the first unless another is preferred."""
    best: tuple[float, Lang] = (0.0, languages[0])
    for part in (accept_language or "").split(",")[:20]:
        tag, _, params = part.strip().partition(";")
        primary = tag.strip().lower().split("-")[0]
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        if primary in languages and quality > best[0]:
            best = (quality, primary)
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


def kind_name(kind: FacilityKindDef, lang: Lang) -> str:
    """A facility kind's name: the building's own words, else the catalog's."""
    return kind.name(lang) if kind.name else translate(lang, f"facility.{kind.id}")


def category_name(category: CategoryDef, lang: Lang) -> str:
    """A category's name: the building's own words, else the catalog's."""
    return category.name(lang) if category.name else translate(lang, f"category.{category.id}")
