"""The `kiosk` command: `kiosk serve` runs the kiosk, `kiosk check` validates floors.yaml."""

from __future__ import annotations

import gc
import logging
import os
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import click
from flask import Flask, url_for

from kiosk import config_path, create_app, searchbuild
from kiosk.building import LANGS
from kiosk.loader import BuildingFileError, check_building, summary
from kiosk.preview import is_reachable_by_phones, preview_base
from kiosk.qr import FORMATS, make_code, printable_pages, public_base, target_url, validate_public_url

CONFIG_HELP = "The building file (default: $KIOSK_CONFIG, else ./floors.yaml)."
PRINT_PNG_MODULE_PX = 20
log = logging.getLogger(__name__)
# A metro station's worth of phones (issue 12): waitress's default of 100 open connections leaves the
# 101st waiting until it times out; poll() instead of select() lifts the 1,024-descriptor ceiling.
SEARCH_WARMUP_SECONDS = 2.0
WAITRESS_TUNING = {"connection_limit": 1000, "backlog": 2048, "asyncore_use_poll": True}
PUBLIC_URL_HELP = "Address phones open from QR codes (default: $KIOSK_PUBLIC_URL, else floors.yaml's public_url)."


def _print_problems(problems: list) -> None:
    for problem in problems:
        click.echo(str(problem), err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kiosk")
def main() -> None:
    """A lobby wayfinding kiosk for one building, described in floors.yaml."""


@main.command()
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
def check(file: Path | None) -> None:
    """Check FILE (default floors.yaml) and name the line of every problem."""
    path = config_path(file)
    building, problems = check_building(path)
    errors = [p for p in problems if p.severity == "error"]
    if os.environ.get("KIOSK_PUBLIC_URL"):
        # The deployment sets the address itself, so phones can follow after all.
        problems = [p for p in problems if "public_url" not in p.message]
    _print_problems(problems)
    if building is None or errors:
        click.echo(f"{len(errors)} problem(s) in {path}; the kiosk will not load it until they are fixed.", err=True)
        sys.exit(1)
    click.echo(f"OK: {summary(building)}")


def _app_or_exit(path: Path, public_url: str | None, refusal: str) -> Flask:
    """The app for `path` with the --public-url override, or exit naming every problem."""
    try:
        app = create_app(path)
        if public_url:
            app.config["PUBLIC_URL"] = validate_public_url(public_url)
    except BuildingFileError as error:
        _print_problems(error.problems)
        click.echo(f"{refusal}: {path} has {len(error.problems)} problem(s). Fix them and run `kiosk check`.", err=True)
        sys.exit(1)
    except ValueError as error:  # a malformed --public-url or $KIOSK_PUBLIC_URL
        click.echo(f"{refusal}: {error}", err=True)
        sys.exit(1)
    return app


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, envvar="KIOSK_HOST", help="Address to listen on.")
@click.option(
    "--port", default=8080, show_default=True, type=click.IntRange(1, 65535), envvar="KIOSK_PORT", help="Port."
)
@click.option(
    "--config", "config", type=click.Path(dir_okay=False, path_type=Path), envvar="KIOSK_CONFIG", help=CONFIG_HELP
)
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 64), help="Waitress worker threads.")
@click.option("--public-url", help=PUBLIC_URL_HELP)
def serve(host: str, port: int, config: Path | None, threads: int, public_url: str | None) -> None:
    """Serve the kiosk with waitress (the production server)."""
    import waitress

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    path = config_path(config)
    app = _app_or_exit(path, public_url, "Not starting")
    building = app.extensions["kiosk.store"].building
    if public_base(app.config.get("PUBLIC_URL"), building) is None:
        app.config["PREVIEW_URL"] = preview_base(host, port)
        log_preview(app.config["PREVIEW_URL"])
    click.echo(f"Serving {building.building.name.en} ({summary(building)}) from {path}")
    click.echo(f"Kiosk screen: http://{host}:{port}/?kiosk={building.kiosks[0].id}" if building.kiosks else "")
    click.echo(f"Phones and web: http://{host}:{port}/")
    # The search index is made by a child process (kiosk.searchbuild): the server stays ~55 MB smaller.
    # Make it soon after start (not during it: cold start counts), not on the first search.
    searchbuild.use_child_process()
    warm = threading.Timer(SEARCH_WARMUP_SECONDS, lambda: app.extensions["kiosk.store"].current().search_index)
    warm.daemon = True
    warm.start()
    # What was loaded so far lives as long as the process: keep the garbage collector from walking it
    # again and again under load (a full pass costs 5-15 ms, a pause for every request in flight).
    gc.collect()
    gc.freeze()
    waitress.serve(app, host=host, port=port, threads=threads, ident="kiosk", **WAITRESS_TUNING)


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
@click.option(
    "--lang",
    "langs",
    type=click.Choice([*LANGS, "both"]),
    default="both",
    show_default=True,
    help="Language of the pages.",
)
@click.option(
    "--config", "config", type=click.Path(dir_okay=False, path_type=Path), envvar="KIOSK_CONFIG", help=CONFIG_HELP
)
@click.option("--public-url", help=PUBLIC_URL_HELP)
def qr_command(out: Path, fmt: str, langs: str, config: Path | None, public_url: str | None) -> None:
    """Write a QR code for the home page, every floor and every space into OUT, for the print shop."""
    path = config_path(config)
    app = _app_or_exit(path, public_url, "No codes written")
    building = app.extensions["kiosk.store"].building
    base = public_base(app.config.get("PUBLIC_URL"), building)
    if base is None:
        click.echo(
            "No codes written: public_url is not set (floors.yaml, $KIOSK_PUBLIC_URL or --public-url).", err=True
        )
        sys.exit(1)
    formats = FORMATS if fmt == "both" else (fmt,)
    out.mkdir(parents=True, exist_ok=True)
    written = 0
    # A request context only to build paths with the app's own routes (never its Host).
    with app.test_request_context():
        for lang in LANGS if langs == "both" else (langs,):
            for page in printable_pages(building):
                url = target_url(base, url_for(page.endpoint, lang=lang, **page.values))
                for each in formats:
                    # Print shops enlarge PNGs: 20 px per module keeps the edges sharp at 10 cm and 300 dpi.
                    (out / f"{page.name}-{lang}.{each}").write_bytes(make_code(url, each, PRINT_PNG_MODULE_PX).body)
                    written += 1
    click.echo(f"Wrote {written} file(s) to {out} for {base}")


