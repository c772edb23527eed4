"""What the kiosk chrome needs: idle settings, the home to reset to, and bilingual texts."""

from __future__ import annotations

from flask import Flask, g, url_for

from kiosk.building import LANGS
from kiosk.urls import current_kiosk, toggle_url
from kiosk.views.context import building, describe_hours, request_lang


def attract_hours() -> dict[str, object]:
    """The building's open/closed state in both languages, for the attract screen."""
    both = {lang: describe_hours(building().building.hours, lang) for lang in LANGS}
    return {"is_open": both["zh"].is_open, "text": both}


def attract_loop() -> dict[str, object]:
    """What the attract loop shows: the floors, top first, and the spaces open right now."""
    here = building()
    open_now = [
        {"label": floor.label, "zh": space.name("zh"), "en": space.name("en")}
        for floor in here.floors_top_down
        for space in here.spaces_on(floor.id)
        if describe_hours(here.hours_of(space), "zh").is_open
    ]
    floors = [{"label": f.label, "zh": f.name("zh"), "en": f.name("en")} for f in here.floors_top_down]
    return {"floors": floors, "open_now": open_now[:8]}


def init_app(app: Flask) -> None:
    """Give templates `chrome`: everything _kiosk_chrome.html shows or hands to kiosk.js."""

    @app.context_processor
    def kiosk_chrome() -> dict[str, object]:
        carried = g.get("carried", {})
        # Large text and high contrast are plain URL parameters, so they work with JS off.
        display = {"text-large": carried.get("text") == "large", "contrast-high": carried.get("contrast") == "high"}
        display_classes = " ".join(name for name, on in display.items() if on)
        kiosk = current_kiosk(building())
        if kiosk is None:
            return {"chrome": None, "display_classes": display_classes}
        lang = request_lang()
        return {
            "display_classes": display_classes,
            "chrome": {
                "settings": building().settings,
                # Idle reset starts the next visitor fresh: Chinese, standard text and colours.
                "home": url_for("directory.home", lang="zh", kiosk=kiosk.id),
                "large_text_url": toggle_url(lang, "text", "large"),
                "large_text": display["text-large"],
                "contrast_url": toggle_url(lang, "contrast", "high"),
                "contrast": display["contrast-high"],
                "hours": attract_hours(),
                "loop": attract_loop(),
            },
        }
