"""The `kiosk` command: `kiosk serve` runs the kiosk, `kiosk check` validates floors.yaml, `kiosk qr` prints codes,
`kiosk init` starts a new building and `kiosk export` writes it as IMDF or GeoJSON."""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import logging
import os
import re
import shlex
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from kiosk import config_path, create_app
from kiosk.interchange import starter
from kiosk.load import district
from kiosk.load.loader import BuildingFileError, Problem, check_building, load_building, mount_summary, summary
from kiosk.load.state import state_file
from kiosk.model import calendar
from kiosk.model.building import SLUG_PATTERN, Building
from kiosk.model.public_url import allows_http, host_of, origin, validate_public_url
from kiosk.model.scans import poster_id
from kiosk.publish.preview import is_reachable_by_phones, preview_base
from kiosk.search import build as searchbuild
from kiosk.staff import accounts
from kiosk.timetable.feeds import EventFeeds
from kiosk.web import hosts, serving
from kiosk.web.qr import FORMATS, make_code, printable_pages, public_base, target_url
from kiosk.web.urls import printed_page_path

if TYPE_CHECKING:
    from flask import Flask

CONFIG_HELP = "The building file (default: $KIOSK_CONFIG, else ./floors.yaml)."
PRINT_PNG_MODULE_PX = 20
PUBLIC_URL_HELP = "Address phones open from QR codes (default: $KIOSK_PUBLIC_URL, else floors.yaml's public_url)."
ALLOW_HTTP_HELP = "Accept an http:// public URL for another machine (a closed network without TLS)."
Command = TypeVar("Command", bound=Callable[..., Any])
log = logging.getLogger(__name__)


def _today(building: Building) -> dt.date:
    """Today in the building's time zone (a function, so tests can move it)."""
    return dt.datetime.now(building.tz).date()


def _report_events(building: Building, path: Path) -> None:
    """Read every event source now (URLs too, with a timeout) and say how each went."""
    if not building.events and not building.event_sources:
        return
    feeds = EventFeeds(lambda: building, path.parent, lambda: dt.datetime.now(building.tz))
    snapshot = feeds.refresh(force_urls=True)
    # On stderr with the warnings: stdout stays the one "OK: ..." line scripts read.
    click.echo(f"{path.name}: events: {len(snapshot.occurrences)} in the next two weeks", err=True)
    for state in feeds.health():
        updated = state["last_updated"] or "never"
        click.echo(f"{path.name}: events from {state['source']}: last good copy {updated}", err=True)
        if state["error"]:
            click.echo(f"{path.name}: warning: events from {state['source']}: {state['error']}", err=True)
    for problem in snapshot.problems:
        click.echo(f"{path.name}: warning: skipped event: {problem}", err=True)


def building_options(command: Command) -> Command:
    """The options every command that reads a building shares: `--config`, `--public-url`, `--allow-http`."""
    command = click.option("--allow-http", is_flag=True, envvar="KIOSK_ALLOW_HTTP", help=ALLOW_HTTP_HELP)(command)
    command = click.option("--public-url", envvar="KIOSK_PUBLIC_URL", help=PUBLIC_URL_HELP)(command)
    return click.option(
        "--config", "config", type=click.Path(dir_okay=False, path_type=Path), envvar="KIOSK_CONFIG", help=CONFIG_HELP
    )(command)


def _print_problems(problems: list[Problem]) -> None:
    for problem in problems:
        click.echo(str(problem), err=True)


def _public_url_or_exit(public_url: str | None, allow_http: bool, refusal: str) -> str | None:
    """A valid --public-url / $KIOSK_PUBLIC_URL, or exit saying why it is not."""
    if not public_url:
        return None
    try:
        return validate_public_url(public_url, allow_http)
    except ValueError as error:
        click.echo(f"{refusal}: {error}", err=True)
        sys.exit(1)