@main.command()
@click.option(
    "--config", "config", type=click.Path(dir_okay=False, path_type=Path), envvar="KIOSK_CONFIG", help=CONFIG_HELP
)
@click.option("--public-url", envvar="KIOSK_PUBLIC_URL", help=PUBLIC_URL_HELP)
@click.option("--offline", is_flag=True, help="Do not try to open the public URL.")
def doctor(config: Path | None, public_url: str | None, offline: bool) -> None:
    """Check this install (file, clock, time zone, public URL, fonts, Chromium) and say what to fix."""
    from kiosk.doctor import http_status, run_checks

    findings = run_checks(config_path(config), public_url, fetch=None if offline else http_status)
    for finding in findings:
        click.echo(str(finding))
    to_fix = [f for f in findings if f.level == "fix"]
    if to_fix:
        click.echo(f"{len(to_fix)} thing(s) to fix before the kiosk can run well.", err=True)
        sys.exit(1)
    click.echo("Ready." if all(f.level == "ok" for f in findings) else "Ready, with warnings.")


@main.command("build")
@click.argument("out", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--config", "config", type=click.Path(dir_okay=False, path_type=Path), envvar="KIOSK_CONFIG", help=CONFIG_HELP
)
@click.option("--public-url", help=PUBLIC_URL_HELP)
def build_command(out: Path, config: Path | None, public_url: str | None) -> None:
    """Write the phone site into OUT as static files, for nginx, object storage or a CDN."""
    from kiosk.build import build_site

    path = config_path(config)
    app = _app_or_exit(path, public_url, "Nothing built")
    out.mkdir(parents=True, exist_ok=True)

    def progress(outputs: list) -> Iterator:
        with click.progressbar(outputs, label="pages", show_pos=True, file=sys.stderr) as bar:
            yield from bar

    written = build_site(app, out, progress)
    codes = sum(1 for name in written if name.startswith("qr/"))
    click.echo(f"Wrote {len(written)} file(s) to {out} ({codes} QR codes).")
    if not codes:
        click.echo("No QR codes: set --public-url (or public_url: in floors.yaml) to the address of OUT.", err=True)
