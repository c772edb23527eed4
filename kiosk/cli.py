"""The `kiosk` command: `kiosk serve` runs the kiosk, `kiosk check` validates floors.yaml."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import click

from kiosk import config_path, create_app
from kiosk.loader import BuildingFileError, check_building, summary

CONFIG_HELP = "The building file (default: $KIOSK_CONFIG, else ./floors.yaml)."


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
    _print_problems(problems)
    if building is None or errors:
        click.echo(f"{len(errors)} problem(s) in {path}; the kiosk will not load it until they are fixed.", err=True)
        sys.exit(1)
    click.echo(f"OK: {summary(building)}")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, envvar="KIOSK_HOST", help="Address to listen on.")
@click.option(
    "--port", default=8080, show_default=True, type=click.IntRange(1, 65535), envvar="KIOSK_PORT", help="Port."
)
@click.option(
    "--config", "config", type=click.Path(dir_okay=False, path_type=Path), envvar="KIOSK_CONFIG", help=CONFIG_HELP
)
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 64), help="Waitress worker threads.")
def serve(host: str, port: int, config: Path | None, threads: int) -> None:
    """Serve the kiosk with waitress (the production server)."""
    import waitress

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    path = config_path(config)
    try:
        app = create_app(path)
    except BuildingFileError as error:
        _print_problems(error.problems)
        click.echo(
            f"Not starting: {path} has {len(error.problems)} problem(s). Fix them and run `kiosk check`.", err=True
        )
        sys.exit(1)
    building = app.extensions["kiosk.store"].building
    click.echo(f"Serving {building.building.name.en} ({summary(building)}) from {path}")
    click.echo(f"Kiosk screen: http://{host}:{port}/?kiosk={building.kiosks[0].id}" if building.kiosks else "")
    click.echo(f"Phones and web: http://{host}:{port}/")
    waitress.serve(app, host=host, port=port, threads=threads, ident="kiosk")