def _app_settings_or_exit(path: Path, public_url: str | None, allow_http: bool, refusal: str) -> dict[str, object]:
    """The app's public-URL settings, after naming every problem of the address and the file (or exiting)."""
    url = _public_url_or_exit(public_url, allow_http, refusal)
    _building_or_exit(path, refusal)  # name every problem before building the app
    settings: dict[str, object] = {"ALLOW_HTTP": True} if allow_http else {}
    if url:
        settings["PUBLIC_URL"] = url
    return settings


def _building_or_exit(path: Path, refusal: str) -> Building:
    """The validated building at `path`, or exit naming every problem."""
    try:
        return load_building(path)
    except BuildingFileError as error:
        _print_problems(error.problems)
        click.echo(f"{refusal}: {path} has {len(error.problems)} problem(s). Fix them and run `kiosk check`.", err=True)
        sys.exit(1)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kiosk")
def main() -> None:
    """A lobby wayfinding kiosk for one building, described in floors.yaml."""


@main.command()
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
def check(file: Path | None) -> None:
    """Check FILE (default floors.yaml, or a district file and each of its buildings) and name every problem's line."""
    path = config_path(file)
    if district.is_district_file(path):
        _check_district(path)
        return
    building, problems = check_building(path)
    errors = [p for p in problems if p.severity == "error"]
    override = os.environ.get("KIOSK_PUBLIC_URL")
    if override:
        # The deployment sets the address itself, so phones can follow after all.
        problems = [p for p in problems if "public_url" not in p.message]
    _print_problems(problems)
    if building is not None and (gap := calendar.coverage_warning(_today(building))):
        click.echo(f"{path.name}: warning: {gap}", err=True)
    if building is not None:
        _report_events(building, path)
    if building is None or errors:
        click.echo(f"{len(errors)} problem(s) in {path}; the kiosk will not load it until they are fixed.", err=True)
        sys.exit(1)
    allow_http = allows_http(os.environ.get("KIOSK_ALLOW_HTTP"))
    address = _public_url_or_exit(override, allow_http, "$KIOSK_PUBLIC_URL") or building.building.public_url
    click.echo(f"OK: {summary(building)}")
    for kiosk in building.kiosks:
        click.echo(mount_summary(kiosk))
    if address:
        # Staff see exactly which site phones will trust, after punycode and normalisation.
        click.echo(f"QR codes open {address} (origin {origin(address)})")


