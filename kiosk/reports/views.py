"""The visitors' form at /<lang>/report: what is wrong with the page they came from, sent in one screen.

Works without JavaScript (a plain form, a 303 to the thank-you page). Refusals are friendly pages:
too many (429), an old form (shown again, what was typed kept), a full disk (an apology, 503).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, Flask, current_app, redirect, request
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from kiosk.load.state import state_file
from kiosk.model.building import Lang
from kiosk.reports import guard
from kiosk.reports.store import KINDS, MAX_CONTACT, MAX_PAGE, MAX_WORDS, Limits, NewReport, ReportStore, StoreError
from kiosk.staff import accounts, secret
from kiosk.web.context import PageContext, current_page, is_static_export
from kiosk.web.render import render
from kiosk.web.serving import is_local_request
from kiosk.web.urls import LANG, MAX_QUERY

log = logging.getLogger(__name__)
bp = Blueprint("reports", __name__)
MAX_BODY = 16 * 1024  # 500 characters of Chinese, percent-encoded, with room to spare: more is not a person typing
HONEYPOT = "website"
# The visitor pages a report may be about (the page it came from); anything else becomes the home page.
ABOUT = frozenset({"directory", "search", "events", "layout"})
STORE_KEY = "kiosk.reports"


@dataclass(frozen=True)
class About:
    """The page a report is about: its path, a link back to it, the place and floor it shows."""

    page: str
    back: str
    place: str
    floor: str
    query: str = ""


def store() -> ReportStore | None:
    """The app's report store (None when reports are off)."""
    found = current_app.extensions.get(STORE_KEY)
    return found if isinstance(found, ReportStore) else None


def _key() -> str:
    return str(current_app.extensions["kiosk.reports.key"]())


def about(page: PageContext, raw: str) -> About:
    """Read the `page` a report is about: a path of our own visitor pages, else the home page."""
    home = About("", page.url("directory.home"), "", page.origin.floor if page.origin else "")
    parts = urlsplit(raw[:MAX_PAGE])
    if not raw.startswith("/") or raw.startswith("//") or "\\" in raw or parts.scheme or parts.netloc:
        return home
    try:
        endpoint, args = current_app.url_map.bind("localhost").match(parts.path, method="GET")
    except HTTPException:
        return home
    if endpoint.partition(".")[0] not in ABOUT or "lang" not in args:
        return home
    query = dict(_query(parts.query)).get("q", "")[:MAX_QUERY].strip() if endpoint == "search.results" else ""
    back = page.url(endpoint, **{**args, "lang": page.lang, **({"q": query} if query else {})})
    place, floor = _place(page, endpoint, args)
    return About(parts.path + (f"?q={query}" if query else ""), back, place, floor, query)


def _query(text: str) -> list[tuple[str, str]]:
    from urllib.parse import parse_qsl

    return parse_qsl(text, keep_blank_values=False)[:10]


def _place(page: PageContext, endpoint: str, args: Mapping[str, Any]) -> tuple[str, str]:
    """The place and floor a visitor page shows (a space, a floor, a kind of facility)."""
    building = page.building
    here = page.origin.floor if page.origin else ""
    space = building.space(str(args.get("space_id", ""))) if endpoint == "directory.space" else None
    if space is not None:
        return f"space:{space.id}", space.floor
    floor = building.floor(str(args.get("floor_id", "")))
    if floor is not None:
        return f"floor:{floor.id}", floor.id
    kind = building.kind(str(args.get("kind", ""))) if endpoint == "directory.facility_kind" else None
    if kind is not None:
        return f"kind:{kind.id}", here
    return "", here


def _form(page: PageContext, where: About, status: int = 200, **model: Any) -> ResponseReturnValue:
    values = model.pop("values", {"words": where.query})
    body = render(
        "report.html",
        page,
        about=where,
        kinds=KINDS,
        values=values,
        token=guard.make_token(_key(), where.page),
        limits={"words": MAX_WORDS, "contact": MAX_CONTACT},
        days=store().retention_days if store() else 0,  # type: ignore[union-attr]
        **model,
    )
    return body, status, {"Cache-Control": "no-store"}


def _said(page: PageContext, where: About, key: str, status: int) -> ResponseReturnValue:
    body = render("report_said.html", page, about=where, said=key, status=status)
    headers = {"Cache-Control": "no-store", **({"Retry-After": "3600"} if status == 429 else {})}
    return body, status, headers


@bp.get(f"/{LANG}/report")
def form(lang: Lang) -> ResponseReturnValue:
    """The form, about the page in `?page=`."""
    if store() is None:
        return _off()
    page = current_page()
    return _form(page, about(page, request.args.get("page", "")))


