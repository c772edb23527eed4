"""Read aloud: each page's clip, served from the clips rendered ahead of time.

/speech/<version>/<key>.<lang>.wav   one clip, for as long as its Site version is current

A page's clip is looked up, never rendered, on a visitor's request: when it is not on disk yet
(just after a reload) the page shows no button and no audio, as on a PC without espeak-ng.
"""

from __future__ import annotations

import re
from pathlib import Path

from flask import Blueprint, Flask, abort, current_app, send_file
from flask.typing import ResponseReturnValue

from kiosk.speech.clips import SUFFIX, ClipStore
from kiosk.speech.engine import find_engine
from kiosk.web.context import current_site

bp = Blueprint("speech", __name__)
CLIP_NAME = re.compile(rf"([0-9a-f]{{16}})\.([a-z]{{2,3}})\.{SUFFIX}")


def clips() -> ClipStore:
    """The app's clip store."""
    store: ClipStore = current_app.extensions["kiosk.speech"]
    return store


@bp.get("/speech/<version>/<name>")
def clip(version: str, name: str) -> ResponseReturnValue:
    """One rendered clip; only of the current Site version (an old page's clip is gone with it)."""
    found = CLIP_NAME.fullmatch(name)
    if found is None or version != current_site().version:
        abort(404)
    path = clips().path(version, found[1], found[2])
    if not path.is_file():
        abort(404)
    # Its name is its words' hash inside a version folder: it never changes, so a browser may keep it.
    response = send_file(path, mimetype="audio/wav", max_age=7 * 24 * 3600, conditional=True)
    response.headers["Cache-Control"] = "public, max-age=604800, immutable"
    return response


def speech_folder(app: Flask) -> Path:
    """Where clips are kept: $KIOSK_SPEECH_DIR, else a folder beside floors.yaml."""
    configured = app.config.get("SPEECH_DIR")
    return Path(configured) if configured else Path(app.config["KIOSK_CONFIG"]).with_name(".kiosk-speech")


FIRST_WAIT = 5.0  # seconds after start before the first clips: the first visitors' pages come first


def init_app(app: Flask) -> None:
    """Serve clips; start rendering them in the background (not under tests unless asked)."""
    store = app.extensions["kiosk.store"]
    # Tests read aloud only when they give clips a folder of their own (never the one beside the repo's floors.yaml).
    wanted = app.config.get("SPEECH", not app.testing or "SPEECH_DIR" in app.config)
    engine = find_engine() if wanted else None
    clip_store = ClipStore(speech_folder(app), store.current, lambda: app.config["CLOCK"](), engine)
    app.extensions["kiosk.speech"] = clip_store
    app.register_blueprint(bp)
    if app.config.get("SPEECH_THREAD", not app.testing):
        clip_store.start(after=float(app.config.get("SPEECH_FIRST_WAIT", FIRST_WAIT)))
