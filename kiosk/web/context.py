"""One `PageContext` per request: the site, the language, kiosk mode, route and display choices.

A `before_request` builds it once from the validated URL and query; views read it with
`current_page()` and hand it, with their own view model, to `render()`. Templates get
everything explicitly from there and never reach into `g` or `request` themselves.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from flask import Flask, abort, current_app, g, request, url_for

from kiosk.load.site import Site
from kiosk.model import hours
from kiosk.model.building import Building, Kiosk, Lang, Space
from kiosk.model.i18n import format_when, html_lang, language_name, other_languages, translate
from kiosk.timetable import schedule
from kiosk.ways.starts import entrance_start
from kiosk.web import route_mode
from kiosk.web.cache import registry
from kiosk.web.urls import MAX_QUERY, link, read_carried


@dataclass(frozen=True)
class HoursText:
    """Opening hours ready to show: a badge, what happens next, and today's hours."""

    is_open: bool
    badge: str
    detail: str
    today: str
    # Whose hours these are: a space id, or `building` (see `hours_subject`). A static export's kiosk.js
    # redoes "open now" in the browser from hours.json by it.
    subject: str = ""


@dataclass(frozen=True)
class LanguageLink:
    """One entry of the language switch: the language's own name and this page in it."""

    lang: Lang
    name: str
    tag: str
    url: str


@dataclass(frozen=True)
class PageContext:
    """Everything about this request that a page depends on, validated once."""

    site: Site
    lang: Lang
    now: dt.datetime
    carried: Mapping[str, str] = field(default_factory=dict)
    endpoint: str | None = None
    view_args: Mapping[str, Any] = field(default_factory=dict)
    query: str = ""  # the search text, carried into language links of the search page

    @property
    def building(self) -> Building:
        """The building this page shows."""
        return self.site.building

    @property
    def kiosk(self) -> Kiosk | None:
        """The kiosk this page is shown on (kiosk mode), if any."""
        return self.building.kiosk(self.carried.get("kiosk"))

    @property
    def origin(self) -> Kiosk | None:
        """The kiosk the visitor stands at or scanned at (or the entrance they chose): for "you are here"."""
        chosen = self.carried.get("kiosk") or self.carried.get("from")
        if "kiosk" in self.carried:
            return self.building.kiosk(chosen)
        return self.building.kiosk(chosen) or entrance_start(self.building, chosen)

    @property
    def large_text(self) -> bool:
        """Large-text mode (1.5×), a plain URL parameter so it works with JS off."""
        return self.carried.get("text") == "large"

    @property
    def high_contrast(self) -> bool:
        """High-contrast colours."""
        return self.carried.get("contrast") == "high"

    @property
    def low_reach(self) -> bool:
        """Low-reach layout: every control and the answer within 380-1,220 mm of the floor."""
        return self.carried.get("reach") == "low"

    @property
    def plan_above(self) -> bool:
        """Low reach on a screen with room above the band: the plan is shown there, larger, as a picture only."""
        kiosk = self.kiosk
        return self.low_reach and kiosk is not None and kiosk.mount.reach_band[0] >= PLAN_ABOVE_MIN

    @property
    def destination_step_free(self) -> bool:
        """Whether this page's destination is for visitors with prams or wheelchairs (kiosk/web/route_mode.py)."""
        return route_mode.destination_step_free(self.building, self.endpoint, self.view_args)

    @property
    def kiosk_prefers_step_free(self) -> bool:
        """Large text (older visitors) or low reach (a wheelchair) on the kiosk: lifts first."""
        return self.large_text or self.low_reach

    @property
    def step_free(self) -> bool:
        """Lifts only: when asked for, by default in large text or low reach, and to family places."""
        return route_mode.is_step_free(
            self.carried.get("route"), self.kiosk_prefers_step_free, self.destination_step_free
        )

    @property
    def route_reason(self) -> route_mode.Reason:
        """Why the page shows the route mode it does, so that it can say so."""
        return route_mode.route_reason(
            self.carried.get("route"), self.kiosk_prefers_step_free, self.destination_step_free
        )

    @property
    def code_route(self) -> str | None:
        """The `route=` a QR code of this page carries, so the phone shows the route this screen shows."""
        return route_mode.code_route(
            self.carried.get("route"), self.kiosk_prefers_step_free, self.destination_step_free
        )

    @property
    def html_lang(self) -> str:
        """The page's `lang` attribute."""
        return html_lang(self.lang)

    def t(self, key: str, **params: object) -> str:
        """A UI string in the page's language."""
        return translate(self.lang, key, **params)

    def t_in(self, lang: Lang, key: str, **params: object) -> str:
        """A UI string in another language (bilingual captions, the error page)."""
        return translate(lang, key, **params)

    def url(self, endpoint: str, **values: Any) -> str:
        """A link that keeps the page's language and carried parameters."""
        if "lang" not in values and endpoint.partition(".")[0] in LANGUAGE_BLUEPRINTS:
            values["lang"] = self.lang
        return link(self.carried, endpoint, **values)

    def same_page(self, lang: Lang | None = None, **changes: str | None) -> str:
        """This page (in `lang`), with carried parameters changed (None drops one); home if unsure."""
        values = {k: v for k, v in {**self.carried, **changes}.items() if v is not None}
        lang = lang or self.lang
        if self.endpoint is None or "lang" not in self.view_args:
            home: dict[str, Any] = {"lang": lang, **values}
            return url_for("directory.home", **home)
        extra = {"q": self.query} if self.query else {}
        arguments: dict[str, Any] = {**self.view_args, "lang": lang, **extra, **values}
        return url_for(self.endpoint, **arguments)

    def toggle(self, name: str, value: str) -> str:
        """This page with carried parameter `name` switched between `value` and absent."""
        return self.same_page(**{name: None if self.carried.get(name) == value else value})

    @property
    def language_links(self) -> tuple[LanguageLink, ...]:
        """This page in each of the building's other languages."""
        return tuple(
            LanguageLink(lang, language_name(lang), html_lang(lang), self.same_page(lang))
            for lang in other_languages(self.lang, self.site.languages)
        )

    def hours(self, expression: str, lang: Lang | None = None) -> HoursText:
        """Say whether `expression` is open now, until when, or when it next opens."""
        return describe_hours(expression, self.now, self.building.building.timezone, lang or self.lang)

    def space_hours(self, space: Space | None, lang: Lang | None = None) -> HoursText:
        """Like `hours`, for a space (None: the building) with closures, special hours and its status applied."""
        return describe_space_hours(self.building, space, self.now, lang or self.lang)


