"""Read aloud on the lobby screen: the button plays the page's clip, stops when tapped again,
when the page changes and at the idle reset, and the volume goes back to the default for the next visitor.

The clips are rendered here for the one page the test opens (not the whole building: the suite stays
quick), into a folder the server is told about; the server itself renders nothing (KIOSK_SPEECH_THREAD).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from kiosk.load.loader import load_building, read_file
from kiosk.load.site import build_site
from kiosk.speech.clips import AHEAD, ClipStore, clip_key
from kiosk.speech.engine import find_engine
from kiosk.speech.text import Listener, page_sentences
from tests.browser.conftest import PORTRAIT, load_frozen, new_context, serving, start_server, stop_server
from tests.helpers.buildings import ROOT
from tests.helpers.servers import free_port

pytestmark = pytest.mark.skipif(
    shutil.which("espeak-ng") is None and not os.environ.get("CI"),
    reason="espeak-ng is not installed (scripts/test.sh installs it)",
)
HOME = re.compile(r"/zh/\?kiosk=lobby$")
PAGE = "/zh/spaces/library?kiosk=lobby"
# What the page records: its clip's media events, through a binding that outlives page changes.
WATCH = """() => {
  const audio = document.querySelector('audio[data-speech]');
  for (const name of ['playing', 'pause']) audio.addEventListener(name, () => window.speechEvent(name));
}"""


# True once the worker controls the page and its complete copy (the manifest written last) holds the clip.
HAS_CLIP = """async (src) => {
  if (!navigator.serviceWorker || !navigator.serviceWorker.controller) return false;
  for (const name of await caches.keys()) {
    if (!name.startsWith('kiosk-copy-')) continue;
    const cache = await caches.open(name);
    if (await cache.match('/offline/__copy__') && await cache.match(src)) return true;
  }
  return false;
}"""


def render_library_clips(config: Path, folder: Path) -> None:
    """The library page's clip for the lobby kiosk, as the server will word it now or in the next minutes."""
    content = read_file(config)
    site = build_site(load_building(config, content), content, config)
    store = ClipStore(folder, lambda: site, lambda: dt.datetime.now(dt.UTC), find_engine())
    assert store.engine is not None
    now = dt.datetime.now(dt.UTC)
    for ahead in (*AHEAD, dt.timedelta(minutes=-1)):
        listener = Listener("zh", (now + ahead).astimezone(site.building.tz), site.building.kiosk("lobby"))
        words = page_sentences(site.building, site.network, "directory.space", {"space_id": "library"}, listener)
        out = store.path(site.version, clip_key("zh", words), "zh")
        if not out.is_file():
            store.engine.render(" ".join(words), "zh", out)


@pytest.fixture(scope="module")
def speaking_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The shipped building with the shortest idle times, and the library page's clip rendered."""
    text = (ROOT / "floors.yaml").read_text(encoding="utf-8")
    for old, new in [("idle_seconds: 90", "idle_seconds: 15"), ("countdown_seconds: 30", "countdown_seconds: 20")]:
        text = text.replace(old, new)
    folder = tmp_path_factory.mktemp("speaking")
    config = folder / "floors.yaml"
    config.write_text(text, encoding="utf-8")
    clips = folder / "clips"
    render_library_clips(config, clips)
    with serving(config, env={"KIOSK_SPEECH_DIR": str(clips)}) as url:
        yield url


def test_read_aloud_plays_stops_on_tap_on_page_change_and_at_the_idle_reset(kiosk: Page, speaking_url: str):
    events: list[str] = []
    kiosk.expose_function("speechEvent", lambda name: events.append(name))
    load_frozen(kiosk, speaking_url + PAGE, dt.datetime.now(dt.UTC))
    button = kiosk.locator("[data-speech-button]")
    expect(button).to_have_text(re.compile("朗读"))
    assert kiosk.locator("audio[data-speech]").evaluate("a => a.paused && !a.autoplay")  # nothing said unasked
    kiosk.evaluate(WATCH)

    button.tap()
    kiosk.wait_for_function("() => !document.querySelector('audio[data-speech]').paused")
    expect(button).to_have_attribute("aria-pressed", "true")
    kiosk.wait_for_timeout(300)
    assert "playing" in events
    button.tap()  # tap again: stop
    expect(button).to_have_attribute("aria-pressed", "false")
    assert kiosk.locator("audio[data-speech]").evaluate("a => a.paused")

    # Quieter, then the idle reset: speech stops and the next visitor starts at the default volume.
    kiosk.locator("[data-speech-volume='-1']").tap()
    assert kiosk.locator("audio[data-speech]").evaluate("a => a.volume") == pytest.approx(0.85)
    button.tap()
    kiosk.wait_for_function("() => !document.querySelector('audio[data-speech]').paused")
    events.clear()
    kiosk.clock.run_for(15_500)
    expect(kiosk.locator("#idle")).to_be_visible()
    kiosk.clock.run_for(20_500)
    kiosk.wait_for_url(HOME)
    assert "pause" in events  # stopped by the reset itself, before the home page came
    assert kiosk.evaluate("sessionStorage.getItem('kiosk.speech.volume')") is None


def test_read_aloud_stops_when_a_tap_swaps_in_another_page(kiosk: Page, speaking_url: str):
    events: list[str] = []
    kiosk.expose_function("speechEvent", lambda name: events.append(name))
    kiosk.goto(speaking_url + PAGE)
    kiosk.wait_for_load_state("networkidle")
    kiosk.evaluate(WATCH)
    kiosk.locator("[data-speech-button]").tap()
    kiosk.wait_for_function("() => !document.querySelector('audio[data-speech]').paused")
    events.clear()
    kiosk.evaluate("window.sameDocument = true")
    kiosk.locator(".floor-nav a").first.tap()  # the library's floor: swapped in, no page load
    kiosk.wait_for_url(re.compile(r"/zh/floors/3f"))
    assert kiosk.evaluate("window.sameDocument") is True
    kiosk.wait_for_timeout(200)
    assert events == ["pause"]


def test_read_aloud_plays_from_the_offline_copy_with_the_server_killed(browser: Browser, tmp_path: Path):
    config = tmp_path / "floors.yaml"
    shutil.copy(ROOT / "floors.yaml", config)
    clips = tmp_path / "clips"
    render_library_clips(config, clips)
    port = free_port()
    process = start_server(config, port, {"KIOSK_SPEECH_DIR": str(clips)})
    url = f"http://127.0.0.1:{port}"
    context = new_context(browser, PORTRAIT)
    page = context.new_page()
    try:
        page.goto(url + PAGE)
        src = page.locator("audio[data-speech]").get_attribute("src")
        assert src and src.startswith("/speech/")
        # The lobby's worker copies every page, and the clips its pages play, before it takes over.
        deadline = time.monotonic() + 60
        while not page.evaluate(HAS_CLIP, src):  # evaluate awaits the promise (wait_for_function would not)
            assert time.monotonic() < deadline, "the offline copy never held the clip"
            time.sleep(0.2)
        process.kill()  # a crash, not a clean stop
        process.wait(timeout=10)
        page.goto(url + "/zh/?kiosk=lobby")
        page.goto(url + PAGE)  # from the copy
        events: list[str] = []
        page.expose_function("speechEvent", lambda name: events.append(name))
        page.evaluate(WATCH)
        page.locator("[data-speech-button]").tap()
        page.wait_for_function("() => !document.querySelector('audio[data-speech]').paused")
        page.wait_for_timeout(300)
        assert "playing" in events
    finally:
        context.close()
        if process.poll() is None:
            stop_server(process)
