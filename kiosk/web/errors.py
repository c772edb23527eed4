"""Friendly bilingual error pages: every bad URL gets a way home, never a bare 500."""

from __future__ import annotations

import logging

from flask import Flask, request
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import HTTPException, InternalServerError

log = logging.getLogger(__name__)
PLAIN_ERROR = "出错了，请返回首页。 Something went wrong; please go back to the home page: /\n"


def render_error(status: int) -> ResponseReturnValue:
    """The error page in both languages (we may not know which the visitor reads)."""
    from kiosk.web.context import current_page
    from kiosk.web.render import render

    kind = {404: "not_found", 400: "bad_request"}.get(status, "bad_request" if status < 500 else "server")
    try:
        page = current_page()
        return render("error.html", page, status=status, kind=kind, languages=page.site.languages), status
    except Exception:  # the error page itself failed: still answer, in plain words
        log.exception("the error page could not be rendered")
        return PLAIN_ERROR, status, {"Content-Type": "text/plain; charset=utf-8"}


def init_app(app: Flask) -> None:
    """Register the handlers."""

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> ResponseReturnValue:
        if error.code in (301, 302, 303, 307, 308):
            return error
        return render_error(error.code or 500)

    @app.errorhandler(Exception)
    def unexpected(error: Exception) -> ResponseReturnValue:
        log.exception("unhandled error on %s", request.path, exc_info=error)
        return render_error(InternalServerError.code)
