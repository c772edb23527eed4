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
from collections.abc import Callable, Mapping
from pathlib import Path
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
from flask_wtf.csrf import CSRFError, generate_csrf, validate_csrf  # type: ignore[import-untyped]
from wtforms.validators import ValidationError  # type: ignore[import-untyped]

from kiosk.load.loader import BuildingFileError, Problem, load_building
from kiosk.load.site import build_site
from kiosk.load.state import state_file
from kiosk.model import scans
from kiosk.model.building import Building
from kiosk.staff import access, accounts, analytics, audit, beacon, history, labels, secret
from kiosk.staff import session as staff_session
from kiosk.staff.lockout_store import LockoutStore
from kiosk.web.cache import registry
from kiosk.web.context import PageContext, current_site

if TYPE_CHECKING:
    from kiosk.staff import edits, meanwhile, yamledit
    from kiosk.staff.edits import Field, Parsed
else:
    from kiosk.load.lazy import LazyModule

    # Forms and saves only: their round-trip YAML (ruamel) is loaded by the first /staff/ page that needs it,
    # not by `kiosk serve` before it answers (cold start, issue 12).
    edits = LazyModule("kiosk.staff.edits")
    meanwhile = LazyModule("kiosk.staff.meanwhile")
    yamledit = LazyModule("kiosk.staff.yamledit")

log = logging.getLogger(__name__)
bp = Blueprint("staff", __name__, url_prefix="/staff", static_folder="static", static_url_path="/static")
OPEN_ENDPOINTS = frozenset({"staff.login", "staff.static"})
PREVIEWS = ("lobby", "phone")


# --- Settings and paths --------------------------------------------------------------------


def building_path() -> Path:
    """The floors.yaml the console edits: the one the kiosk serves."""
    return Path(current_app.config["KIOSK_CONFIG"])


def _setting_path(key: str, default_name: str) -> Path:
    """A state file: its own setting, else `default_name` in the state folder (systemd's StateDirectory=)."""
    value = current_app.config.get(key)
    return Path(value) if value else state_file(building_path(), default_name, current_app.config.get("STATE_DIR"))


def staff_file() -> Path:
    """The accounts file (STAFF_FILE, else staff.json in the state folder)."""
    return _setting_path("STAFF_FILE", "staff.json")


def audit_log() -> Path:
    """The audit log (STAFF_AUDIT_LOG, else staff-audit.jsonl in the state folder)."""
    return _setting_path("STAFF_AUDIT_LOG", "staff-audit.jsonl")


def history_folder() -> Path:
    """Where versions are kept (STAFF_HISTORY, else floors.yaml.history/ in the state folder)."""
    return _setting_path("STAFF_HISTORY", history.history_folder(building_path()).name)


def who() -> str:
    """The signed-in staff member's name."""
    return str(session.get("staff", ""))


def is_admin() -> bool:
    """Whether the signed-in account is an admin (checked against the file, not only the cookie)."""
    account = accounts.load_accounts(staff_file()).get(who())
    return account is not None and account.is_admin


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
            audit.record(audit_log(), "csrf-refused", who() or "-", url=request.path)
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


def chrome(**extra: Any) -> dict[str, Any]:
    """What every console template gets: the labels, the CSRF token, who is signed in."""
    on = "kiosk.staff.analytics" in current_app.extensions
    return {
        "L": labels.label,
        "local": local_time,
        "csrf_token": generate_csrf,
        "who": who(),
        "admin": is_admin(),
        "analytics_on": on,
        "reports_new": _reports_new(),
        **extra,
    }


def _reports_new() -> int | None:
    """How many visitor reports are new (None when reports are off): the badge on every console page."""
    found = current_app.extensions.get("kiosk.reports")
    return found.new_count() if found is not None and who() else None


def _from_report(number: int, what: str) -> None:
    """A save made from a visitor report (`report` in the form): the report links to the saved version."""
    found = current_app.extensions.get("kiosk.reports")
    report = request.values.get("report", "")
    if found is not None and report.isdigit():
        found.acted(int(report), number, what, who())


