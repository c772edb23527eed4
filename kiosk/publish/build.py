"""`kiosk build OUT`: the phone site as static files, for any static host or CDN.

Every directory page in every language of the building is rendered by the app itself (a test client, so the
bytes are the server's), with and without each kiosk's `from`:

    OUT/zh/spaces/library/index.html          /zh/spaces/library
    OUT/zh/spaces/library/from-lobby.html     /zh/spaces/library?from=lobby (nginx: try_files, see README)
    OUT/zh/spaces/library/from-<entrance>.html   a space page's directions from each entrance

plus the search index, the static files, QR codes for print (when a public URL is set), the printable
posters (`/<lang>/posters/...`, each with its code as a file) and `hours.json`: for the building and every
space, what its badge says from each change to the next over the coming weeks, so that kiosk.js keeps
"open now" right on pages built days ago. Without JavaScript, a space page lists its hours for those
weeks, date by date, as plain text (views/week.py, `STATIC_EXPORT`).
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import Flask, url_for

from kiosk.load.site import Site
from kiosk.model.building import Building
from kiosk.model.i18n import language_name
from kiosk.model.scans import poster_id
from kiosk.offline.manifest import PageRoute, directory_pages
from kiosk.timetable.schedule import next_change
from kiosk.ways.starts import entrance_starts
from kiosk.web.context import describe_space_hours, hours_subject
from kiosk.web.qr import make_code, printable_pages, public_base, target_url
from kiosk.web.views.wayfinding import background_url

SPACE_PAGE = "directory.space"  # the page whose directions ask "where are you?"
HOURS_DAYS = 28  # how far ahead hours.json says what the badges show
HOURS_META = '<meta name="kiosk-hours" content="/hours.json">'


@dataclass(frozen=True)
class Output:
    """One file to write: its path inside OUT and the URL the app renders it from."""

    path: str
    url: str


def page_file(path: str, from_kiosk: str | None) -> str:
    """Where the page at `path` goes inside OUT: a folder with index.html, or from-<kiosk>.html beside it."""
    folder = path.strip("/")
    name = f"from-{from_kiosk}.html" if from_kiosk else "index.html"
    return f"{folder}/{name}" if folder else name


def starts_written(building: Building, endpoint: str) -> list[str]:
    """The `from` values a page gets a file for: every kiosk (its QR codes), and on a space page also each
    entrance, since "where are you?" offers them there (views/wayfinding.py; it leaves out the floors
    on a static site: a file for every floor of every space page would multiply the site)."""
    kiosks = [kiosk.id for kiosk in building.kiosks]
    if endpoint != SPACE_PAGE:
        return kiosks
    return kiosks + [start.id for start in entrance_starts(building) if start.id not in kiosks]


def page_outputs(app: Flask, site: Site) -> list[Output]:
    """Every page of the phone site in every language, with and without each kiosk's `from`."""
    building = site.building
    outputs = []
    with app.test_request_context():
        routes: list[PageRoute] = directory_pages(building)
        for route in routes:
            path = url_for(route.endpoint, **route.values)
            outputs.append(Output(page_file(path, None), path))
            for start in starts_written(building, route.endpoint):
                with_from = url_for(route.endpoint, **{**route.values, "from": start})
                outputs.append(Output(page_file(path, start), with_from))
        for floor in building.floors:
            background = background_url(site, floor)  # only a drawing the server would send
            if background:
                outputs.append(Output(background.strip("/"), background))
        # The building's colours, linked from every page as /site.css?v=<version> (a static host ignores ?v=).
        outputs.append(Output("site.css", url_for("theme.stylesheet", v=site.version)))
    return outputs


POSTER_CODE = re.compile(r'class="poster-code" src="([^"]+)"')


def poster_outputs(app: Flask, building: Building) -> list[Output]:
    """The printable posters in every language (the list, the building's, each floor's and space's), and the boards."""
    outputs = []
    with app.test_request_context():
        for lang in building.languages:
            paths = [url_for("qr.posters", lang=lang)]
            for printable in printable_pages(building):
                endpoint = POSTER_ENDPOINTS[printable.endpoint]
                arguments: dict[str, Any] = {"lang": lang, **printable.values}
                paths.append(url_for(endpoint, **arguments))
            outputs += [Output(page_file(path, None), path) for path in paths]
        # The printed floor boards the posters list links to (in the building's first two languages each).
        boards = [url_for("boards.all_boards"), url_for("boards.entrance_board")]
        boards += [url_for("boards.floor_board", floor_id=floor.id) for floor in building.floors]
        outputs += [Output(page_file(path, None), path) for path in boards]
    return outputs


# The poster of each printable page (kiosk/web/views/qr.py).
POSTER_ENDPOINTS = {
    "layout.layout": "qr.building_poster",  # 扫码查看大楼布局: the building poster leads to the layout page
    "directory.floor": "qr.floor_poster",
    "directory.space": "qr.space_poster",
}


def code_file(output: Output) -> str:
    """Where a poster's code image goes inside OUT: beside the poster, as code.svg."""
    return f"{output.path.rpartition('/')[0]}/code.svg"


