"""Build the search index in a child process, so the server never holds pypinyin's dictionaries.

pypinyin's phrase dictionary costs about 55 MB of resident memory once imported, and the server
needs it only for the few seconds it takes to turn the building's names into pinyin. A child
process does that and hands back the index as JSON; the server's memory stays small. If the
child cannot run, the index is built in this process, as before. `site.build_site` calls this
for every load and reload, so `Site.search_index` is the same either way.

    python -m kiosk.search.build < building.json > index.json
"""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

from kiosk.model.building import Building
from kiosk.search.index import SearchIndex, build_index

log = logging.getLogger(__name__)
CHILD_TIMEOUT_SECONDS = 60
PACKAGE_DIR = str(Path(__file__).resolve().parent.parent)  # the child runs this very copy of kiosk
# The child runs this module with `kiosk` as a bare package: kiosk/__init__.py imports Flask and the
# whole app, which the child does not need (0.4 s of a cold start, and 10 MB).
CHILD_BOOT = (
    "import runpy, sys, types; "
    "package = types.ModuleType('kiosk'); package.__path__ = [sys.argv[1]]; sys.modules['kiosk'] = package; "
    "runpy.run_module('kiosk.search.build', run_name='__main__')"
)


_in_child = False  # `kiosk serve` turns this on; tests and `flask run` build in-process (no process per test)


def use_child_process(enabled: bool = True) -> None:
    """Build search indexes in a child process from now on (the long-running server)."""
    global _in_child
    _in_child = enabled


_first_later = False  # `kiosk serve`: the first load's index is made on a thread (site.PendingIndex)


def index_first_load_later(enabled: bool = True) -> None:
    """Make the first load's search index in the background: the server answers before it is ready."""
    global _first_later
    _first_later = enabled


def first_load_later() -> bool:
    """Whether the first load's search index is made in the background (see `index_first_load_later`)."""
    return _first_later


def build_index_isolated(building: Building) -> SearchIndex:
    """The building's search index (same result as `search.build_index`), in a child process when enabled."""
    if not _in_child:
        return build_index(building)
    return tuple(json.loads(_index_json(building.model_dump_json())))


@lru_cache(maxsize=4)
def _index_json(building_json: str) -> str:
    """The index for one building as JSON, made by a child process (once per building and process)."""
    try:
        done = subprocess.run(
            [sys.executable, "-c", CHILD_BOOT, PACKAGE_DIR],
            input=building_json,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=CHILD_TIMEOUT_SECONDS,
            check=True,
        )
        if not isinstance(json.loads(done.stdout), list):  # refuse anything but the index
            raise ValueError("the child did not write a list")
        return done.stdout
    except (OSError, subprocess.SubprocessError, ValueError) as error:
        log.warning("building the search index in this process (child failed: %s)", error)
        return json.dumps(build_index(Building.model_validate_json(building_json)), ensure_ascii=False)


def main() -> None:
    """Read a building as JSON on stdin, write its search index as JSON on stdout."""
    building = Building.model_validate_json(sys.stdin.buffer.read())
    sys.stdout.buffer.write(json.dumps(build_index(building), ensure_ascii=False).encode("utf-8"))


if __name__ == "__main__":
    main()