def _back(back: str) -> ResponseReturnValue:
    """After a save: back to the report it came from, else to `back`."""
    report = request.values.get("report", "")
    if report.isdigit() and "kiosk.reports" in current_app.extensions:
        return redirect(url_for("staff_reports.queue", _anchor=f"report-{report}"))
    return redirect(url_for(back))


def prefilled(initial: Mapping[str, str], fields: tuple[Field, ...]) -> dict[str, str]:
    """A form's first values, with those a report's action link carries (`?report=7&reason.zh=...`)."""
    if not request.args.get("report", "").isdigit():
        return dict(initial)
    names = {f.name for f in fields} | {f.name + ".time" for f in fields}
    return {**initial, **{k: v[:500] for k, v in request.args.items() if k in names}}


def local_time(iso: str) -> str:
    """A stored UTC time as the building's clock shows it (staff think in local time)."""
    try:
        moment = dt.datetime.fromisoformat(iso)
        return moment.astimezone(current_site().building.tz).strftime("%Y-%m-%d %H:%M")
    except (ValueError, TypeError):
        return iso


# --- Sign-in -------------------------------------------------------------------------------


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
            audit.record(audit_log(), "sign-in-refused", name, reason="locked", wait=wait)
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


def site_now() -> tuple[Building, dt.datetime]:
    """The building as the kiosk has it now, and the time in its zone."""
    try:
        building = load_building(building_path())  # the file as saved, not the kiosk's copy of 2 s ago
    except (BuildingFileError, OSError):
        building = current_site().building  # a broken hand edit: the kiosk's last good building
    return building, current_app.config["CLOCK"]().astimezone(building.tz)


def current_tree() -> Any:
    """The file as it is now, as a round-trip tree (the console always works on the file, not a cache)."""
    return yamledit.load_tree(building_path().read_text(encoding="utf-8"))


@bp.get("/", strict_slashes=False)  # `/staff` too: no redirect that would tell outsiders the console exists
def home() -> ResponseReturnValue:
    """What staff do most, as big buttons; the last changes."""
    recent = history.versions(history_folder())[:5]
    return render_template("staff/home.html", **chrome(recent=recent))


@bp.get("/notices")
def notices() -> ResponseReturnValue:
    """Every notice, showing or not, with edit and end."""
    building, now = site_now()
    raw = current_tree().get("notices") or []
    rows = [
        {
            "index": i,
            "notice": notice,
            "showing": notice.is_current_at(now),
            "entry": edits.fingerprint(raw[i]) if i < len(raw) else "",
        }
        for i, notice in enumerate(building.notices)
    ]
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
    order = {"lift": 0, "escalator": 1, "toilet": 2, "accessible-toilet": 3}
    items = sorted(building.facilities, key=lambda f: (order.get(f.kind, 9), f.kind, f.id))
    rows = [{"facility": f, "name": facility_name(building, f.id), "outage": f.outage_at(now)} for f in items]
    return render_template(
        "staff/facilities.html", **chrome(rows=rows, version=yamledit.current_version(building_path()))
    )


def facility_name(building: Building, facility_id: str) -> tuple[str, str]:
    """A facility's name in both languages (its own, else its kind's, with its floors)."""
    from kiosk.model.i18n import kind_name

    facility = next(f for f in building.facilities if f.id == facility_id)
    floors = ", ".join((building.floor(f).label if building.floor(f) else f) for f in facility.floors)  # type: ignore[union-attr]
    kind = building.kind(facility.kind)
    names = []
    for lang in ("zh", "en"):
        own = facility.name(lang) if facility.name else (kind_name(kind, lang) if kind else facility.kind)
        names.append(f"{own} · {facility.location(lang)} ({floors})")
    return names[0], names[1]


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