@bp.post(f"/{LANG}/report")
def send(lang: Lang) -> ResponseReturnValue:
    """Keep a report, or refuse it politely; then the thank-you page."""
    if store() is None:
        return _off()
    page = current_page()
    request.max_content_length = MAX_BODY
    try:
        sent = request.form
    except RequestEntityTooLarge:
        return _said(page, about(page, request.args.get("page", "")), "too_long", 413)
    where = about(page, sent.get("page", ""))
    values = {
        "kind": sent.get("kind", ""),
        "words": sent.get("words", "")[:MAX_WORDS],
        "contact": sent.get("contact", "")[:MAX_CONTACT],
    }
    if not guard.same_origin(request.headers, request.host_url):
        return _said(page, where, "other_site", 403)
    if not guard.token_ok(_key(), sent.get("token", ""), where.page):
        return _form(page, where, 400, values=values, problem="expired")
    if sent.get(HONEYPOT):
        return _thanks_redirect(page, where)  # a robot: thanked, and nothing is kept
    if values["kind"] not in KINDS:
        return _form(page, where, 422, values=values, problem="choose_kind")
    return _keep(page, where, values)


def _keep(page: PageContext, where: About, values: dict[str, str]) -> ResponseReturnValue:
    found = store()
    assert found is not None
    report = NewReport(
        kind=values["kind"],
        page=where.page,
        lang=page.lang,
        place=where.place,
        floor=where.floor,
        words=" ".join(values["words"].split("\x00")).strip(),
        contact=values["contact"].strip(),
        source="kiosk" if page.kiosk else "web",
    )
    now = current_app.config["CLOCK"]()
    day = now.astimezone(page.building.tz).date().isoformat()
    try:
        outcome = found.submit(report, _client(page, day), now, day, _limits())
    except StoreError:
        log.exception("reports: a report could not be kept")
        return _said(page, where, "sorry", 503)
    if outcome != "ok":
        return _said(page, where, "too_many" if outcome == "client" else "busy", 429)
    return _thanks_redirect(page, where)


def _client(page: PageContext, day: str) -> str:
    """Whom the per-hour limit counts: the lobby screen by its kiosk, anyone else by a daily address hash."""
    if page.kiosk is not None and is_local_request(request.environ):
        return f"kiosk:{page.kiosk.id}"
    return guard.client_key(_key(), str(request.remote_addr or ""), day)


def _limits() -> Limits:
    config = current_app.config
    return Limits(
        per_client=int(config.get("REPORTS_PER_CLIENT", 5)),
        per_kiosk=int(config.get("REPORTS_PER_KIOSK", 30)),
        per_hour=int(config.get("REPORTS_PER_HOUR", 200)),
    )


def _thanks_redirect(page: PageContext, where: About) -> ResponseReturnValue:
    return redirect(page.url("reports.thanks", page=where.page or None), code=303)


@bp.get(f"/{LANG}/report/thanks")
def thanks(lang: Lang) -> ResponseReturnValue:
    """ "Thank you — staff will look at it", and the way back to the page."""
    if store() is None:
        return _off()
    page = current_page()
    return _said(page, about(page, request.args.get("page", "")), "thanks", 200)


def _off() -> ResponseReturnValue:
    from kiosk.web.errors import render_error

    return render_error(404)


def report_link(page: PageContext) -> str | None:
    """The "report a problem" link of a visitor page (None when reports are off, or on the form itself)."""
    if STORE_KEY not in current_app.extensions or is_static_export() or page.endpoint is None:
        return None
    if page.endpoint.startswith("reports.") or page.endpoint.partition(".")[0] not in ABOUT:
        return None
    path = request.full_path.rstrip("?") if page.endpoint == "search.results" else request.path
    return page.url("reports.form", page=path[:MAX_PAGE])


def _state(app: Flask, name: str) -> Path:
    """A file in the server's state folder (systemd's StateDirectory=, else beside floors.yaml)."""
    return state_file(Path(app.config["KIOSK_CONFIG"]), name, app.config.get("STATE_DIR"))


def _enabled(app: Flask) -> bool:
    with app.app_context():
        configured = app.config.get("REPORTS")
        if configured is not None:
            return bool(configured)
        staff = app.config.get("STAFF_FILE") or _state(app, "staff.json")
        return accounts.console_enabled(Path(staff))  # nobody could read them without a console


def init_app(app: Flask) -> None:
    """The form, on when the console is (or REPORTS says so); its store beside floors.yaml."""
    app.register_blueprint(bp)
    app.jinja_env.globals["report_link"] = report_link
    if not _enabled(app):
        return
    database = Path(app.config.get("REPORTS_DB") or _state(app, "kiosk-reports.sqlite"))
    found = ReportStore(database, retention_days=int(app.config.get("REPORTS_DAYS", 90)))
    found.prune(dt.datetime.now(dt.UTC))
    app.extensions[STORE_KEY] = found
    key_file = Path(app.config.get("REPORTS_KEY_FILE") or _state(app, ".kiosk-reports-key"))
    keys: list[str] = []

    def key() -> str:
        if not keys:
            keys.append(secret.secret_key(key_file))
        return keys[0]

    app.extensions["kiosk.reports.key"] = key
