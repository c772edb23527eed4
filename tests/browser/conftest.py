"""Browser fixtures: the app under waitress in a subprocess, and Debian's Chromium via Playwright.

The server runs as in production (`python -m kiosk serve`) on a free port; Chromium is
/usr/bin/chromium because `playwright install` cannot download browsers here.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright
from playwright.sync_api import Error as PlaywrightError

from tests.helpers.buildings import TOWER
from tests.helpers.servers import free_port

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "tests" / "screenshots"
CHROMIUM = os.environ.get("KIOSK_CHROMIUM", "/usr/bin/chromium")
# Without these Chromium floods a closed network with update and sync connections.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PORTRAIT = {"width": 1080, "height": 1920}
LANDSCAPE = {"width": 1920, "height": 1080}
PHONE = {"width": 360, "height": 740}


# The address phones would open, as the installer sets it: the kiosk shows its QR codes.
PUBLIC_URL = "https://kiosk.example.org"


def start_server(config: Path, port: int, env: dict[str, str] | None = None) -> subprocess.Popen:
    """`python -m kiosk serve --public-url ...` on `port`, waiting until /healthz answers.

    Speech clips are not rendered (that costs CPU the other tests need) and go to a folder of their own:
    a test about Read aloud renders the clips it needs and passes KIOSK_SPEECH_DIR in `env`."""
    # The lobby listener on another free port: port + 1 may belong to someone else's server.
    command = [sys.executable, "-m", "kiosk", "serve", "--port", str(port), "--lobby-port", str(free_port())]
    command += ["--config", str(config)]
    process = subprocess.Popen(
        [*command, "--public-url", PUBLIC_URL],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, **quiet_speech(), **(env or {})},
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited: {process.stderr.read().decode()}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1) as response:
                if response.status == 200:
                    return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("server did not answer /healthz within 30 s")


def quiet_speech() -> dict[str, str]:
    """Environment for a test server that renders no speech clips and reads none from beside the repo."""
    return {"KIOSK_SPEECH_THREAD": "false", "KIOSK_SPEECH_DIR": tempfile.mkdtemp(prefix="kiosk-speech-")}


def stop_server(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


@contextmanager
def serving(config: Path, env: dict[str, str] | None = None) -> Iterator[str]:
    """`config` served by `python -m kiosk serve` on a free port while the block runs; yields its address."""
    port = free_port()
    process = start_server(config, port, env)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        stop_server(process)


@pytest.fixture(scope="session")
def base_url() -> Iterator[str]:
    """The shipped floors.yaml, served by waitress."""
    with serving(ROOT / "floors.yaml") as url:
        yield url


@pytest.fixture(scope="session")
def tower_url() -> Iterator[str]:
    """The second test building (tests/buildings/tower-v2.yaml: B2..11F, G, M; zh/en/ja), served the same way."""
    with serving(TOWER) as url:
        yield url


@pytest.fixture(scope="session")
def short_idle_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A second server whose floors.yaml sets the shortest idle times allowed."""
    text = (ROOT / "floors.yaml").read_text(encoding="utf-8")
    for old, new in [("idle_seconds: 90", "idle_seconds: 15"), ("attract_seconds: 60", "attract_seconds: 10")]:
        assert old in text
        text = text.replace(old, new)
    text = text.replace("countdown_seconds: 30", "countdown_seconds: 20")
    config = tmp_path_factory.mktemp("short") / "floors.yaml"
    config.write_text(text, encoding="utf-8")
    with serving(config) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium fonts-noto-cjk (see README)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def new_context(browser: Browser, viewport: dict, **options: object) -> BrowserContext:
    """A touch-screen context; a test failure never leaves a context open for the next test."""
    context = browser.new_context(viewport=viewport, has_touch=True, locale="zh-CN", **options)
    context.set_default_timeout(10_000)
    return context


@pytest.fixture
def kiosk(browser: Browser) -> Iterator[Page]:
    """The lobby screen: 1080×1920 portrait, touch."""
    context = new_context(browser, PORTRAIT)
    yield context.new_page()
    context.close()


@pytest.fixture
def phone_nojs(browser: Browser) -> Iterator[Page]:
    """A phone with JavaScript off (the no-JS fallback every page must keep)."""
    context = new_context(browser, PHONE, is_mobile=True, java_script_enabled=False)
    yield context.new_page()
    context.close()


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    """A phone with JavaScript on (WeChat's browser is Chromium-based on Android)."""
    context = new_context(browser, PHONE, is_mobile=True)
    yield context.new_page()
    context.close()


