"""The staff console at /staff/: sign in, change the building's day in a few taps, preview, history.

Off until a first account exists, and a 404 (the visitors' own friendly one) to anyone outside
the staff networks, on the lobby listener, or in kiosk mode. Every form carries a CSRF token
and the version of the file it was based on; every save goes through `yamledit.save`.
"""

from __future__ import annotations

import atexit
import datetime as dt
import logging
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from flask import (
    Blueprint,
    Flask,
    Response,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import CSRFError, validate_csrf  # type: ignore[import-untyped]
from wtforms.validators import ValidationError  # type: ignore[import-untyped]

from kiosk.model import scans
from kiosk.model.building import Building
from kiosk.staff import access, accounts, analytics, audit, beacon, forms, history, labels, secret
from kiosk.staff import session as staff_session
from kiosk.staff.console import (  # noqa: F401 (re-exported: the report views and older callers use views.X)
    Keep,
    _back,
    _from_report,
    _setting_path,
    audit_log,
    building_path,
    chrome,
    current_tree,
    facility_name,
    history_folder,
    is_admin,
    local_time,
    prefilled,
    site_now,
    space_entry,
    staff_file,
    who,
)
from kiosk.staff.forms import PREVIEWS, form_page, latest_of, plain_words, render_preview  # noqa: F401
from kiosk.staff.lockout_store import LockoutStore
from kiosk.staff.rows import facility_rows, notice_rows
from kiosk.web import qr
from kiosk.web.cache import registry
from kiosk.web.context import PageContext, current_site

if TYPE_CHECKING:
    from kiosk.staff import edits, meanwhile, yamledit
else:
    from kiosk.load.lazy import LazyModule

    # Forms and saves only: their round-trip YAML (ruamel) is loaded by the first /staff/ page that needs it,
    # not by `kiosk serve` before it answers (cold start).
    edits = LazyModule("kiosk.staff.edits")
    meanwhile = LazyModule("kiosk.staff.meanwhile")
    yamledit = LazyModule("kiosk.staff.yamledit")

# The access decorators, also under the names other console blueprints use (editors and admins are all staff).
staff_required = editor_required = access.staff_required
admin_required = access.admin_required

log = logging.getLogger(__name__)
bp = Blueprint("staff", __name__, url_prefix="/staff", static_folder="static", static_url_path="/static")
OPEN_ENDPOINTS = frozenset({"staff.login", "staff.static"})


# --- Settings and paths --------------------------------------------------------------------


def signed_in_account() -> accounts.Account | None:
    """The signed-in account if this session is still good: the account exists, same password, same day."""
    account = accounts.load_accounts(staff_file()).get(session.get("staff", ""))
    if account is None or session.get("sessions") != account.sessions or _session_too_old():
        return None
    return account


# --- Gate ----------------------------------------------------------------------------------


@bp.before_request
def gate() -> ResponseReturnValue | None:
    """404 unless a staff network may see the console and it is on; sign-in; CSRF on every POST."""
    networks = current_app.extensions["kiosk.staff.networks"]
    if not access.staff_may_reach(request.environ, request.args, networks):
        abort(404)
    known = accounts.load_accounts(staff_file())
    if not known:
        abort(404)  # off until `kiosk staff add` made a first account
    if request.method == "POST":
        try:
            validate_csrf(request.form.get("csrf_token"))
        except ValidationError:
            audit.record_refusal(audit_log(), "csrf-refused", who() or "-", _client(), url=request.path)
            return render_template("staff/message.html", **chrome(), message="expired"), 400
    if request.endpoint in OPEN_ENDPOINTS:
        return None
    if signed_in_account() is None:
        session.clear()  # signed out, password changed, account removed, or the working day is over
        return redirect(url_for("staff.login"))
    return None


def _session_too_old() -> bool:
    """Whether the session began longer ago than its lifetime (counted from sign-in, never renewed)."""
    began = session.get("began")
    lifetime = current_app.permanent_session_lifetime.total_seconds()
    return not isinstance(began, int | float) or _now_seconds() - began > lifetime


def _now_seconds() -> float:
    return float(current_app.config["CLOCK"]().timestamp())


# --- Sign-in -------------------------------------------------------------------------------


def _client() -> str:
    """The address a request came from (waitress's, after any trusted proxy): whose refusals are counted."""
    return str(request.environ.get("REMOTE_ADDR") or "-")


@bp.route("/login", methods=["GET", "POST"])
def login() -> ResponseReturnValue:
    """The sign-in form; wrong passwords slow down, then lock the account."""
    lockout: accounts.Lockout = current_app.extensions["kiosk.staff.lockout"]
    error: tuple[str, dict[str, Any]] | None = None
    if request.method == "POST":
        name = request.form.get("name", "").strip().lower()[:32]
        password = request.form.get("password", "")[:1024]
        known = accounts.load_accounts(staff_file())
        wait = lockout.begin(name, known)  # counted now, before the slow password check
        if wait:
            audit.record_refusal(audit_log(), "sign-in-refused", name, _client(), reason="locked", wait=wait)
            error = ("wait", {"seconds": wait})
        elif accounts.verify_password(known.get(name), password):
            lockout.succeeded(name)
            session.clear()
            session["staff"] = name
            session["sessions"] = known[name].sessions
            session["began"] = _now_seconds()
            session.permanent = True
            audit.record(audit_log(), "sign-in", name)
            return redirect(url_for("staff.home"))
        else:
            lockout.keep(name)
            wait = lockout.wait_seconds(name)
            audit.record(audit_log(), "sign-in-failed", name, wait=wait)
            error = ("wait", {"seconds": wait}) if wait else ("wrong_password", {})
    status = 401 if error else 200
    return render_template("staff/login.html", **chrome(error=error)), status


@bp.post("/logout")
def logout() -> ResponseReturnValue:
    """Sign out: every session of this account ends (a copied cookie, another PC), not only this one."""
    audit.record(audit_log(), "sign-out", who())
    try:
        accounts.end_sessions(staff_file(), who())
    except OSError:
        log.exception("staff sign-out: the other sessions of %s could not be ended", who())
    session.clear()
    return redirect(url_for("staff.login"))


# --- Home and lists --------------------------------------------------------------------------


@bp.get("/", strict_slashes=False)  # `/staff` too: no redirect that would tell outsiders the console exists
def home() -> ResponseReturnValue:
    """What staff do most, as big buttons; the last changes."""
    recent = history.versions(history_folder())[:5]
    return render_template("staff/home.html", **chrome(recent=recent))


@bp.get("/notices")
def notices() -> ResponseReturnValue:
    """Every notice, showing or not, with edit and end."""
    building, now = site_now()
    rows = notice_rows(building, now, current_tree().get("notices") or [], edits.fingerprint)
    return render_template("staff/notices.html", **chrome(rows=rows, version=yamledit.current_version(building_path())))


@bp.get("/closures")
def closures() -> ResponseReturnValue:
    """The closure days in the file."""
    building, _ = site_now()
    return render_template("staff/closures.html", **chrome(closures=building.closures, building=building))


@bp.get("/facilities")
def facilities() -> ResponseReturnValue:
    """Lifts, escalators, toilets (and the rest), with out-of-service state now."""
    building, now = site_now()
    rows = facility_rows(building, now, facility_name)
    return render_template(
        "staff/facilities.html", **chrome(rows=rows, version=yamledit.current_version(building_path()))
    )


@bp.get("/spaces")
def spaces() -> ResponseReturnValue:
    """Every space, to change its hours, description or status."""
    building, _ = site_now()
    return render_template("staff/spaces.html", **chrome(spaces=building.spaces, building=building))


@bp.get("/events")
def events() -> ResponseReturnValue:
    """The events written in floors.yaml."""
    building, _ = site_now()
    return render_template("staff/events.html", **chrome(events=list(enumerate(building.events))))


# --- The one form flow: check, preview or save --------------------------------------------


# --- Notices -------------------------------------------------------------------------------


@bp.route("/notices/new", methods=["GET", "POST"])
def notice_new() -> ResponseReturnValue:
    """Post a notice."""
    return form_page(forms.notice_form(site_now()[0], None))


@bp.route("/notices/<int:index>", methods=["GET", "POST"])
def notice_edit(index: int) -> ResponseReturnValue:
    """Change a notice."""
    entry = edits.raw_entry(current_tree(), "notices", index)
    if entry is None:
        abort(404)
    return form_page(forms.notice_form(site_now()[0], index, entry))


@bp.post("/notices/<int:index>/end")
def notice_end(index: int) -> ResponseReturnValue:
    """End a notice now."""
    _, now = site_now()
    change = edits.end_notice(index, now, request.form.get("entry"))
    return quick_save(change, f"结束通知 {index + 1} / notice {index + 1} ended", "staff.notices")


def quick_save(change: yamledit.Change, what: str, back: str) -> ResponseReturnValue:
    """A one-button change (end a notice, back in service): saved, or refused with the reason."""
    path = building_path()

    keep = Keep(what)
    try:
        outcome = keep.done(yamledit.save(path, request.form.get("version", ""), change, keep))
    except yamledit.Unwritable as error:
        audit.record(audit_log(), "change-refused", who(), what=what, reason=f"cannot write: {error}")
        flash("unwritable_quick")
        return redirect(url_for(back))
    except edits.EntryGone:
        flash("entry_changed")
        return redirect(url_for(back))
    except (KeyError, IndexError):
        abort(404)
    if outcome.conflict:
        flash("conflict")
    elif not outcome.saved:
        audit.record(audit_log(), "change-refused", who(), what=what, problems=[str(p) for p in outcome.problems])
        flash("quick_refused")
    else:
        flash("saved")
    return _back(back)


# --- Closures ------------------------------------------------------------------------------


@bp.route("/closures/new", methods=["GET", "POST"])
def closure_new() -> ResponseReturnValue:
    """Add a closure day (the building or one space)."""
    building, now = site_now()
    return form_page(forms.closure_form(building, now))


# --- Out of service ------------------------------------------------------------------------


@bp.route("/facilities/<facility_id>/out", methods=["GET", "POST"])
def facility_out(facility_id: str) -> ResponseReturnValue:
    """Mark a lift, escalator or toilet out of service."""
    building, now = site_now()
    if not any(f.id == facility_id for f in building.facilities):
        abort(404)
    return form_page(forms.outage_form(building, facility_id, now))


@bp.post("/facilities/<facility_id>/back")
def facility_back(facility_id: str) -> ResponseReturnValue:
    """Back in service: the outages in force now are removed."""
    building, now = site_now()
    facility = next((f for f in building.facilities if f.id == facility_id), None)
    if facility is None:
        abort(404)
    covering = [i for i, outage in enumerate(facility.out_of_service) if outage.covers(now)]
    return quick_save(
        edits.back_in_service(facility_id, now, covering),
        f"{facility_id} 恢复使用 / back in service",
        "staff.facilities",
    )


# --- Spaces --------------------------------------------------------------------------------


@bp.route("/spaces/<space_id>", methods=["GET", "POST"])
def space_edit(space_id: str) -> ResponseReturnValue:
    """Change a space's hours, description or status."""
    building, _ = site_now()
    entry = space_entry(current_tree(), space_id)
    if entry is None or building.space(space_id) is None:
        abort(404)
    return form_page(forms.space_form(building, space_id, entry))


# --- Events --------------------------------------------------------------------------------


@bp.route("/events/new", methods=["GET", "POST"])
def event_new() -> ResponseReturnValue:
    """Add an event."""
    return form_page(forms.event_form(site_now()[0], None))


@bp.route("/events/<int:index>", methods=["GET", "POST"])
def event_edit(index: int) -> ResponseReturnValue:
    """Change an event."""
    entry = edits.raw_entry(current_tree(), "events", index)
    if entry is None:
        abort(404)
    return form_page(forms.event_form(site_now()[0], index, entry))


# --- History -------------------------------------------------------------------------------


@bp.get("/history")
def history_list() -> ResponseReturnValue:
    """Every kept version, newest first."""
    kept = history.versions(history_folder())
    current = yamledit.current_version(building_path())
    return render_template("staff/history.html", **chrome(versions=kept, current=current))


@bp.get("/history/<int:number>")
def history_version(number: int) -> ResponseReturnValue:
    """One version: who, when, and what changed."""
    kept = {v.number: v for v in history.versions(history_folder())}
    if number not in kept:
        abort(404)
    return render_template(
        "staff/version.html",
        **chrome(v=kept[number], version=yamledit.current_version(building_path())),
    )


@bp.post("/history/<int:number>/restore")
@admin_required
def history_restore(number: int) -> ResponseReturnValue:
    """Restore a kept version (admins only); the restore is itself a new version."""
    try:
        old = history.content_of(history_folder(), number).decode("utf-8")
    except OSError:
        abort(404)

    what = f"恢复到版本 {number} / restored version {number}"
    return quick_save_text(old, what)


def quick_save_text(text: str, what: str) -> ResponseReturnValue:
    """Write a whole text (a restore) through the same checks, lock and history as any change."""
    path = building_path()

    keep = Keep(what, "restore")
    try:
        outcome = keep.done(yamledit.save_text(path, request.form.get("version", ""), text, keep))
    except yamledit.Unwritable as error:
        audit.record(audit_log(), "restore-refused", who(), what=what, reason=f"cannot write: {error}")
        flash("unwritable_quick")
        return redirect(url_for("staff.history_list"))
    if outcome.conflict:
        flash("conflict")
    elif not outcome.saved:
        audit.record(audit_log(), "restore-refused", who(), what=what, problems=[str(p) for p in outcome.problems])
        flash("restore_refused")
    else:
        flash("restored")
    return redirect(url_for("staff.history_list"))


# --- Accounts (admins) ---------------------------------------------------------------------


@bp.route("/accounts", methods=["GET", "POST"])
@admin_required
def accounts_page() -> ResponseReturnValue:
    """Admins add staff, set a new password, or remove an account."""
    problem = ""
    if request.method == "POST":
        name = request.form.get("name", "").strip().lower()
        action = request.form.get("action", "add")
        try:
            if action == "remove":
                accounts.remove_account(staff_file(), name)
                audit.record(audit_log(), "account-removed", who(), account=name)
            else:
                password = request.form.get("password", "")
                if password != request.form.get("again", ""):
                    raise accounts.AccountError("the two passwords differ")
                changed = accounts.add_account(staff_file(), name, password, request.form.get("role", "editor"))
                if name == who():
                    session["sessions"] = changed.sessions  # one's own new password: only the others end
                audit.record(audit_log(), "account-set", who(), account=name, role=request.form.get("role"))
            flash("saved")
            return redirect(url_for("staff.accounts_page"))
        except accounts.AccountError as error:
            problem = str(error)
    listed = sorted(accounts.load_accounts(staff_file()).values(), key=lambda a: a.name)
    return render_template("staff/accounts.html", **chrome(accounts=listed, problem=problem)), 422 if problem else 200


# --- What visitors look for ----------------------------------------------------------------


def counter() -> analytics.Counter | None:
    """The app's counter (None when counting is off)."""
    found = current_app.extensions.get("kiosk.staff.analytics")
    return found if isinstance(found, analytics.Counter) else None


def _month_arg() -> str:
    _, now = site_now()
    month = request.args.get("month", "")
    return month if re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", month) else now.strftime("%Y-%m")


def page_label(building: Building, key: str) -> str:
    """A counted page's key ("space:library") as staff recognise it ("图书馆 Library")."""
    from kiosk.model.i18n import category_name, kind_name

    kind, _, ident = key.partition(":")
    space = building.space(ident) if kind == "space" else None
    if space is not None:
        return f"{space.name('zh')} {space.name('en')}"
    floor = building.floor(ident) if kind == "floor" else None
    if floor is not None:
        return f"{floor.label} {floor.name('zh')} {floor.name('en')}"
    category = building.category(ident) if kind == "category" else None
    if category is not None:
        return f"{category_name(category, 'zh')} {category_name(category, 'en')}"
    facility_kind = building.kind(ident) if kind == "facility_kind" else None
    if facility_kind is not None:
        return f"{kind_name(facility_kind, 'zh')} {kind_name(facility_kind, 'en')}"
    zh, en = labels.label("page_" + kind)
    return f"{zh} {en}" if zh != "page_" + kind else key


def poster_label(building: Building, poster: str) -> str:
    """A poster id ("floor-3f", "space-library", "board-3f") as staff recognise the poster on the wall."""
    kind, _, ident = poster.partition("-")
    floor = building.floor(ident) if kind in ("floor", "board") else None
    space = building.space(ident) if kind == "space" else None
    if poster == "building":
        zh, en = labels.label("poster_building")
    elif floor is not None:
        zh, en = labels.label("poster_board" if kind == "board" else "poster_floor")
        return f"{zh} {en} · {floor.label} {floor.name('zh')} {floor.name('en')}"
    elif space is not None:
        zh, en = labels.label("poster_space")
        return f"{zh} {en} · {space.name('zh')} {space.name('en')}"
    else:
        zh, en = labels.label("poster_unknown")
        return f"{poster} {zh} {en}"
    return f"{zh} {en}"


@bp.get("/analytics")
def analytics_page() -> ResponseReturnValue:
    """A month of counts: totals, sources, charts drawn here as SVG, top pages and words."""
    count = counter()
    if count is None:
        abort(404)
    count.flush()  # show what is queued too
    building, now = site_now()
    month = _month_arg()
    report = count.month(month)
    days = report.per_day("view")
    year, mon = (int(x) for x in month.split("-"))
    first = dt.date(year, mon, 1)
    length = ((first + dt.timedelta(days=32)).replace(day=1) - first).days
    daily = [(str(d), days.get(f"{month}-{d:02d}", 0)) for d in range(1, length + 1)]
    hourly = [(f"{h}", n) for h, n in enumerate(report.per_hour("view"))]
    targets = [(s.id, f"{s.name('zh')} {s.name('en')}") for s in building.spaces] + [
        (f.id, " ".join(facility_name(building, f.id))[:60]) for f in building.facilities
    ]
    return render_template(
        "staff/analytics.html",
        **chrome(
            month=month,
            report=report,
            day_chart=analytics.bar_chart(daily, label_every=5),
            hour_chart=analytics.bar_chart(hourly, label_every=2),
            top_pages=[(page_label(building, k), n) for k, n in report.top("view")],
            posters=[(poster_label(building, p), m, d) for p, m, d in report.scans(now.date().isoformat())],
            show_today=month == now.strftime("%Y-%m"),
            targets=targets,
            version=yamledit.current_version(building_path()),
            lost=count.lost,
            report_summary=_report_summary(month),
        ),
    )


def _report_summary(month: str) -> list[tuple[str, str, str, int]]:
    """Visitor reports per day, kind and place in the month (empty when reports are off)."""
    found = current_app.extensions.get("kiosk.reports")
    if found is None:
        return []
    building, _ = site_now()
    rows = found.summary(month)
    named = {place: page_label(building, place.replace("kind:", "facility_kind:")) for _, _, place, _ in rows if place}
    return [(day, kind, named.get(place, "—"), n) for day, kind, place, n in rows]


@bp.get("/analytics.csv")
def analytics_csv() -> ResponseReturnValue:
    """A month of counts as CSV."""
    count = counter()
    if count is None:
        abort(404)
    count.flush()
    month = _month_arg()
    body = count.month(month).csv()
    disposition = f'attachment; filename="kiosk-{month}.csv"'
    return body, 200, {"Content-Type": "text/csv; charset=utf-8", "Content-Disposition": disposition}


@bp.post("/analytics/alias")
def analytics_alias() -> ResponseReturnValue:
    """Make a word that found nothing find a space or facility (an alias)."""
    word = request.form.get("word", "").strip()[: analytics.MAX_KEY]
    target = request.form.get("target", "")
    if not word or not target:
        flash("not_saved")
        return redirect(url_for("staff.analytics_page"))
    return quick_save(edits.add_alias(target, word), f"搜索词 {word} → {target} / alias", "staff.analytics_page")


PAGE_KEYS = {
    "directory.space": "space_id",
    "directory.floor": "floor_id",
    "directory.category": "category",
    "directory.facility_kind": "kind",
}
COUNTED = frozenset({"directory", "search", "events"})


def count_request(response: Response) -> Response:
    """After a visitor's page: queue its counts (nothing personal); never fails or slows the page."""
    try:
        count = counter()
        if (
            count is None
            or request.method != "GET"
            or response.status_code != 200
            or request.blueprint not in COUNTED
            or response.mimetype != "text/html"
        ):
            return response
        page = g.get("page")
        if not isinstance(page, PageContext):
            return response
        endpoint = request.endpoint or ""
        arg = PAGE_KEYS.get(endpoint)
        key = endpoint.partition(".")[2] + (f":{page.view_args.get(arg, '')}" if arg else "")
        # The poster marker is read here only: it is not carried, so it counts the landing page once.
        source = analytics.source_of({**page.carried, **_scan_arg()})
        count.hit(page.now, "view", key, source)
        if source == "poster":
            count.hit(page.now, "scan", _scan_arg()[scans.SCAN_PARAM], source)
        if page.kiosk is not None:
            settings = page.building.settings
            count.kiosk_request(page.kiosk.id, page.now, settings.idle_seconds + settings.countdown_seconds)
        if endpoint == "search.results" and page.query:
            count.hit(page.now, "search", page.query.lower(), source)
    except Exception:  # counting must never cost a visitor a page
        log.exception("analytics: a request could not be counted")
    return response


def _scan_arg() -> dict[str, str]:
    """The request's poster marker when it is a valid one (junk is ignored, never an error)."""
    poster = scans.scanned_poster(request.args)
    if poster is None:
        return {}
    # Only the posters this building has are counted: a visitor typing `?scan=anything` would
    # otherwise add rows to the console's scan table without end.
    known = qr.printed_posters(current_site().building)
    return {scans.SCAN_PARAM: poster} if poster in known else {}


def _classify(app: Flask) -> Callable[[analytics.Hit], list[analytics.Hit]]:
    """Searches are looked up again off the request path: those that found nothing are counted as such."""
    from kiosk.search.index import search

    def classify(hit: analytics.Hit) -> list[analytics.Hit]:
        if hit.metric != "search":
            return [hit]
        index = app.extensions["kiosk.store"].current().search_index
        if search(index, hit.key):
            return [hit]
        return [hit, analytics.Hit(hit.day, hit.hour, "search-empty", hit.key, hit.source)]

    return classify


def _start_counting(app: Flask) -> None:
    """Count visitors' pages when the console is on (or STAFF_ANALYTICS says so)."""
    with app.app_context():
        enabled = app.config.get("STAFF_ANALYTICS")
        if enabled is None:
            enabled = accounts.console_enabled(staff_file())
        if not enabled:
            return
        database = _setting_path("STAFF_ANALYTICS_DB", "kiosk-analytics.sqlite")
    count = analytics.Counter(
        database, retention_days=int(app.config.get("STAFF_ANALYTICS_DAYS", 400)), classify=_classify(app)
    )
    app.extensions["kiosk.staff.analytics"] = count
    app.after_request(count_request)
    registry.rerun_for_kept_pages(app, count_request, "a kept page is a visit too")
    if app.config.get("STAFF_ANALYTICS_THREAD", not app.testing):
        count.start()
        atexit.register(count.stop)  # a clean shutdown writes what is queued


# --- Setup ---------------------------------------------------------------------------------


def _secret_for(app: Flask) -> Callable[[], str | None]:
    def key() -> str | None:
        with app.app_context():
            if not accounts.console_enabled(staff_file()):
                return None
            path = _setting_path("STAFF_SECRET_FILE", ".kiosk-secret")
        return secret.secret_key(path)

    return key


def init_app(app: Flask) -> None:
    """Register the console: its blueprint, sessions, networks and lockout."""
    app.config.setdefault("WTF_CSRF_TIME_LIMIT", None)  # valid for the session: a form may stay open a while
    app.config.setdefault("WTF_CSRF_SSL_STRICT", False)  # SameSite=Strict and the token already do this
    staff_session.configure(app, _secret_for(app))
    app.extensions["kiosk.staff.networks"] = access.parse_networks(
        app.config.get("STAFF_NETWORKS") or access.DEFAULT_NETWORKS
    )
    with app.app_context():  # wrong-password counts outlive a restart: a lock is not undone by a power cut
        lockout_db = _setting_path("STAFF_LOCKOUT_DB", "staff-lockout.sqlite")
    app.extensions["kiosk.staff.lockout"] = accounts.Lockout(store=LockoutStore(lockout_db))
    app.extensions[access.SIGNED_IN] = signed_in_account
    app.register_blueprint(bp)
    beacon.init_app(app)  # searches typed on the lobby screen (a 404 while counting is off)
    _start_counting(app)

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError) -> ResponseReturnValue:
        abort(400)