def _check_district(path: Path) -> None:
    """`kiosk check district.yaml`: the district file and every building's own file."""
    found, problems = district.check_district(path)
    _print_problems(problems)
    errors = [p for p in problems if p.severity == "error"]
    if found is None or errors:
        click.echo(f"{len(errors)} problem(s) in {path} and its buildings; the district will not load.", err=True)
        sys.exit(1)
    click.echo(f"OK: {len(found.buildings)} buildings: " + ", ".join(b.id for b in found.buildings))


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, envvar="KIOSK_HOST", help="Address to listen on.")
@click.option(
    "--port", default=8080, show_default=True, type=click.IntRange(1, 65535), envvar="KIOSK_PORT", help="Port."
)
@click.option(
    "--lobby-port",
    type=click.IntRange(0, 65535),
    envvar="KIOSK_LOBBY_PORT",
    help="Port of the lobby screen's own listener, on 127.0.0.1 only (default: --port + 1; 0: none).",
)
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 64), help="Waitress worker threads.")
@click.option(
    "--trusted-proxy",
    envvar="KIOSK_TRUSTED_PROXY",
    help="Address of the TLS reverse proxy whose X-Forwarded-Proto and X-Forwarded-For to believe, e.g. 127.0.0.1.",
)
@click.option(
    "--trusted-host",
    "trusted_hosts",
    multiple=True,
    envvar="KIOSK_TRUSTED_HOSTS",
    help="Another Host name to answer (repeatable); the public URL's host and this machine are always answered.",
)
@building_options
def serve(
    host: str,
    port: int,
    lobby_port: int | None,
    threads: int,
    trusted_proxy: str | None,
    trusted_hosts: tuple[str, ...],
    config: Path | None,
    public_url: str | None,
    allow_http: bool,
) -> None:
    """Serve the kiosk with waitress: phones and the web on --port, the lobby screen on --lobby-port."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    lobby = port + 1 if lobby_port is None else lobby_port
    if lobby in (port, 65536):
        click.echo(f"Not starting: the lobby port must differ from --port {port} (or be 0 for none).", err=True)
        sys.exit(1)
    path = config_path(config)
    start = _start_district if district.is_district_file(path) else _start
    with _no_collection_while_starting():
        app, listeners = start(path, host, port, lobby, threads, trusted_proxy, trusted_hosts, public_url, allow_http)
    try:
        serving.serve(app, listeners)
    except OSError as error:  # a port in use, an address this machine does not have
        click.echo(f"Not starting: cannot listen ({error.strerror or error}).", err=True)
        sys.exit(1)


def _start(
    path: Path,
    host: str,
    port: int,
    lobby: int,
    threads: int,
    trusted_proxy: str | None,
    trusted_hosts: tuple[str, ...],
    public_url: str | None,
    allow_http: bool,
) -> tuple[Flask, serving.Listeners]:
    """`serve` up to the listeners: the checked building, the app, and what the log says about them."""
    settings = _app_settings_or_exit(path, public_url, allow_http, "Not starting")
    # The search index is made by a child process (kiosk.search.build), at this load and every reload:
    # pypinyin's 55 MB of dictionaries never stay in the server.
    searchbuild.use_child_process()
    searchbuild.index_first_load_later()  # cold start: answer while the child makes the first index
    app = create_app(path, settings or None)
    building = app.extensions["kiosk.store"].site.building
    preview = None
    if public_base(app.config.get("PUBLIC_URL"), building) is None:
        # No address for the codes yet: show them marked as a preview, leading to this machine.
        preview = app.config["PREVIEW_URL"] = preview_base(host, port)
        log_preview(preview)
    # Phones that open a preview code name this machine by the address in it: answer that Host too.
    hosts.trust(app, listen=[host], extra=(*trusted_hosts, *([host_of(preview)] if preview else [])))
    # The full path, here and not in /healthz: which file a server reads is for its log.
    click.echo(f"Serving {building.building.name('en')} ({summary(building)}) from {path.resolve()}")
    if building.kiosks and lobby:
        click.echo(f"Kiosk screen: http://{serving.LOOPBACK}:{lobby}/?kiosk={building.kiosks[0].id}")
    click.echo(f"Phones and web: http://{host}:{port}/")
    listeners = serving.Listeners(host, port, threads, lobby or None, trusted_proxy or None)
    # What was loaded so far lives as long as the process: keep the garbage collector from walking it
    # again and again under load (a full pass costs 5-15 ms, a pause for every request in flight).
    gc.collect()
    gc.freeze()
    return app, listeners


def _start_district(
    path: Path,
    host: str,
    port: int,
    lobby: int,
    threads: int,
    trusted_proxy: str | None,
    trusted_hosts: tuple[str, ...],
    public_url: str | None,
    allow_http: bool,
) -> tuple[Any, serving.Listeners]:
    """`serve` of a district file: every building checked, then one app per building under /<id>/."""
    from kiosk.district.app import create_district_app

    url = _public_url_or_exit(public_url, allow_http, "Not starting")
    # The district file first; each building is checked once, as its app loads it (half the start of checking twice).
    found, problems = district.check_district(path, buildings=False)
    errors = [p for p in problems if p.severity == "error"]
    settings: dict[str, object] = {"ALLOW_HTTP": True} if allow_http else {}
    if url:
        settings["PUBLIC_URL"] = url
    searchbuild.use_child_process()
    searchbuild.index_first_load_later()
    try:
        if found is None or errors:
            raise BuildingFileError(errors)
        app = create_district_app(path, settings or None)
    except BuildingFileError as error:
        _print_problems(error.problems)
        count = len(error.problems)
        click.echo(f"Not starting: {path} has {count} problem(s). Fix them and run `kiosk check {path}`.", err=True)
        sys.exit(1)
    preview = None if (url or found.district.public_url) else preview_base(host, port)
    if preview:
        log_preview(preview)
    extra = (*trusted_hosts, *([host_of(preview)] if preview else []))
    for building_id, building_app in app.buildings.items():
        if preview:
            building_app.config["PREVIEW_URL"] = preview
        hosts.trust(building_app, listen=[host], extra=extra)
        building = app.store(building_id).site.building
        click.echo(f"Serving {building_id}: {building.building.name('en')} ({summary(building)}) under /{building_id}/")
        if building.kiosks and lobby:
            click.echo(
                f"  Kiosk screen: http://{serving.LOOPBACK}:{lobby}/{building_id}/?kiosk={building.kiosks[0].id}"
            )
    app.home.config["TRUSTED_HOSTS"] = hosts.trusted_hosts(url or found.district.public_url, [host], extra)
    click.echo(f"District {found.district.name('en')}: http://{host}:{port}/ ({len(app.buildings)} buildings)")
    listeners = serving.Listeners(host, port, threads, lobby or None, trusted_proxy or None)
    gc.collect()
    gc.freeze()
    return app, listeners


@contextlib.contextmanager
def _no_collection_while_starting() -> Iterator[None]:
    """No garbage collection while `serve` loads and builds the app (cold start).

    What it makes lives as long as the process, so the collector's passes on the way (about 40, 25 ms of
    CPU) find nothing; the one full pass before `gc.freeze()` still runs, and collection is back after.
    """
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def log_preview(base: str) -> None:
    """Say that the kiosk's codes are previews, where they lead, and how to set the real address."""
    who = (
        "phones on this network can open it"
        if is_reachable_by_phones(base)
        else "only this machine can open it; serve with --host 0.0.0.0 for phones on this network"
    )
    log.warning(
        "No public URL is set: the kiosk shows its QR codes marked as a preview, leading to %s (%s). "
        "Set the address phones should open with --public-url https://kiosk.example.org, "
        "$KIOSK_PUBLIC_URL, or public_url: in floors.yaml.",
        base,
        who,
    )


