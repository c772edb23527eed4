"""Read aloud: the page's clip as its template shows it, when one has been rendered.

The clip is looked up, never rendered, on a visitor's request (kiosk/speech/clips.py renders them ahead of
time): a page whose clip is not on disk yet shows no button and no audio, as on a PC without espeak-ng.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, url_for

from kiosk.speech.clips import SUFFIX, clip_key
from kiosk.speech.text import Listener, page_sentences
from kiosk.web.context import PageContext, is_static_export

VOLUME = {"speaker": 1.0, "headphone": 0.5}  # headphones start quieter: the visitor turns them up


@dataclass(frozen=True)
class PageSpeech:
    """A page's clip as the template shows it: its URL, words (for captions and tests) and default volume."""

    url: str
    lang: str
    text: str
    output: str  # speaker or headphone (settings.speech)
    volume: float


def page_speech(page: PageContext) -> PageSpeech | None:
    """The clip of this page in its language, if it has one and it is rendered (else no button)."""
    store = current_app.extensions.get("kiosk.speech")
    if store is None or store.engine is None or is_static_export():  # a static host has no /speech/ files
        return None
    listener = Listener(page.lang, page.now, page.origin if page.origin and page.origin.at else None, page.step_free)
    said = page_sentences(page.building, page.site.network, page.endpoint, page.view_args, listener)
    if not said:
        return None
    key = clip_key(page.lang, said)
    if not store.ready(page.site.version, key, page.lang):
        return None
    output = page.building.settings.speech
    url = url_for("speech.clip", version=page.site.version, name=f"{key}.{page.lang}.{SUFFIX}")
    return PageSpeech(url, page.lang, " ".join(said), output, VOLUME[output])
