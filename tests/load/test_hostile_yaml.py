"""No edit of floors.yaml can crash the loader or a running kiosk.

Every hostile file becomes problems at line:col in `kiosk check`, and on a live server the
reload refuses it: the last good building stays and no request answers 500, ever.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from kiosk import create_app
from kiosk.cli import main
from kiosk.load import loader, reading
from tests.helpers.servers import get, running_server

# A second building, nothing like the bundled one: one floor, no plans, no kiosk, http-free.
SMALL = """\
building:
  id: riverside-library
  name: {zh: 河畔图书馆, en: Riverside Library}
  address: {zh: 河畔路1号, en: 1 Riverside Road}
  public_url: https://library.example.net
  hours: Mo-Fr 09:00-18:00
floors:
  - id: g
    order: 0
    label: G
    name: {zh: 底层, en: Ground floor}
spaces:
  - id: reading-room
    name: {zh: 阅览室, en: Reading Room}
    floor: g
    category: learning
    description: {zh: 安静的阅览室, en: A quiet reading room}
    location: {zh: 进门右手, en: Right of the entrance}
notices:
  - text: {zh: 周末闭馆, en: Closed at weekends}
"""

# (what to replace in SMALL, with what, the line:col and words of the problem)
HOSTILE = {
    "unknown tag": ("    label: G", "    label: !foo G", "10:12", "`!foo` is a YAML tag"),
    "python tag": ("    label: G", "    label: !!python/name:os.system G", "10:12", "`!!python/name:os.system`"),
    "python object": (
        "    label: G",
        "    label: !!python/object/apply:os.system [echo hi]",
        "10:12",
        "`!!python/object/apply:os.system`",
    ),
    "merge key": ("  hours: Mo-Fr", "  <<: {id: other}\n  hours: Mo-Fr", "6:3", "merge keys (`<<:`) are not allowed"),
    "impossible date": (
        "  - text: {zh: 周末闭馆, en: Closed at weekends}",
        "  - text: {zh: 周末闭馆, en: Closed at weekends}\n    ends: 2022-13-45",
        "21:11",
        "`2022-13-45` is not a real date",
    ),
    "february 30": (
        "  - text: {zh: 周末闭馆, en: Closed at weekends}",
        "  - text: {zh: 周末闭馆, en: Closed at weekends}\n    starts: 2026-02-30",
        "21:13",
        "`2026-02-30` is not a real date",
    ),
    "deep nesting": ("notices:\n", "extra: " + "[" * 3000 + "]" * 3000 + "\nnotices:\n", "19:23", "nested more than"),
    "huge number": ("    order: 0", "    order: " + "9" * 5000, "9:12", "cannot be read as a value"),
    "complex key": ("floors:\n", "? [a, b]\n: 1\nfloors:\n", "7:3", "a key must be a plain word"),
    "control character": ("en: Reading Room}", "en: Reading\x07Room}", "14:32", "control character (U+0007)"),
    "too many aliases": (
        "    category: learning",
        "    category: learning\n    aliases: [" + ", ".join(f"a{i}" for i in range(31)) + "]",
        "17:14",
        "31 entries, more than the 30 allowed",
    ),
}


@pytest.fixture
def small(tmp_path: Path) -> Path:
    path = tmp_path / "floors.yaml"
    path.write_text(SMALL, encoding="utf-8")
    return path


@pytest.fixture(params=[False, True], ids=["libyaml", "pure-python"])
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Both YAML parsers: without libyaml the composer recurses, so deep nesting raised RecursionError."""
    if request.param:
        monkeypatch.setattr(reading, "YamlLoader", yaml.SafeLoader)
    return "pure-python" if request.param else "libyaml"


def write(path: Path, old: str, new: str) -> None:
    text = SMALL.replace(old, new, 1)
    assert text != SMALL
    path.write_text(text, encoding="utf-8")
    stat = path.stat()
    os.utime(path, (stat.st_atime, stat.st_mtime + 10))


def test_the_small_building_loads(small: Path) -> None:
    building = loader.load_building(small)
    assert building.space("reading-room").name("en") == "Reading Room"