@main.command("qr")
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write the codes into.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["png", "svg", "both"]),
    default="both",
    show_default=True,
    help="Image format.",
)
@click.option("--lang", "langs", default="all", show_default=True, help="Language of the pages: a code, or `all`.")
@building_options
def qr_command(out: Path, fmt: str, langs: str, config: Path | None, public_url: str | None, allow_http: bool) -> None:
    """Write a QR code for the home page, every floor and every space into OUT, for the print shop."""
    path = config_path(config)
    url = _public_url_or_exit(public_url, allow_http, "No codes written")
    building = _building_or_exit(path, "No codes written")
    base = public_base(url, building)
    if base is None:
        click.echo(
            "No codes written: public_url is not set (floors.yaml, $KIOSK_PUBLIC_URL or --public-url).", err=True
        )
        sys.exit(1)
    languages = building.languages if langs in ("all", "both") else (langs,)
    if any(lang not in building.languages for lang in languages):
        click.echo(f"No codes written: --lang must be `all` or one of {', '.join(building.languages)}.", err=True)
        sys.exit(2)
    formats = FORMATS if fmt == "both" else (fmt,)
    out.mkdir(parents=True, exist_ok=True)
    written = 0
    for lang in languages:
        for page in printable_pages(building):
            page_path = printed_page_path(page.endpoint, lang, **page.values)
            link = target_url(base, page_path, poster=poster_id(page.name))  # the file's name marks its scans
            for each in formats:
                # Print shops enlarge PNGs: 20 px per module keeps the edges sharp at 10 cm and 300 dpi.
                (out / f"{page.name}-{lang}.{each}").write_bytes(make_code(link, each, PRINT_PNG_MODULE_PX).body)
                written += 1
    click.echo(f"Wrote {written} file(s) to {out} for {base}")


@main.group()
def staff() -> None:
    """Staff console accounts (the console at /staff/ is off until the first one exists)."""


