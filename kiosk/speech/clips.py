"""Clips rendered ahead of time, on disk, for every page and language of the current Site.

A visitor's tap must speak within 300 ms and the lobby PC has no network: so a background thread
renders every page's clip for each kiosk (and for phones) as soon as a Site is loaded, and again
shortly before anything a page says changes (a space opens or closes, a notice starts). A page shows
its Read aloud button only when its clip is on disk; nothing is ever rendered on a visitor's request.

Files: <folder>/<site version>/<key>.<lang>.wav, the key a hash of the exact words, so the URL of a
clip is stable for its Site version and an unchanged sentence is never rendered twice.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import shutil
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.load.site import Site
from kiosk.speech.engine import VOICES, WORDS_PER_MINUTE, Engine
from kiosk.speech.text import SPEECH_LANGUAGES, Listener, page_sentences
from kiosk.timetable.schedule import next_change
from kiosk.ways.routing import start_kiosk

log = logging.getLogger(__name__)
SUFFIX = "wav"
TICK_SECONDS = 60.0  # how often the renderer looks for words that changed (open → closed, a new notice)
AHEAD = (dt.timedelta(0), dt.timedelta(minutes=3))  # render what pages say now and in a few minutes


@dataclass(frozen=True)
class PageOf:
    """One page a clip is for: its endpoint and URL values (the language is the listener's)."""

    endpoint: str
    values: tuple[tuple[str, str], ...] = ()

    @property
    def view_args(self) -> dict[str, Any]:
        """The values as a view's arguments."""
        return dict(self.values)


def speech_pages(site: Site) -> list[PageOf]:
    """Every page that has something to read aloud: home, each space, each facility kind the building has."""
    building = site.building
    pages = [PageOf("directory.home")]
    pages += [PageOf("directory.space", (("space_id", s.id),)) for s in building.spaces]
    pages += [PageOf("directory.facility_kind", (("kind", k.id),)) for k in building.kinds_present()]
    return pages


def clip_key(lang: str, sentences: tuple[str, ...]) -> str:
    """The file name's key: a hash of the exact words and how they are said."""
    said = "|".join((VOICES.get(lang, ""), str(WORDS_PER_MINUTE), lang, *sentences))
    return hashlib.sha256(said.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Wanted:
    """One clip a page will ask for: its words, and which kiosk's offline copy needs it."""

    key: str
    lang: str
    sentences: tuple[str, ...]
    kiosk: str | None  # None: phones (no kiosk); a kiosk's offline copy takes its own


def listeners(site: Site, moment: dt.datetime) -> Iterator[tuple[str | None, Listener]]:
    """Every viewpoint a page is read from: each kiosk (routes from it), then phones, lifts-only or not."""
    building = site.building
    origins = [(k.id, k) for k in building.kiosks if k.at is not None]
    if not origins and start_kiosk(building, None) is None:
        origins = []
    for lang in (lang for lang in site.languages if lang in SPEECH_LANGUAGES):
        for kiosk_id, origin in [*origins, (None, None)]:
            for step_free in (False, True):
                yield kiosk_id, Listener(lang, moment, origin, step_free)


def wanted_clips(site: Site, now: dt.datetime) -> list[Wanted]:
    """Every clip the site's pages will ask for now and shortly, kiosks first (their visitors wait at the screen)."""
    found: dict[tuple[str, str, str | None], Wanted] = {}
    pages = speech_pages(site)
    for ahead in AHEAD:
        moment = (now + ahead).astimezone(site.building.tz)
        for kiosk_id, listener in listeners(site, moment):
            for page in pages:
                said = page_sentences(site.building, site.network, page.endpoint, page.view_args, listener)
                if said:
                    key = clip_key(listener.lang, said)
                    found.setdefault((key, listener.lang, kiosk_id), Wanted(key, listener.lang, said, kiosk_id))
    return list(found.values())


@dataclass
class ClipStore:
    """The clips of the current Site on disk, and the thread that renders them ahead of time."""

    folder: Path
    site_of: Callable[[], Site]
    clock: Callable[[], dt.datetime]
    engine: Engine | None
    rendered: int = 0  # clips made since start, for the log and tests
    generation: int = 0  # one more after each pass that made clips: the kiosks' offline copies take the new ones
    _kiosk_keys: dict[tuple[str, str | None], set[str]] = field(default_factory=dict)  # (version, kiosk) → keys
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _stop: threading.Event = field(default_factory=threading.Event)
    _fresh: tuple[str, dt.datetime] | None = None  # (version, until when) the clips on disk say what pages say

    def path(self, version: str, key: str, lang: str) -> Path:
        """Where a clip is kept (it may not be there yet)."""
        return self.folder / version / f"{key}.{lang}.{SUFFIX}"

    def ready(self, version: str, key: str, lang: str) -> bool:
        """Whether a clip has been rendered (a missing one means no button)."""
        return self.engine is not None and self.path(version, key, lang).is_file()

    def kiosk_clips(self, site: Site, kiosk_id: str) -> list[tuple[str, str]]:
        """The (key, lang) of every rendered clip a kiosk's pages ask for: its offline copy keeps them."""
        version = site.version
        with self._lock:
            planned = (version, kiosk_id) in self._kiosk_keys
        if not planned and self.engine is not None:
            self.plan(site, self.clock())  # words only (a second at most), asked by the kiosk's worker, not a visitor
        with self._lock:
            keys = sorted(self._kiosk_keys.get((version, kiosk_id), set()))
        return [tuple(k.split(".", 1)) for k in keys if self.path(version, *k.split(".", 1)).is_file()]  # type: ignore[misc]

    def plan(self, site: Site, now: dt.datetime) -> list[Wanted]:
        """The clips the site's pages want now and shortly, noting which kiosk's offline copy needs which."""
        wanted = wanted_clips(site, now)
        with self._lock:
            for each in wanted:
                if each.kiosk is not None:
                    self._kiosk_keys.setdefault((site.version, each.kiosk), set()).add(f"{each.key}.{each.lang}")
        return wanted

    def render_pending(self, site: Site | None = None, now: dt.datetime | None = None) -> int:
        """Render every clip the site's pages want and do not have yet; returns how many were made."""
        if self.engine is None:
            return 0
        site = site or self.site_of()
        made = 0
        for wanted in self.plan(site, now or self.clock()):
            if self._stop.is_set():
                break
            out = self.path(site.version, wanted.key, wanted.lang)
            if out.is_file():
                continue
            try:
                self.engine.render(" ".join(wanted.sentences), wanted.lang, out)
            except Exception:  # one sentence espeak-ng chokes on costs its page the button, nothing else
                log.exception("speech: could not render a clip for %s", out.name)
                continue
            made += 1
        self.rendered += made
        if made:
            self.generation += 1
        self._prune(site.version)
        return made

    def _prune(self, version: str) -> None:
        """Drop the folders of older Site versions: their pages are gone."""
        if not self.folder.is_dir():
            return
        for old in self.folder.iterdir():
            if old.is_dir() and old.name != version:
                shutil.rmtree(old, ignore_errors=True)

    def start(self, after: float = 0.0) -> None:
        """Render in the background, `after` seconds from now, then every `TICK_SECONDS`, until the process ends.

        The wait lets a cold start answer its first visitors before the clips' words (China's calendar, pinyin)
        are loaded and rendered beside them.
        """
        if self.engine is None:
            return
        self._first_wait = after
        threading.Thread(target=self._run, name="speech-clips", daemon=True).start()

    def stop(self) -> None:
        """Ask the background thread to stop after its current clip."""
        self._stop.set()

    def tick(self) -> int:
        """One look: render what changed, unless the words cannot have changed since the last look."""
        site, now = self.site_of(), self.clock()
        if self._fresh is not None and self._fresh[0] == site.version and now < self._fresh[1]:
            return 0  # same file, and no space has opened or closed, no notice started or ended
        made = self.render_pending(site, now)
        # Words change only when the file does or at the next opening, closing, notice or outage boundary;
        # the clips for then are made AHEAD of it, so look again that much earlier.
        self._fresh = (site.version, next_change(site.building, now) - AHEAD[-1])
        return made

    def _run(self) -> None:
        if self._stop.wait(getattr(self, "_first_wait", 0.0)):
            return
        while not self._stop.is_set():
            try:
                made = self.tick()
                if made:
                    log.info("speech: rendered %d clip(s) for version %s", made, self.site_of().version)
            except Exception:  # the thread must outlive a bad moment: pages just show no button meanwhile
                log.exception("speech: rendering clips failed; trying again later")
            self._stop.wait(TICK_SECONDS)
