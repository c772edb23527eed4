"""Build the search index in a child process, so the server never holds pypinyin's dictionaries (issue 12).

pypinyin's phrase dictionary costs about 55 MB of resident memory once imported, and the server
needs it only for the few seconds it takes to turn the building's names into pinyin. A child
process does that and hands back the index as JSON; the server's memory stays small. If the
child cannot run, the index is built in this process, as before.

    python -m kiosk.searchbuild < building.json > index.json
"""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from functools import lru_cache

from kiosk.building import Building

log = logging.getLogger(__name__)
CHILD_TIMEOUT_SECONDS = 60


_in_child = False  # `kiosk serve` turns this on; tests and `flask run` build in-process (no process per test)


def use_child_process(enabled: bool = True) -> None:
    """Build search indexes in a child process from now on (the long-running server)."""
    global _in_child
    _in_child = enabled


def build_index_isolated(building: Building) -> list[dict]:
    """The building's search index (same result as `search.build_index`), in a child process when enabled."""
    if not _in_child:
        from kiosk.search import build_index

        return build_index(building)
    return json.loads(_index_json(building.model_dump_json()))


@lru_cache(maxsize=4)
def _index_json(building_json: str) -> str:
    """The index for one building as JSON, made by a child process (once per building and process)."""
    try:
        done = subprocess.run(
            [sys.executable, "-m", "kiosk.searchbuild"],
            input=building_json,
            capture_output=True,
            text=True,
            timeout=CHILD_TIMEOUT_SECONDS,
            check=True,
        )
        json.loads(done.stdout)  # refuse anything but JSON
        return done.stdout
    except (OSError, subprocess.SubprocessError, ValueError) as error:
        log.warning("building the search index in this process (child failed: %s)", error)
        from kiosk.search import build_index

        return json.dumps(build_index(Building.model_validate_json(building_json)), ensure_ascii=False)


def main() -> None:
    """Read a building as JSON on stdin, write its search index as JSON on stdout."""
    from kiosk.search import build_index

    building = Building.model_validate_json(sys.stdin.read())
    json.dump(build_index(building), sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
