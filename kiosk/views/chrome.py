"""What the kiosk chrome needs: idle settings, the home to reset to, display toggles, attract texts."""

from __future__ import annotations

from dataclasses import dataclass

from flask import url_for

from kiosk import status
from kiosk.building import Lang, Settings
from kiosk.i18n import html_lang, translate
from kiosk.views import whats_on
from kiosk.views.context import HoursText, PageContext


@dataclass(frozen=True)
class Said:
    """One sentence in every language of the building, for screens a visitor of any language may see."""

    lang: Lang
    tag: str
    text: str


@dataclass(frozen=True)
class Chrome:
    """Everything `_kiosk_chrome.html` shows or hands to kiosk.js."""

    settings: Settings
    home: str
    large_text_url: str
    large_text: bool
    contrast_url: str
    contrast: bool
    is_open: bool
    names: tuple[Said, ...]  # the building's name in each language
    closed: tuple[Said, ...]  # "closed · opens tomorrow 08:30", when the building is closed
    phrases: dict[str, tuple[Said, ...]]  # the idle overlay and attract screen, in every language
    urgent: tuple[tuple[Said, ...], ...] = ()  # urgent notices in force, each in every language
    events: tuple[AttractEvent, ...] = ()  # the next events today
    # Issue 12: the service worker that keeps the offline copy, and "offline since {time}" with the
    # time left out (`TIME_SLOT` marks where kiosk.js puts it), for the staff mark on copied pages.
    worker: str = ""
    offline_since: tuple[Said, ...] = ()


@dataclass(frozen=True)
class AttractEvent:
    """One of today's next events on the attract screen: its time, and its title in every language."""

    when: str
    titles: tuple[Said, ...]


CHROME_PHRASES = (
    "chrome.still_there",
    "chrome.seconds_left",
    "chrome.continue",
    "chrome.touch_to_start",
    "offline.wait_title",
    "offline.wait_body",
    "events.today_heading",
)
ATTRACT_EVENTS = 3
TIME_SLOT = "@@"  # where the time goes in "offline since {time}"; split on in _kiosk_chrome.html


def display_classes(page: PageContext) -> str:
    """The <html> classes of the visitor's display choices (large text, high contrast)."""
    display = {"text-large": page.large_text, "contrast-high": page.high_contrast}
    return " ".join(name for name, on in display.items() if on)


def chrome_for(page: PageContext) -> Chrome | None:
    """The kiosk chrome of a page in kiosk mode; None on phones and the web."""
    kiosk = page.kiosk
    if kiosk is None:
        return None
    languages = page.site.languages
    info = page.building.building
    # The building's own closures and special hours count: a closed day says so on the attract screen.
    hours: dict[Lang, HoursText] = {lang: page.space_hours(None, lang) for lang in languages}
    is_open = hours[languages[0]].is_open

    def each(text: object) -> tuple[Said, ...]:
        return tuple(Said(lang, html_lang(lang), text(lang)) for lang in languages)  # type: ignore[operator]

    return Chrome(
        settings=page.building.settings,
        # The idle reset starts the next visitor fresh: first language, standard text and colours.
        home=url_for("directory.home", lang=page.site.default_language, kiosk=kiosk.id),
        large_text_url=page.toggle("text", "large"),
        large_text=page.large_text,
        contrast_url=page.toggle("contrast", "high"),
        contrast=page.high_contrast,
        is_open=is_open,
        names=each(info.name),
        closed=() if is_open else each(lambda lang: f"{translate(lang, 'chrome.closed')} · {hours[lang].detail}"),
        phrases={key: each(lambda lang, key=key: translate(lang, key)) for key in CHROME_PHRASES},
        worker=url_for("offline.worker", kiosk=kiosk.id),
        offline_since=each(lambda lang: translate(lang, "offline.since", time=TIME_SLOT)),
        urgent=tuple(each(notice.text) for notice in status.urgent_notices(page.building, page.now)),
        events=tuple(
            AttractEvent(view.when, each(view.occurrence.title))
            for view in whats_on.today_events(page)[:ATTRACT_EVENTS]
        ),
    )