class Keep:
    """A save's records: the version in history just before the file is replaced, the audit line once it is.

    A save that is refused at the last moment (a hand edit meanwhile, a full disk) takes its history
    version back, so history and audit never name a version that did not reach floors.yaml.
    """

    def __init__(self, what: str, event: str = "change"):
        self.what, self.event, self.number = what, event, 0

    def __call__(self, outcome: yamledit.Outcome) -> Callable[[], None]:
        """Record `outcome` as the next version; returns how to take it back."""
        folder = history_folder()
        days = int(current_app.config.get("STAFF_HISTORY_DAYS", history.KEEP_DAYS))
        name = building_path().name
        self.number = history.record(folder, name, outcome.old_text, outcome.new_text, who(), self.what, days)
        number = self.number

        def undo() -> None:
            history.forget(folder, number)
            self.number = 0

        return undo

    def done(self, outcome: yamledit.Outcome) -> yamledit.Outcome:
        """After the save: the new version served at once, and the audit line (and the report it came from)."""
        if outcome.saved and outcome.loaded is not None:
            current_app.extensions["kiosk.store"].accept(outcome.loaded)  # not after the next look at the file
        if outcome.saved and self.number:
            if self.event == "change":
                report = request.values.get("report")
                audit.record(audit_log(), "change", who(), what=self.what, history=self.number, report=report)
                _from_report(self.number, self.what)
            else:
                audit.record(audit_log(), self.event, who(), what=self.what, history=self.number)
        return outcome


def form_page(
    title: str,
    fields: tuple[Field, ...],
    initial: Mapping[str, str],
    make_change: Callable[[Mapping[str, Any]], yamledit.Change],
    what: str,
    back: str,
    preview: tuple[str, dict[str, str]],
    subject: tuple[str, str] | None = None,
    latest: Callable[[], Mapping[str, str]] | None = None,
) -> ResponseReturnValue:
    """Show a form; on POST read it, then preview the draft or save it (refusing with reasons)."""
    g.staff_subject = subject  # what the form is about, under its title ("图书馆 Library")
    g.staff_latest = latest  # an existing entry's values, read again when a save is refused
    path = building_path()
    if request.method == "GET":
        return _form(title, fields, initial, yamledit.current_version(path), back)
    values = {key: str(value) for key, value in request.form.items()}
    parsed = edits.read_form(fields, request.form)
    base = request.form.get("version", "")
    if parsed.errors:
        return _form(title, fields, values, base, back, parsed=parsed), 422
    change = make_change(parsed.values)
    mode = request.args.get("preview")
    try:
        return _preview_or_save(title, fields, values, base, back, change, what, preview, mode)
    except edits.EntryGone:
        audit.record(audit_log(), "change-refused", who(), what=what, reason="entry changed meanwhile")
        return _form(title, fields, values, yamledit.current_version(path), back, gone=True), 409


def _preview_or_save(
    title: str,
    fields: tuple[Field, ...],
    values: dict[str, str],
    base: str,
    back: str,
    change: yamledit.Change,
    what: str,
    preview: tuple[str, dict[str, str]],
    mode: str | None,
) -> ResponseReturnValue:
    """Render the draft as a visitor page, or save it (refused on conflict or problems, input kept)."""
    path = building_path()
    if mode in PREVIEWS:
        outcome = yamledit.draft(path, change)
        if outcome.problems or outcome.building is None:
            return _form(title, fields, values, base, back, outcome=outcome), 422
        return render_preview(outcome.building, outcome.new_text, mode, *preview)

    keep = Keep(what)
    try:
        outcome = keep.done(yamledit.save(path, base, change, keep))
    except yamledit.Unwritable as error:
        audit.record(audit_log(), "change-refused", who(), what=what, reason=f"cannot write: {error}")
        return _form(title, fields, values, base, back, unwritable=True), 503
    if outcome.conflict:
        audit.record(audit_log(), "change-refused", who(), what=what, reason="changed meanwhile")
        return _form(title, fields, values, outcome.version, back, conflict=True), 409
    if not outcome.saved:
        audit.record(audit_log(), "change-refused", who(), what=what, problems=[str(p) for p in outcome.problems])
        return _form(title, fields, values, base, back, outcome=outcome), 422
    flash("saved")
    return _back(back)


