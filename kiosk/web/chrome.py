"""What the kiosk chrome needs: idle settings, the home to reset to, display toggles, attract texts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from itertools import islice

from flask import url_for

from kiosk.model.building import Kiosk, Lang, Settings
from kiosk.model.i18n import html_lang, translate
from kiosk.timetable import status
from kiosk.web.context import HoursText, PageContext, is_static_export
from kiosk.web.models import events as event_models
from kiosk.web.views.theme import screen_class


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
    low_reach_url: str
    low_reach: bool
    is_open: bool
    names: tuple[Said, ...]  # the building's name in each language
    closed: tuple[Said, ...]  # "closed · opens tomorrow 08:30", when the building is closed
    phrases: dict[str, tuple[Said, ...]]  # the idle overlay and attract screen, in every language
    loop: AttractLoop
    back: str  # the Back button's label, in the page's language (kiosk.js adds the button)
    urgent: tuple[tuple[Said, ...], ...] = ()  # urgent notices in force, each in every language
    events: tuple[AttractEvent, ...] = ()  # the next events today
    # The service worker that keeps the offline copy, and "offline since {time}" with the
    # time left out (`TIME_SLOT` marks where kiosk.js puts it), for the staff mark on copied pages.
    worker: str = ""
    offline_since: tuple[Said, ...] = ()


@dataclass(frozen=True)
class LoopFloor:
    """One floor of the attract loop's stack, lit in turn; the kiosk's own floor is marked."""

    label: str
    name: str  # in the building's first language: the stack is a picture, the title says the rest
    is_here: bool


@dataclass(frozen=True)
class LoopSpace:
    """A space open right now, named in every language of the building."""

    label: str
    names: tuple[Said, ...]


@dataclass(frozen=True)
class AttractLoop:
    """What the attract loop shows: the floors, top first, and a few spaces open right now."""

    floors: tuple[LoopFloor, ...]
    open_now: tuple[LoopSpace, ...]


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
    "chrome.open_now",
)
ATTRACT_EVENTS = 3
TIME_SLOT = "@@"  # where the time goes in "offline since {time}"; split on in _kiosk_chrome.html
OPEN_NOW_SHOWN = 8  # spaces listed as open on the attract screen: what fits without scrolling


def display_classes(page: PageContext) -> str:
    """The <html> classes: the visitor's display choices (large text, high contrast), and a static export's mark."""
    # On a page of `kiosk build`, "open now" is only true once kiosk.js has redone it (kiosk.css hides it till then).
    exported = is_static_export()
    display = {
        "text-large": page.large_text,
        "contrast-high": page.high_contrast,
        "reach-low": page.low_reach and page.kiosk is not None,  # a lobby screen's layout; phones need none
        "reach-plan-above": page.plan_above,
        "static-export": exported,
    }
    names = [name for name, on in display.items() if on]
    if page.low_reach and page.kiosk is not None:
        names.append(screen_class(page.kiosk))  # its screen's reach band, from /site.css
    return " ".join(names)


def screen_attributes(kiosk: Kiosk | None) -> dict[str, str]:
    """The <html> data attributes that say how the kiosk's screen is mounted, for tests and installers."""
    if kiosk is None:
        return {}
    screen = kiosk.mount
    above, below = screen.reach_band
    return {
        "data-screen-height-mm": f"{screen.height_mm:g}",
        "data-screen-bottom-mm": f"{screen.bottom_mm:g}",
        "data-reach-above": f"{above:.4f}",
        "data-reach-below": f"{below:.4f}",
    }


def attract_loop(page: PageContext, kiosk: Kiosk, list_open: bool = True) -> AttractLoop:
    """The floors of the building, top first, and (if `list_open`) the first few spaces open now."""
    building = page.building
    first = page.site.default_language
    floors = tuple(LoopFloor(f.label, f.name(first), f.id == kiosk.floor) for f in building.floors_top_down)
    if not list_open:
        return AttractLoop(floors, ())
    open_now = (
        LoopSpace(floor.label, _each(page, space.name))
        for floor in building.floors_top_down
        for space in building.spaces_on(floor.id)
        if page.space_hours(space).is_open
    )
    return AttractLoop(floors, tuple(islice(open_now, OPEN_NOW_SHOWN)))


def _phrase(key: str, lang: Lang) -> str:
    return translate(lang, key)


def _each(page: PageContext, text: Callable[[Lang], str]) -> tuple[Said, ...]:
    """A text in every language of the building."""
    return tuple(Said(lang, html_lang(lang), text(lang)) for lang in page.site.languages)


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

    def each(text: Callable[[Lang], str]) -> tuple[Said, ...]:
        return _each(page, text)

    return Chrome(
        settings=page.building.settings,
        # The idle reset starts the next visitor fresh: first language, standard text and colours.
        home=url_for("directory.home", lang=page.site.default_language, kiosk=kiosk.id),
        large_text_url=page.toggle("text", "large"),
        large_text=page.large_text,
        contrast_url=page.toggle("contrast", "high"),
        contrast=page.high_contrast,
        low_reach_url=page.toggle("reach", "low"),
        low_reach=page.low_reach,
        is_open=is_open,
        names=each(info.name),
        closed=() if is_open else each(lambda lang: f"{translate(lang, 'chrome.closed')} · {hours[lang].detail}"),
        phrases={key: each(partial(_phrase, key)) for key in CHROME_PHRASES},
        # "Open now" while the building is open; when it is closed, when it opens instead.
        loop=attract_loop(page, kiosk, list_open=is_open),
        back=page.t("chrome.back"),
        worker=url_for("offline.worker", kiosk=kiosk.id),
        offline_since=each(lambda lang: translate(lang, "offline.since", time=TIME_SLOT)),
        urgent=tuple(each(notice.text) for notice in status.urgent_notices(page.building, page.now)),
        events=tuple(
            AttractEvent(view.when, each(view.occurrence.title))
            for view in event_models.today_events(page)[:ATTRACT_EVENTS]
        ),
    )