def with_code_file(body: bytes, output: Output, fetch: Callable[[str], bytes], out: Path) -> tuple[bytes, list[str]]:
    """A poster with its code as a file of OUT (a static host ignores the `?page=` of /qr.svg): the image
    the server would send for the poster's own `src`, so the printed code is the same either way.
    Returns the poster and the file written (none for the list of posters, or without a public URL)."""
    found = POSTER_CODE.search(body.decode("utf-8"))
    if found is None:  # no public URL: the poster says so instead of showing a code
        return body, []
    name = code_file(output)
    (out / name).write_bytes(fetch(html.unescape(found.group(1))))
    return body.replace(found.group(1).encode(), f"/{name}".encode(), 1), [name]


def hours_table(building: Building, start: dt.datetime, days: int = HOURS_DAYS) -> dict[str, list[dict]]:
    """For the building and each space: from each change on, whether it is open and what its badge and detail
    say, per language (closures, special hours and China's calendar applied, as on the server's pages)."""
    moments = [start]
    end = start + dt.timedelta(days=days)
    while (following := next_change(building, moments[-1])) < end:
        moments.append(following)
    languages = building.languages
    table: dict[str, list[dict]] = {}
    for space in (None, *building.spaces):
        changes = table[hours_subject(space)] = []
        for moment in moments:
            said = {lang: describe_space_hours(building, space, moment, lang) for lang in languages}
            changes.append(
                {
                    "at": moment.isoformat(timespec="seconds"),
                    "open": said[languages[0]].is_open,
                    "badge": {lang: said[lang].badge for lang in languages},
                    "detail": {lang: said[lang].detail for lang in languages},
                    "today": {lang: said[lang].today for lang in languages},
                }
            )
    return table


def copy_static(app: Flask, out: Path) -> Iterator[str]:
    """The static files, as they are (their `?v=` is ignored by static hosts, and harmless)."""
    source = Path(app.static_folder or "")
    for file in sorted(source.iterdir()):
        if file.is_file() and file.name != "sw.js":  # the offline copy is for the lobby screen, not phones
            shutil.copy2(file, out / "static" / file.name)
            yield f"static/{file.name}"


def write_codes(app: Flask, building: Building, out: Path) -> list[str]:
    """QR codes (PNG and SVG) of the home page, every floor and every space, in each language, for print."""
    base = public_base(app.config.get("PUBLIC_URL"), building)
    if base is None:
        return []
    written = []
    with app.test_request_context():
        for lang in building.languages:
            for page in printable_pages(building):
                arguments: dict[str, Any] = {"lang": lang, **page.values}
                url = target_url(base, url_for(page.endpoint, **arguments), poster=poster_id(page.name))
                for fmt in ("png", "svg"):
                    name = f"qr/{page.name}-{lang}.{fmt}"
                    (out / name).write_bytes(make_code(url, fmt).body)
                    written.append(name)
    return written


def _fetched(response: Any, url: str) -> bytes:
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
    return bytes(response.get_data())


def root_page(building: Building) -> str:
    """`/` on a static host: straight to the first language's home page (the server picks by Accept-Language)."""
    first = building.default_language
    links = " · ".join(f'<a href="/{lang}/">{language_name(lang)}</a>' for lang in building.languages)
    return (
        f'<!doctype html><meta charset="utf-8"><meta http-equiv="refresh" content="0; url=/{first}/">'
        f"<title>…</title>{links}\n"
    )


def build_site(app: Flask, out: Path, progress: Callable[[list[Output]], Iterator[Output]] = iter) -> list[str]:
    """Write the whole phone site into `out`; returns the files written (relative to `out`)."""
    app.config["STATIC_EXPORT"] = True  # space pages list their weeks' hours as plain text (views/week.py)
    site: Site = app.extensions["kiosk.store"].current()
    building = site.building
    outputs = page_outputs(app, site)
    poster_pages = poster_outputs(app, building)
    posters = {output.url for output in poster_pages}
    outputs += poster_pages
    for folder in ("static", "qr"):
        (out / folder).mkdir(parents=True, exist_ok=True)
    client = app.test_client()
    written = []
    for output in progress(outputs):
        response = client.get(output.url)
        if response.status_code != 200:
            raise RuntimeError(f"{output.url} answered {response.status_code}")
        body = response.get_data()
        if response.mimetype == "text/html":
            charset = b'<meta charset="utf-8">'
            body = body.replace(charset, charset + b"\n  " + HOURS_META.encode(), 1)
        target = out / output.path
        target.parent.mkdir(parents=True, exist_ok=True)
        if output.url in posters:
            body, codes = with_code_file(body, output, lambda url: _fetched(client.get(url), url), out)
            written += codes
        target.write_bytes(body)
        written.append(output.path)
    (out / "search-index.json").write_bytes(client.get("/search-index.json").get_data())
    start = app.config["CLOCK"]().astimezone(building.tz).replace(microsecond=0)
    (out / "hours.json").write_text(json.dumps(hours_table(building, start), ensure_ascii=False), encoding="utf-8")
    (out / "index.html").write_text(root_page(building), encoding="utf-8")
    written += ["search-index.json", "hours.json", "index.html", *copy_static(app, out)]
    written += write_codes(app, building, out)
    return written