# Low reach moves the plan above the band when at least this share of the screen's height lies there
# (a quarter: 480 px of a portrait screen, 270 px of a landscape one); less, and it stays with the words.
PLAN_ABOVE_MIN = 0.25

# Blueprints whose routes start with /<lang>/: `PageContext.url` fills the language in.
LANGUAGE_BLUEPRINTS = frozenset({"directory", "search", "qr", "events", "layout", "reports"})


def describe_hours(expression: str, moment: dt.datetime, timezone: str, lang: Lang) -> HoursText:
    """Say whether `expression` is open at `moment`, until when, or when it next opens."""
    return describe_status(hours.status(expression, moment, timezone), moment, lang)


BUILDING_SUBJECT = "building"


def hours_subject(space: Space | None) -> str:
    """The key of a space's (or the building's) hours in a static export's hours.json."""
    return space.id if space is not None else BUILDING_SUBJECT


def describe_space_hours(building: Building, space: Space | None, moment: dt.datetime, lang: Lang) -> HoursText:
    """Like `describe_hours`, for a space (or the building) with closures and special hours applied."""
    return replace(_space_hours(building, space, moment, lang), subject=hours_subject(space))


def _space_hours(building: Building, space: Space | None, moment: dt.datetime, lang: Lang) -> HoursText:
    described = describe_status(schedule.status(building, space, moment), moment, lang)
    if space is None or space.status is None or described.is_open:
        return described
    # Moved, closed for good or renovating: say that instead of "no opening time is set".
    state = space.status
    moved = building.space(state.to or "") if state.state == "moved" else None
    if moved is not None:
        detail = translate(lang, "status.moved_short", place=moved.name(lang))
    elif state.state == "closed":
        detail = translate(lang, "status.closed_for_good")
    else:
        detail = described.detail or translate(lang, "status.renovation")
    return HoursText(False, described.badge, detail, described.today)


def describe_status(state: hours.Status, moment: dt.datetime, lang: Lang) -> HoursText:
    """Say whether a place is open at `moment`, until when, or when it next opens."""

    def say(key: str, **params: object) -> str:
        return translate(lang, key, **params)

    if state.is_open:
        detail = say("hours.until", time=state.closes_at.strftime("%H:%M")) if state.closes_at else ""
    elif state.opens_at:
        detail = say("hours.opens", when=format_when(state.opens_at, moment, lang))
    else:
        detail = say("hours.not_scheduled")
    today = say("hours.today", periods=", ".join(map(str, state.today))) if state.today else say("hours.closed_today")
    badge = say("hours.open_now" if state.is_open else "hours.closed_now")
    return HoursText(state.is_open, badge, detail, today)


def is_static_export() -> bool:
    """Whether this page is being written by `kiosk build` for a static host (kiosk/publish/build.py sets it)."""
    return bool(current_app.config.get("STATIC_EXPORT"))


def current_site() -> Site:
    """The site of this request (one snapshot, even if the file is reloaded meanwhile)."""
    if "site" not in g:
        g.site = current_app.extensions["kiosk.store"].current()
    return g.site


def current_page() -> PageContext:
    """The page context built for this request."""
    if "page" not in g:
        g.page = build_page_context()
    return g.page


def build_page_context() -> PageContext:
    """Read and validate this request's language and carried parameters, once."""
    site = current_site()
    view_args = dict(request.view_args or {})
    lang = view_args.get("lang") or site.default_language
    if lang not in site.languages:
        lang = site.default_language
    now = current_app.config["CLOCK"]().astimezone(site.building.tz)
    query = request.args.get("q", "", type=str)[:MAX_QUERY].strip()
    return PageContext(
        site=site,
        lang=lang,
        now=now,
        carried=read_carried(site.building, request.args),
        endpoint=request.endpoint,
        view_args=view_args,
        query=query,
    )


def init_app(app: Flask) -> None:
    """Build the page context before each request; unknown languages are a 404."""

    @app.before_request
    def build_context() -> None:
        page = current_page()
        asked = (request.view_args or {}).get("lang")
        if asked is not None and asked not in page.site.languages:
            abort(404)

    registry.skipped_for_kept_pages(app, build_context, "its 404 for an unknown language is never a kept page")