def load_frozen(page: Page, url: str, start: dt.datetime) -> None:
    """Load `url` with the page's clock paused from before its first script: its time is `start` + 1 s
    until run_for moves it, however long loading takes (timers the page sets while loading count from
    exactly there; `load_paused` lets time run until the page is loaded)."""
    page.clock.install(time=start)
    page.clock.pause_at(start + dt.timedelta(seconds=1))
    page.goto(url)
    page.wait_for_load_state("networkidle")


def load_paused(page: Page, url: str, start: dt.datetime) -> None:
    """Load `url` with the page's clock installed and paused: only run_for moves time."""
    page.clock.install(time=start)
    page.goto(url)
    page.wait_for_load_state("networkidle")
    # Pause 1 s in, or just after "now" if loading took longer on a busy machine. Pausing in the
    # page's past is an error, and on a loaded machine "now" can pass while we ask: try again later.
    for margin_ms in (200, 1_000, 3_000):
        page_now = dt.datetime.fromtimestamp(page.evaluate("Date.now()") / 1000, tz=dt.UTC)
        try:
            page.clock.pause_at(max(start + dt.timedelta(seconds=1), page_now + dt.timedelta(milliseconds=margin_ms)))
            return
        except PlaywrightError as error:
            if "past" not in str(error):
                raise
    raise RuntimeError("could not pause the page clock: the machine is too busy")


def shoot(page: Page, name: str) -> None:
    """Save a screenshot of the viewport into tests/screenshots/ for a human to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


# Our own kiosk rules, measured in the page: axe checks target size only at 24 px.
MEASURE_RULES = """
() => {
  // What a visitor sees of an element: a plan framed on the route clips the rooms outside its frame.
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    const svg = el.closest('svg');
    if (!svg || svg === el) return r;
    const f = svg.getBoundingClientRect();
    const left = Math.max(r.left, f.left), right = Math.min(r.right, f.right);
    const top = Math.max(r.top, f.top), bottom = Math.min(r.bottom, f.bottom);
    return {left, right, top, bottom, width: Math.max(0, right - left), height: Math.max(0, bottom - top)};
  };
  const shown = (el) => {
    const r = visible(el);
    return r.width > 0 && r.height > 0 && r.right > 0 && r.left < innerWidth && !el.closest('[hidden]')
      && getComputedStyle(el).visibility !== 'hidden';
  };
  const describe = (el) => el.outerHTML.replace(/\\s+/g, ' ').slice(0, 90);
  const targets = [...document.querySelectorAll('a[href], button, input:not([type=hidden])')].filter(shown);
  const small = targets.filter((el) => {
    const r = el.getBoundingClientRect();
    return r.width < 60 || r.height < 60;
  }).map(describe);
  const crowded = [];
  for (let i = 0; i < targets.length; i++) {
    for (let j = i + 1; j < targets.length; j++) {
      const a = targets[i], b = targets[j];
      if (a.contains(b) || b.contains(a)) continue;
      if (Boolean(a.closest('.dock')) !== Boolean(b.closest('.dock'))) continue; // the dock floats over content
      // Rooms on a floor plan touch as the walls do: a map is WCAG 2.5.8's "essential" exception.
      if (a.closest('.plan-room') && b.closest('.plan-room')) continue;
      // The Whole floor button floats over the plan, as a map's zoom buttons do.
      const whole = (x, y) => x.closest('.plan-whole') && y.closest('.plan-room');
      if (whole(a, b) || whole(b, a)) continue;
      const ra = visible(a), rb = visible(b);
      const gap = Math.max(ra.left - rb.right, rb.left - ra.right, ra.top - rb.bottom, rb.top - ra.bottom);
      if (gap < 8) crowded.push(describe(a) + ' <-> ' + describe(b));
    }
  }
  const tiny = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, parent = node.parentElement;
    if (!node.textContent.trim() || !parent || !shown(parent)) continue;
    if (parent.closest('.visually-hidden, script, template')) continue;
    // SVG text (the floor plans) is sized in user units: scale it to what the screen shows.
    const ctm = parent.closest('svg') && parent.getScreenCTM ? parent.getScreenCTM() : null;
    const scale = ctm ? Math.hypot(ctm.a, ctm.b) : 1;
    const size = Math.round(parseFloat(getComputedStyle(parent).fontSize) * scale * 10) / 10;
    if (size < 24) tiny.push(size + 'px: ' + node.textContent.trim().slice(0, 30));
  }
  return {
    small, crowded, tiny,
    bodyFont: parseFloat(getComputedStyle(document.body).fontSize),
    rootFont: parseFloat(getComputedStyle(document.documentElement).fontSize),
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth,
  };
}
"""
