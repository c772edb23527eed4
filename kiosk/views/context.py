"""What every request and template can use: the building, the language, kiosk mode, hours."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import partial

from flask import Flask, current_app, g, request

from kiosk import hours, schedule
from kiosk.building import DEFAULT_LANG, Building, Lang, Space
from kiosk.i18n import format_when, is_language, other_language, translate
from kiosk.urls import current_kiosk, language_switch_url, origin_kiosk, page_url, read_kiosk_params


def building() -> Building:
    """The building of this request (one snapshot, even if the file is reloaded meanwhile)."""
    if "building" not in g:
        g.building = current_app.extensions["kiosk.store"].current()
    return g.building


def now() -> dt.datetime:
    """The current time in the building's time zone (the clock is swappable for tests)."""
    return current_app.config["CLOCK"]().astimezone(building().tz)


def request_lang() -> Lang:
    """The language of this page, from its URL."""
    lang = (request.view_args or {}).get("lang", DEFAULT_LANG)
    return lang if is_language(lang) else DEFAULT_LANG


@dataclass(frozen=True)
class HoursText:
    """Opening hours ready to show: a badge, what happens next, and today's hours."""

    is_open: bool
    badge: str
    detail: str
    today: str


def describe_hours(expression: str, lang: Lang) -> HoursText:
    """Say whether `expression` is open now, until when, or when it next opens."""
    return describe_status(hours.status(expression, now(), building().building.timezone), lang)


def describe_space_hours(space: Space | None, lang: Lang) -> HoursText:
    """Like `describe_hours`, for a space (or the building) with closures and special hours applied."""
    described = describe_status(schedule.status(building(), space, now()), lang)
    if space is None or space.status is None or described.is_open:
        return described
    # Moved, closed for good or renovating: say that instead of "no opening time is set".
    state = space.status
    moved = building().space(state.to or "") if state.state == "moved" else None
    if moved is not None:
        detail = translate(lang, "status.moved_short", place=moved.name(lang))
    elif state.state == "closed":
        detail = translate(lang, "status.closed_for_good")
    else:
        detail = described.detail or translate(lang, "status.renovation")
    return HoursText(False, described.badge, detail, described.today)


def describe_status(state: hours.Status, lang: Lang) -> HoursText:
    """Say whether a place is open now, until when, or when it next opens."""
    moment = now()
    say = partial(translate, lang)
    if state.is_open:
        detail = say("hours.until", time=state.closes_at.strftime("%H:%M")) if state.closes_at else ""
    elif state.opens_at:
        detail = say("hours.opens", when=format_when(state.opens_at, moment, lang))
    else:
        detail = say("hours.not_scheduled")
    today = say("hours.today", periods=", ".join(map(str, state.today))) if state.today else say("hours.closed_today")
    return HoursText(state.is_open, say("hours.open_now" if state.is_open else "hours.closed_now"), detail, today)


def init_app(app: Flask) -> None:
    """Load the building and kiosk parameters per request; give templates their helpers."""

    @app.before_request
    def remember_kiosk() -> None:
        g.carried = read_kiosk_params(building())

    @app.context_processor
    def template_helpers() -> dict[str, object]:
        lang = request_lang()
        return {
            "building": building(),
            "info": building().building,
            "lang": lang,
            "other_lang": other_language(lang),
            "t": partial(translate, lang),
            "translate": translate,
            "url": page_url,
            "switch_language_url": lambda: language_switch_url(lang),
            "kiosk": current_kiosk(building()),
            "origin": origin_kiosk(building()),
            "hours_of": lambda expression: describe_hours(expression, lang),
            "space_hours": lambda space=None: describe_space_hours(space, lang),
            "today": now().date(),
        }
