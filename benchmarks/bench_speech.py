"""Read aloud: how long rendering every page's clips takes, and how much disk they need.

Renders, as the background thread does after a load, every clip of every page (home, each space, each
facility kind) in Chinese and English, for each kiosk and for phones, lifts-only or not, now and a few
minutes ahead; then prints clips, seconds, megabytes and minutes of speech. Needs espeak-ng (and sox
for the smaller 11 kHz 8-bit files). Run from the repository root: python benchmarks/bench_speech.py
[building.yaml ...] (default: floors.yaml and tests/buildings/tower-v2.yaml).
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
import time
import wave
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kiosk.load.loader import load_building, read_file  # noqa: E402
from kiosk.load.site import build_site  # noqa: E402
from kiosk.speech.clips import ClipStore, wanted_clips  # noqa: E402
from kiosk.speech.engine import find_engine  # noqa: E402

FRIDAY_MORNING = dt.datetime(2026, 11, 27, 2, 0, tzinfo=dt.UTC)  # 10:00 in Shanghai: open, routes and all


def measure(path: Path) -> None:
    """Render one building's clips into a fresh folder and print the figures."""
    engine = find_engine()
    if engine is None:
        sys.exit("espeak-ng is not installed: sudo apt-get install -y espeak-ng sox")
    content = read_file(path)
    site = build_site(load_building(path, content), content, path)
    started = time.perf_counter()
    wanted = wanted_clips(site, FRIDAY_MORNING)
    planned = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as folder:
        store = ClipStore(Path(folder), lambda: site, lambda: FRIDAY_MORNING, engine)
        started = time.perf_counter()
        made = store.render_pending(site, FRIDAY_MORNING)
        seconds = time.perf_counter() - started
        files = list(Path(folder).rglob("*.wav"))
        size = sum(f.stat().st_size for f in files)
        audio = 0.0
        for file in files:
            with wave.open(str(file)) as clip:
                audio += clip.getnframes() / clip.getframerate()
        print(
            f"{path.name}: {made} clips ({len(wanted)} page views), words planned in {planned:.1f} s, "
            f"rendered in {seconds:.1f} s ({seconds / max(made, 1) * 1000:.0f} ms a clip), "
            f"{size / 1e6:.1f} MB on disk, {audio / 60:.0f} min of speech, sox {'yes' if engine.sox else 'no'}"
        )


if __name__ == "__main__":
    for each in sys.argv[1:] or ["floors.yaml", "tests/buildings/tower-v2.yaml"]:
        measure(ROOT / each)