@staff.command("add")
@click.argument("name")
@click.option(
    "--role",
    type=click.Choice(accounts.ROLES),
    default="editor",
    show_default=True,
    help="admin also restores versions.",
)
@click.option("--config", type=click.Path(dir_okay=False, path_type=Path), help=CONFIG_HELP)
@click.option(
    "--staff-file",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="KIOSK_STAFF_FILE",
    help="The accounts file (default: staff.json in $KIOSK_STATE_DIR, else beside floors.yaml).",
)
def staff_add(name: str, role: str, config: Path | None, staff_file: Path | None) -> None:
    """Add staff member NAME (or set a new password); asks for the password twice, keeps only its hash."""
    path = staff_file or state_file(config_path(config), "staff.json")
    password = click.prompt("Password (密码)", hide_input=True, confirmation_prompt="Again (再输入一次)")
    try:
        accounts.add_account(path, name.strip().lower(), password, role)
    except accounts.AccountError as error:
        click.echo(f"Not added: {error}.", err=True)
        sys.exit(1)
    click.echo(f"Added {name.strip().lower()} ({role}) to {path}. The console is at /staff/ on the building's network.")


@main.command()
@click.option("--offline", is_flag=True, help="Do not try to open the public URL.")
@building_options
def doctor(offline: bool, config: Path | None, public_url: str | None, allow_http: bool) -> None:
    """Check this install (file, clock, time zone, public URL, fonts, Chromium) and say what to fix."""
    from kiosk.doctor import http_status, run_checks  # late: only this command needs it

    # An invalid --public-url is one of the findings, not a refusal: the doctor says everything at once.
    fetch = None if offline else http_status
    findings = run_checks(config_path(config), public_url, allow_http=allow_http, fetch=fetch)
    for finding in findings:
        click.echo(str(finding))
    to_fix = [f for f in findings if f.level == "fix"]
    if to_fix:
        click.echo(f"{len(to_fix)} thing(s) to fix before the kiosk can run well.", err=True)
        sys.exit(1)
    click.echo("Ready." if all(f.level == "ok" for f in findings) else "Ready, with warnings.")


@main.command("build")
@click.argument("out", type=click.Path(file_okay=False, path_type=Path))
@building_options
def build_command(out: Path, config: Path | None, public_url: str | None, allow_http: bool) -> None:
    """Write the phone site into OUT as static files, for nginx, object storage or a CDN."""
    from kiosk.publish.build import build_site  # late: only this command needs it

    path = config_path(config)
    settings = _app_settings_or_exit(path, public_url, allow_http, "Nothing built")
    # The pages are rendered by the app itself, so that their bytes are the server's.
    app = create_app(path, {"PAGE_CACHE": False, "SPEECH": False, **settings})  # no clips on a static host
    out.mkdir(parents=True, exist_ok=True)

    def progress(outputs: list) -> Iterator:
        with click.progressbar(outputs, label="pages", show_pos=True, file=sys.stderr) as bar:
            yield from bar

    written = build_site(app, out, progress)
    codes = sum(1 for name in written if name.startswith("qr/"))
    click.echo(f"Wrote {len(written)} file(s) to {out} ({codes} QR codes).")
    if not codes:
        click.echo("No QR codes: set --public-url (or public_url: in floors.yaml) to the address of OUT.", err=True)


