"""Friendly bilingual error pages: every bad URL gets a way home, never a bare 500."""

from __future__ import annotations

import logging

from flask import Flask, render_template, request
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import HTTPException, InternalServerError

log = logging.getLogger(__name__)


def render_error(status: int) -> ResponseReturnValue:
    """The error page in both languages (we may not know which the visitor reads)."""
    kind = {404: "not_found", 400: "bad_request"}.get(status, "bad_request" if status < 500 else "server")
    return render_template("error.html", status=status, kind=kind), status


def init_app(app: Flask) -> None:
    """Register the handlers."""

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> ResponseReturnValue:
        if error.code in (301, 302, 303, 307, 308):
            return error  # type: ignore[return-value]
        return render_error(error.code or 500)

    @app.errorhandler(Exception)
    def unexpected(error: Exception) -> ResponseReturnValue:
        log.exception("unhandled error on %s", request.path, exc_info=error)
        return render_error(InternalServerError.code)