@pytest.mark.parametrize("case", HOSTILE)
def test_kiosk_check_names_the_line_of_every_hostile_edit(small: Path, case: str, parser: str) -> None:
    old, new, where, words = HOSTILE[case]
    write(small, old, new)
    result = CliRunner().invoke(main, ["check", str(small)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert any(line.startswith(f"floors.yaml:{where}: ") and words in line for line in result.stderr.splitlines()), (
        result.stderr
    )


@pytest.mark.parametrize("case", HOSTILE)
def test_a_live_reload_refuses_every_hostile_edit_without_a_500(small: Path, case: str, parser: str) -> None:
    app = create_app(small, {"TESTING": True, "RELOAD_SECONDS": 0})
    client = app.test_client()
    assert "Reading Room" in client.get("/en/floors/g").get_data(as_text=True)
    old, new, where, words = HOSTILE[case]
    write(small, old, new)
    for _ in range(5):  # during and after the edit: every page, every time
        for path in ("/en/", "/zh/floors/g", "/en/spaces/reading-room", "/en/search?q=read", "/search-index.json"):
            response = client.get(path)
            assert response.status_code == 200, path
        assert "Reading Room" in client.get("/en/spaces/reading-room").get_data(as_text=True)
        health = client.get("/healthz")
        assert health.status_code == 200
    details = health.get_json()
    assert details["status"] == "degraded" and details["refused_edits"] == 1
    assert any(line.startswith(f"floors.yaml:{where}: ") and words in line for line in details["refused_edit"])


def test_an_unexpected_failure_while_checking_is_a_refused_edit(small: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = create_app(small, {"TESTING": True, "RELOAD_SECONDS": 0})
    client = app.test_client()

    def broken(*args: object) -> None:
        raise RuntimeError("a bug in a check")

    monkeypatch.setattr("kiosk.load.store.load_content", broken)
    write(small, "en: Reading Room}", "en: Reading Hall}")
    for _ in range(3):
        page = client.get("/en/spaces/reading-room")
        assert page.status_code == 200 and "Reading Room" in page.get_data(as_text=True)
    health = client.get("/healthz").get_json()
    assert health["status"] == "degraded" and health["refused_edits"] == 1
    assert health["refused_edit"] == ["floors.yaml:1:1: the file could not be checked (RuntimeError)"]
    monkeypatch.undo()
    write(small, "en: Reading Room}", "en: Reading Hall}")  # the next good edit is taken again
    assert "Reading Hall" in client.get("/en/spaces/reading-room").get_data(as_text=True)
    assert client.get("/healthz").get_json()["status"] == "ok"


# --- bidi control characters (item 8) ------------------------------------------------------


def test_bidi_controls_are_stripped_with_a_warning_at_their_line(small: Path) -> None:
    write(small, "en: Reading Room}", "en: Reading \u202eRoom\u202c}")
    result = CliRunner().invoke(main, ["check", str(small)])
    assert result.exit_code == 0, result.output
    assert "floors.yaml:14:25: warning: invisible text-direction characters (U+202C, U+202E)" in result.stderr
    page = create_app(small, {"TESTING": True}).test_client().get("/en/spaces/reading-room").get_data(as_text=True)
    assert "Reading Room" in page and "\u202e" not in page and "\u202c" not in page


def test_bidi_in_public_url_is_refused_not_stripped(small: Path) -> None:
    write(small, "https://library.example.net", "https://library.example.net/\u202egro.live")
    result = CliRunner().invoke(main, ["check", str(small)])
    assert result.exit_code == 1 and "floors.yaml:5:15: " in result.stderr and "U+202E" in result.stderr


def test_a_floor_with_too_many_spaces_is_refused_at_the_first_one_over(small: Path) -> None:
    rooms = "".join(
        f"  - id: room-{i}\n    name: {{zh: 房{i}, en: Room {i}}}\n    floor: g\n    category: learning\n"
        f"    description: {{zh: 房间, en: A room}}\n    location: {{zh: 一楼, en: Ground floor}}\n"
        for i in range(reading.MAX_SPACES_PER_FLOOR)
    )
    write(small, "notices:\n", rooms + "notices:\n")
    result = CliRunner().invoke(main, ["check", str(small)])
    line = 19 + 6 * (reading.MAX_SPACES_PER_FLOOR - 1) + 2  # the floor of the 301st space on floor g
    assert result.exit_code == 1
    assert f"floors.yaml:{line}:12: floor `g` has more than 300 spaces" in result.stderr


@pytest.mark.slow
def test_a_running_server_never_answers_500_across_hostile_edits(small: Path) -> None:
    """On a real `kiosk serve` (reload every 2 s), v1 answered about one request in every 2 s with a 500."""
    with running_server(small) as server:
        statuses: list[int] = []
        for case in ("impossible date", "merge key", "python tag", "deep nesting"):
            old, new, _where, _words = HOSTILE[case]
            write(small, old, new)
            deadline = time.monotonic() + 2.5  # longer than the reload interval
            while time.monotonic() < deadline:
                for port, path in ((server.port, "/en/spaces/reading-room"), (server.lobby_port, "/healthz")):
                    status, body = get(port, path)
                    statuses.append(status)
                    if path != "/healthz":
                        assert b"Reading Room" in body
        assert set(statuses) == {200}, sorted(set(statuses))
        details = json.loads(get(server.lobby_port, "/healthz")[1])
        assert details["status"] == "degraded" and details["refused_edits"] == 4
        assert details["refused_edit"][0].startswith("floors.yaml:19:23: the entries are nested more than 16")