@main.command("posters")
@click.option(
    "--out", "out", required=True, type=click.Path(file_okay=False, path_type=Path), help="Folder for the PDF files."
)
@click.option("--size", type=click.Choice(["A4", "A3"], case_sensitive=False), default="A4", show_default=True)
@click.option("--chromium", envvar="KIOSK_CHROMIUM", help="The Chromium to print with (default: the first on PATH).")
@building_options
def posters_command(
    out: Path, size: str, chromium: str | None, config: Path | None, public_url: str | None, allow_http: bool
) -> None:
    """Write the floor boards (楼层导览) as print-ready PDFs into OUT: each floor's lift lobby, and the entrance."""
    from kiosk.publish.boards import board_names_of
    from kiosk.publish.printing import PrintError, find_chromium, print_boards  # late: only this command prints

    path = config_path(config)
    settings = _app_settings_or_exit(path, public_url, allow_http, "No boards printed")
    building = _building_or_exit(path, "No boards printed")
    override = settings.get("PUBLIC_URL")
    if public_base(str(override) if override else None, building) is None:
        where = "floors.yaml, $KIOSK_PUBLIC_URL or --public-url"
        click.echo(f"No boards printed: public_url is not set ({where}): the codes would lead nowhere.", err=True)
        sys.exit(1)
    browser = find_chromium(chromium)
    if browser is None:
        click.echo("No boards printed: no Chromium found (sudo apt-get install -y chromium).", err=True)
        sys.exit(1)
    app = create_app(path, {"PAGE_CACHE": False, "EVENT_FEEDS_THREAD": False, "SPEECH": False, **settings})
    names = board_names_of(building)
    click.echo(f"Printing {len(names)} boards on {size.upper()} with {browser} ...", err=True)

    def progress(boards: Iterable) -> Iterator:
        with click.progressbar(list(boards), label="boards", show_pos=True, file=sys.stderr) as bar:
            yield from bar

    try:
        written = print_boards(app, names, out, size.upper(), browser, progress)
    except PrintError as error:
        click.echo(f"No boards printed: {error}", err=True)
        sys.exit(1)
    click.echo(f"Wrote {len(written)} board(s) to {out} ({size.upper()}, one page each).")


@main.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--floor", "floor", help="The floor a DXF drawing shows (its id, e.g. 1f); for IMDF/GeoJSON, only this one."
)
@click.option("--config", type=click.Path(dir_okay=False, path_type=Path), envvar="KIOSK_CONFIG", help=CONFIG_HELP)
@click.option("--rooms-layer", help="The DXF layer rooms are drawn on (default: guessed from names like ROOM, 房间).")
@click.option("--scale", type=click.FloatRange(min=1e-6, max=1000), help="Metres per DXF drawing unit (0.001 for mm).")
@click.option("--dry-run", is_flag=True, help="Show the change as a diff and write nothing.")
def import_command(
    file: Path, floor: str | None, config: Path | None, rooms_layer: str | None, scale: float | None, dry_run: bool
) -> None:
    """Merge the floors and rooms of a DXF, IMDF (.zip) or GeoJSON FILE into floors.yaml, then check it."""
    from kiosk.interchange.drawing import ImportRefused
    from kiosk.interchange.importer import import_file, report_lines
    from kiosk.load.roundtrip import write_atomically

    path = config_path(config)
    try:
        merged = import_file(file, path, floor, rooms_layer, scale)
    except ImportRefused as error:
        click.echo(f"Nothing imported: {error}", err=True)
        sys.exit(1)
    for line in report_lines(merged):
        click.echo(line)
    _print_problems(merged.problems)
    if dry_run:
        click.echo(merged.diff(path.name) or "no change")
        click.echo(f"dry run: {path} not written")
        sys.exit(1 if merged.errors else 0)
    if merged.errors:
        click.echo(
            f"Nothing written: the result has {len(merged.errors)} problem(s); fix them above, or the drawing.",
            err=True,
        )
        sys.exit(1)
    if merged.new_text == merged.old_text:
        click.echo(f"{path} already matches {file.name}: nothing to write")
        return
    write_atomically(path, merged.new_text.encode("utf-8"))
    click.echo(f"Wrote {path}. Next: kiosk check {path}, then kiosk serve, and look at each imported floor.")


INIT_QUESTIONS = {
    "languages": "Languages, the kiosk's first (语言，第一个为导览屏的默认语言)",
    "name_zh": "Building name in Chinese (大楼名称，中文)",
    "name_en": "Building name in English (大楼名称，英文)",
    "address_zh": "Address in Chinese (地址，中文)",
    "address_en": "Address in English (地址，英文)",
    "floors": "Floor labels bottom to top, e.g. B1,1F-7F (楼层，从下到上)",
    "hours": "Daily hours (每日开放时间)",
    "kiosk_floor": "Floor of the lobby screen (大厅导览屏所在楼层)",
}