def _form(
    title: str,
    fields: tuple[Field, ...],
    values: Mapping[str, str],
    version: str,
    back: str,
    parsed: Parsed | None = None,
    outcome: yamledit.Outcome | None = None,
    conflict: bool = False,
    gone: bool = False,
    unwritable: bool = False,
) -> str:
    """Render the form with the values kept and each problem beside its field."""
    field_errors: dict[str, list[tuple[str, str]]] = {}
    for name, keys in (parsed.errors if parsed else {}).items():
        field_errors[name] = [labels.label(key) for key in keys]
    other: list[str] = []
    if outcome:
        names = [f.name for f in fields]
        for problem, key in zip(outcome.problems, outcome.problem_keys, strict=False):
            said = plain_words(problem)
            target = _field_for(key, names)
            if target is None:
                other.append(said)
            else:
                field_errors.setdefault(target, []).append((said, ""))
    return render_template(
        "staff/form.html",
        **chrome(
            title=title,
            fields=fields,
            values=values,
            version=version,
            back=back,
            errors=field_errors,
            other=other,
            conflict=conflict,
            gone=gone,
            unwritable=unwritable,
            failed=bool(field_errors or other),
            subject=g.get("staff_subject"),
            **(_saved_meanwhile(fields, values) if conflict else {}),
        ),
    )


def latest_of(values: Callable[[Any], dict[str, str]], find: Callable[[Any], Any]) -> Callable[[], Mapping[str, str]]:
    """An entry's form values as the file has them when asked (after a refused save, not when the form came)."""

    def read() -> Mapping[str, str]:
        entry = find(current_tree())
        return values(entry) if entry is not None else {}

    return read


def _saved_meanwhile(fields: tuple[Field, ...], typed: Mapping[str, str]) -> dict[str, Any]:
    """On a refused save: what is saved now where it differs from the input, and who saved it when."""
    read_latest = g.get("staff_latest")
    last = meanwhile.last_change(history.versions(history_folder()), yamledit.current_version(building_path()))
    return {
        "saved_now": meanwhile.saved_now(fields, read_latest(), typed) if read_latest is not None else {},
        "last_change": last,
    }


OWNER = re.compile(r"^[a-z][a-z _-]* `[^`]*`: ")


def plain_words(problem: Problem) -> str:
    """A `kiosk check` problem as staff read it: without the entry's name (it is this form) or backticks."""
    said = OWNER.sub("", problem.message) + (f" — {problem.hint}" if problem.hint else "")
    return said.replace("`", "")


def _field_for(key: str | None, names: list[str]) -> str | None:
    """The form field a problem at YAML key `key` belongs beside."""
    if key is None:
        return None
    for name in names:
        if name == key or name.startswith(key + ".") or key.startswith(name + "."):
            return name
    return names[0] if key == "" and names else None


def render_preview(
    building: Building, text: str, mode: str, endpoint: str, args: dict[str, str]
) -> ResponseReturnValue:
    """A visitor's page rendered against the draft building, written nowhere."""
    site = build_site(building, text.encode("utf-8"), building_path())
    lang = site.default_language
    g.site = site
    g.page = PageContext(
        site=site,
        lang=lang,
        now=current_app.config["CLOCK"]().astimezone(building.tz),
        carried={"kiosk": building.kiosks[0].id} if mode == "lobby" and building.kiosks else {},
        endpoint=endpoint,
        view_args={"lang": lang, **args},
    )
    response = current_app.make_response(
        current_app.ensure_sync(current_app.view_functions[endpoint])(lang=lang, **args)
    )
    response.headers["Cache-Control"] = "no-store"
    return response


# --- Notices -------------------------------------------------------------------------------


@bp.route("/notices/new", methods=["GET", "POST"])
def notice_new() -> ResponseReturnValue:
    """Post a notice."""
    fields = edits.notice_fields(site_now()[0].languages)
    return form_page(
        "new_notice",
        fields,
        prefilled({"level": "info"}, fields),
        lambda values: edits.set_notice(None, values),
        "发布通知 / notice posted",
        "staff.notices",
        ("directory.home", {}),
    )


