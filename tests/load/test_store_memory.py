"""Reloads do not leak memory.

v1 kept one YAML constructor for the life of the process, and it remembered every node it ever
built: each check of a 400 KB file added about 20 MB. Measured in a fresh subprocess, so
nothing else in the test run moves the figure.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.buildings import BUNDLED, ROOT

pytestmark = pytest.mark.slow

RELOADS = 50
ALLOWED_GROWTH_MB = 5.0

# Runs in the subprocess: reload a big floors.yaml RELOADS times through the store, as a live kiosk would.
MEASURE = """
import gc, json, os, sys
from pathlib import Path
from kiosk.load.store import BuildingStore

def rss_mb():
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS")) / 1024

path, reloads = Path(sys.argv[1]), int(sys.argv[2])
store = BuildingStore(path, check_every=0)

def reload():
    stat = path.stat()
    os.utime(path, (stat.st_atime, stat.st_mtime + 1))
    store.current()

for _ in range(3):  # warm up: caches, interned strings, the allocator's arenas
    reload()
gc.collect()
before = rss_mb()
for _ in range(reloads):
    reload()
gc.collect()
after = rss_mb()
spaces = len(store.site.building.spaces)
print(json.dumps({"before": before, "after": after, "refused": store.refused_count, "spaces": spaces}))
"""


def big_building(target: Path, rooms: int) -> Path:
    """The bundled building with `rooms` more spaces spread over its seven floors (about 350 bytes each)."""
    text = BUNDLED.read_text(encoding="utf-8")
    extra = "".join(
        f"  - id: room-{i}\n    name: {{zh: 活动室{i}号, en: Room {i}}}\n    floor: {i % 7 + 1}f\n"
        f"    category: learning\n    description: {{zh: 一间普通的活动室，可以预约, en: An activity room to book}}\n"
        f"    location: {{zh: 走廊尽头, en: At the end of the corridor}}\n    aliases: [活动室{i}, room{i}]\n"
        for i in range(rooms)
    )
    target.write_text(text.replace("\nfacilities:\n", "\n" + extra + "\nfacilities:\n", 1), encoding="utf-8")
    return target


def test_fifty_reloads_of_a_large_file_leave_rss_flat(tmp_path: Path) -> None:
    path = big_building(tmp_path / "floors.yaml", 300)
    assert path.stat().st_size > 100_000
    result = subprocess.run(
        [sys.executable, "-c", MEASURE, str(path), str(RELOADS)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    measured = json.loads(result.stdout)
    print(
        f"RSS over {RELOADS} reloads of {path.stat().st_size:,} bytes: "
        f"{measured['before']:.1f} → {measured['after']:.1f} MB"
    )
    assert measured["spaces"] == 316 and measured["refused"] == 0
    assert measured["after"] - measured["before"] < ALLOWED_GROWTH_MB