def _interactive() -> bool:
    """Whether `kiosk init` may ask (a person at a terminal); scripts give options and get the defaults."""
    return sys.stdin.isatty()


def _ask(key: str, given: str | None, check: Callable[[str], Any], default: str | None = None) -> str:
    """An answer: the option if given (exit 2 if wrong), else asked until it is right (or the default)."""
    if given is None and default is not None and not _interactive():
        given = default
    if given is None and not _interactive():
        raise click.UsageError(f"no terminal to ask on: give --{key.replace('_', '-')}")
    if given is not None:
        try:
            check(given)
        except starter.AnswerError as error:
            raise click.BadParameter(str(error), param_hint=f"--{key.replace('_', '-')}") from None
        return given

    def proc(value: str) -> str:
        try:
            check(value)
        except starter.AnswerError as error:
            raise click.BadParameter(str(error)) from None
        return value

    return str(click.prompt(INIT_QUESTIONS[key], default=default, value_proc=proc))


def _init_answers(options: dict[str, str | None]) -> starter.Answers:
    """Every answer `kiosk init` needs, from the options and, for those missing, from questions."""
    languages = starter.language_list(_ask("languages", options["languages"], starter.language_list, "zh,en"))
    texts: dict[str, dict[str, str]] = {"name": {}, "address": {}}
    for what, given in texts.items():
        for lang in [code for code in languages if code in ("zh", "en")]:
            key = f"{what}_{lang}"
            value = options[key]
            if value is None and not given and not any(options[f"{what}_{code}"] for code in ("zh", "en")):
                value = _ask(key, None, _required)  # the first of the two is needed, the other may stay empty
            elif value is None and _interactive():
                value = click.prompt(INIT_QUESTIONS[key] + " (optional, 可不填)", default="", show_default=False)
            if value and value.strip():
                given[lang] = value.strip()
    floors = starter.floor_labels(_ask("floors", options["floors"], starter.floor_labels))
    hours = starter.checked_hours(_ask("hours", options["hours"], starter.checked_hours, starter.DEFAULT_HOURS))
    ground = next((f for f, order in starter.floor_orders(floors).items() if order >= 1), floors[0])

    def on_a_floor(value: str) -> None:
        if starter.floor_id(value) not in {starter.floor_id(f) for f in floors}:
            raise starter.AnswerError(f"{value!r} is not one of the floors ({', '.join(floors)})")

    kiosk_floor = _ask("kiosk_floor", options["kiosk_floor"], on_a_floor, ground)
    ident = options["building_id"] or starter.building_id(texts["name"])
    if not re.match(SLUG_PATTERN, ident):
        raise click.BadParameter("lowercase letters, digits and dashes, e.g. jiangsu-road", param_hint="--id")
    return starter.Answers(texts["name"], texts["address"], floors, languages, hours, kiosk_floor, ident)


def _required(value: str) -> None:
    if not value.strip():
        raise starter.AnswerError("an answer is needed here (请填写)")


