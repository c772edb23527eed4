"""Rendering a page: its template with the page context, its view model and the kiosk's chrome."""

from __future__ import annotations

from typing import Any

from flask import render_template

from kiosk.model.i18n import translate
from kiosk.timetable import status
from kiosk.web.chrome import chrome_for, display_classes, screen_attributes
from kiosk.web.context import PageContext
from kiosk.web.models.corner_code import screen_code
from kiosk.web.models.speech import page_speech


def render(template: str, page: PageContext, **model: Any) -> str:
    """Render a page template with its page context and view model, and the kiosk chrome."""
    return render_template(
        template,
        page=page,
        lang=page.lang,
        t=page.t,
        url=page.url,
        translate=translate,
        info=page.building.building,
        chrome=chrome_for(page),
        display_classes=display_classes(page),
        screen_attributes=screen_attributes(page.kiosk if page.low_reach else None),  # the screen's mount
        screen_code=screen_code(page),
        urgent=status.urgent_notices(page.building, page.now),  # a banner on every page until they end
        speech=page_speech(page),  # the page's clip, when one is rendered
        **model,
    )