@bp.route("/notices/<int:index>", methods=["GET", "POST"])
def notice_edit(index: int) -> ResponseReturnValue:
    """Change a notice."""
    entry = edits.raw_entry(current_tree(), "notices", index)
    if entry is None:
        abort(404)
    languages = site_now()[0].languages
    return form_page(
        "edit_notice",
        edits.notice_fields(languages),
        {**edits.notice_values(entry, languages), "entry": edits.fingerprint(entry)},
        lambda values: edits.set_notice(index, values, request.form.get("entry")),
        f"修改通知 {index + 1} / notice {index + 1} changed",
        "staff.notices",
        ("directory.home", {}),
        latest=latest_of(lambda e: edits.notice_values(e, languages), lambda tree: edits.raw_entry(tree, "notices", index)),
    )


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
    return form_page(
        "new_closure",
        edits.closure_fields(building),
        {"date": (now.date() + dt.timedelta(days=1)).isoformat()},
        edits.add_closure,
        "添加闭馆日 / closure added",
        "staff.closures",
        ("directory.home", {}),
    )


# --- Out of service ------------------------------------------------------------------------


@bp.route("/facilities/<facility_id>/out", methods=["GET", "POST"])
def facility_out(facility_id: str) -> ResponseReturnValue:
    """Mark a lift, escalator or toilet out of service."""
    building, now = site_now()
    if not any(f.id == facility_id for f in building.facilities):
        abort(404)
    initial = {"starts": now.date().isoformat(), "starts.time": now.strftime("%H:%M")}
    fields = edits.outage_fields(building.languages)
    return form_page(
        "mark_out",
        fields,
        prefilled(initial, fields),
        lambda values: edits.mark_out_of_service(facility_id, values),
        f"{facility_id} 停用 / out of service",
        "staff.facilities",
        ("directory.home", {}),
        facility_name(building, facility_id),
    )


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
    entry = _space_entry(current_tree(), space_id)
    space = building.space(space_id)
    if entry is None or space is None:
        abort(404)
    return form_page(
        "edit_space",
        edits.space_fields(building, space_id),
        edits.space_values(entry, building.languages),
        lambda values: edits.set_space(space_id, values),
        f"修改场馆 {space_id} / space {space_id} changed",
        "staff.spaces",
        ("directory.space", {"space_id": space_id}),
        (space.name("zh"), space.name("en")),
        latest=latest_of(lambda e: edits.space_values(e, building.languages), lambda tree: _space_entry(tree, space_id)),
    )


def _space_entry(tree: Any, space_id: str) -> Any:
    """A space's entry in the round-trip tree (None if it is not there)."""
    return next((s for s in tree.get("spaces") or [] if s.get("id") == space_id), None)


# --- Events --------------------------------------------------------------------------------


@bp.route("/events/new", methods=["GET", "POST"])
def event_new() -> ResponseReturnValue:
    """Add an event."""
    building, _ = site_now()
    return form_page(
        "new_event",
        edits.event_fields(building),
        {},
        lambda values: edits.set_event(None, values),
        "添加活动 / event added",
        "staff.events",
        ("events.whats_on", {}),
    )


@bp.route("/events/<int:index>", methods=["GET", "POST"])
def event_edit(index: int) -> ResponseReturnValue:
    """Change an event."""
    building, _ = site_now()
    entry = edits.raw_entry(current_tree(), "events", index)
    if entry is None:
        abort(404)
    return form_page(
        "edit_event",
        edits.event_fields(building),
        {**edits.event_values(entry, building.languages), "entry": edits.fingerprint(entry)},
        lambda values: edits.set_event(index, values, request.form.get("entry")),
        f"修改活动 {index + 1} / event {index + 1} changed",
        "staff.events",
        ("events.whats_on", {}),
        latest=latest_of(lambda e: edits.event_values(e, building.languages), lambda tree: edits.raw_entry(tree, "events", index)),
    )


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
@access.admin_required
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
@access.admin_required
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
    return {scans.SCAN_PARAM: poster} if poster else {}


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
