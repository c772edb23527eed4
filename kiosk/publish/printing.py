"""The floor boards as print-ready PDF files, one page each, printed by Chromium itself.

Why Chromium and not WeasyPrint: the kiosk PC runs Chromium already (the lobby screen is
Chromium in kiosk mode, and `kiosk doctor` checks for it), so printing needs no second layout
engine and no extra system libraries; and the board is drawn by the same engine as the screen,
so the plan's SVG (icons by `<use>`), CJK line breaking and the CSS grid come out exactly as the
layout page shows them. One headless Chromium prints every board as one document (one page per
board, `@page` sets the sheet), then pypdf splits it into a file per board: a Chromium start
costs seconds, a split page milliseconds.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from flask import Flask
from pypdf import PdfReader, PdfWriter
from werkzeug.serving import WSGIRequestHandler, make_server

from kiosk.doctor import BROWSERS

PRINT_TIMEOUT = 180  # seconds for Chromium to print every board (a 15-floor building takes about 10)


class PrintError(RuntimeError):
    """The boards could not be printed; the message says why, for the person at the command line."""


def find_chromium(explicit: str | None = None) -> str | None:
    """The Chromium to print with: `explicit` (or $KIOSK_CHROMIUM), else the first on PATH."""
    chosen = explicit or os.environ.get("KIOSK_CHROMIUM")
    if chosen:
        return chosen if Path(chosen).exists() else shutil.which(chosen)
    return next((found for name in BROWSERS if (found := shutil.which(name))), None)


class _Quiet(WSGIRequestHandler):
    """No line per request: the progress bar is what the person at the command line reads."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """Say nothing."""


@contextmanager
def served(app: Flask) -> Iterator[str]:
    """The app on a loopback port for the length of the block (Chromium fetches the boards from it)."""
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=_Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)


def chromium_pdf(chromium: str, url: str, out: Path) -> None:
    """Print the page at `url` to `out` with headless Chromium; the page's `@page` rule sets the sheet."""
    command = [chromium, "--headless", "--disable-gpu", "--no-pdf-header-footer", "--no-first-run"]
    command += ["--disable-background-networking", "--disable-component-update", "--disable-sync"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--no-sandbox")  # Chromium refuses to start as root with its sandbox
    command += [f"--print-to-pdf={out}", url]
    try:
        done = subprocess.run(command, capture_output=True, timeout=PRINT_TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise PrintError(f"Chromium did not print the boards: {error}") from None
    if done.returncode != 0 or not out.exists():
        raise PrintError(f"Chromium did not print the boards (exit {done.returncode}): {done.stderr[-400:]!r}")


def split_pages(document: Path, names: list[str], folder: Path, progress: Callable[[Iterable], Iterable]) -> list[Path]:
    """Write page i of `document` to folder/names[i].pdf; every board must be exactly one page."""
    reader = PdfReader(document)
    if len(reader.pages) != len(names):
        raise PrintError(f"{len(names)} boards came out as {len(reader.pages)} pages: a board ran over its sheet")
    written = []
    for name, page in progress(list(zip(names, reader.pages, strict=True))):
        writer = PdfWriter()
        writer.add_page(page)
        writer.add_metadata({"/Title": name, "/Creator": "kiosk posters"})
        path = folder / f"{name}.pdf"
        with path.open("wb") as file:
            writer.write(file)
        written.append(path)
    return written


def print_boards(
    app: Flask, names: list[str], folder: Path, size: str, chromium: str, progress: Callable[[Iterable], Iterable]
) -> list[Path]:
    """Every board (`/boards/all`, in `names` order) as folder/<name>.pdf on `size` paper."""
    folder.mkdir(parents=True, exist_ok=True)
    with served(app) as base, tempfile.TemporaryDirectory() as scratch:
        document = Path(scratch) / "boards.pdf"
        chromium_pdf(chromium, f"{base}/boards/all?size={size}", document)
        return split_pages(document, names, folder, progress)