@main.command("init")
@click.argument("folder", required=False, default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("--name-zh", help="The building's name in Chinese.")
@click.option("--name-en", help="The building's name in English.")
@click.option("--address-zh", help="Its address in Chinese.")
@click.option("--address-en", help="Its address in English.")
@click.option("--floors", help="Floor labels bottom to top: B1,1F-7F (ids are the labels in lower case).")
@click.option("--languages", help="Language codes, the kiosk's first (default zh,en).")
@click.option("--hours", help=f"Daily hours, OpenStreetMap syntax (default {starter.DEFAULT_HOURS}).")
@click.option("--kiosk-floor", help="The floor of the lobby screen (default: the first above ground).")
@click.option("--id", "building_id", help="The building's id (default: from its English name, else pinyin).")
def init_command(folder: Path, **options: str | None) -> None:
    """Write a first floors.yaml into FOLDER (default: here), asking what it needs; never overwrites a file."""
    path = folder / "floors.yaml"
    if path.exists():
        click.echo(f"Not written: {path} exists already, and `kiosk init` never overwrites a file.", err=True)
        click.echo("Edit that file, or give another folder: kiosk init FOLDER", err=True)
        sys.exit(1)
    try:
        answers = _init_answers(options)
        text = starter.render(answers)
    except starter.AnswerError as error:
        raise click.UsageError(str(error)) from None
    except click.Abort:
        click.echo("\nNot written: no answer to a question.", err=True)
        sys.exit(1)
    errors = [p for p in starter.problems_of(text, folder) if p.severity == "error"]
    if errors:  # a bug of ours, never the user's answers: say so rather than write a file that will not load
        _print_problems(errors)
        click.echo("Not written: the new file would not pass `kiosk check` (please report this).", err=True)
        sys.exit(1)
    starter.write_new(path, text)
    shown = shlex.quote(str(path))
    click.echo(f"Wrote {path}: {len(answers.floors)} floors ({', '.join(answers.floors)}), 1 lobby screen.")
    click.echo("Next steps (下一步):")
    lobby = starter.floor_id(answers.kiosk_floor)
    click.echo(
        f"  1. Import the drawings (导入图纸: DXF one floor each, IMDF .zip, GeoJSON): "
        f"kiosk import {answers.kiosk_floor}.dxf --floor {lobby} --config {shown}"
    )
    click.echo(f"  2. Check the file (检查文件): kiosk check {shown}")
    click.echo(f"  3. Start the kiosk (启动导览): kiosk serve --config {shown}")


@main.group("export")
def export_group() -> None:
    """Write the building in a standard format: IMDF for map services, GeoJSON for OpenStreetMap tools."""


@export_group.command("imdf")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--config", type=click.Path(dir_okay=False, path_type=Path), envvar="KIOSK_CONFIG", help=CONFIG_HELP)
def export_imdf_command(out: Path, config: Path | None) -> None:
    """Write OUT.zip: an IMDF 1.0.0 archive of the building, in WGS-84 from its `location:`."""
    from kiosk.interchange import export_imdf  # late: only this command needs shapely's heavier parts

    path = config_path(config)
    building = _building_or_exit(path, "Nothing exported")
    try:
        archive = export_imdf.build_archive(building)
    except export_imdf.ExportError as error:
        click.echo(f"Nothing exported: {error}", err=True)
        sys.exit(1)
    now = dt.datetime.now(dt.UTC)
    export_imdf.write_archive(archive, out, building.default_language, now, f"kiosk {_version()}")
    counts = ", ".join(f"{n} {t}" for t, n in archive.count().items() if n)
    click.echo(f"Wrote {out}: {counts}.")
    for note in archive.skipped:
        click.echo(f"left out: {note}", err=True)


@export_group.command("geojson")
@click.argument("out", type=click.Path(file_okay=False, path_type=Path))
@click.option("--config", type=click.Path(dir_okay=False, path_type=Path), envvar="KIOSK_CONFIG", help=CONFIG_HELP)
def export_geojson_command(out: Path, config: Path | None) -> None:
    """Write one GeoJSON file per floor into OUT, with OpenStreetMap's Simple Indoor Tagging."""
    from kiosk.interchange import export_geojson
    from kiosk.interchange.export_imdf import ExportError

    path = config_path(config)
    building = _building_or_exit(path, "Nothing exported")
    try:
        collections = export_geojson.floor_collections(building)
    except ExportError as error:
        click.echo(f"Nothing exported: {error}", err=True)
        sys.exit(1)
    written = export_geojson.write_floors(collections, out)
    click.echo(f"Wrote {len(written)} floor file(s) to {out}: {', '.join(p.name for p in written)}.")


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("kiosk")
    except PackageNotFoundError:
        return "(source)"
