"""/staff/reports: what visitors reported, new first; mark done or not a problem; CSV; one tap to act."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, Flask, abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from kiosk.model.building import Building
from kiosk.reports.store import Report, ReportStore, visible_controls
from kiosk.staff import views

bp = Blueprint("staff_reports", __name__, url_prefix="/staff/reports")
bp.before_request(views.gate)
ACT_KINDS = ("lift", "escalator", "toilet", "accessible-toilet")


@dataclass(frozen=True)
class ReportRow:
    """One report as the queue shows it."""

    report: Report
    when: str
    place: str
    floor: str
    words: str
    similar: int
    out_links: tuple[tuple[str, str], ...]
    notice_link: str
    plan_link: str = ""  # the plan editor at the report's place, when the plan or the way is wrong


def _store() -> ReportStore:
    found = current_app.extensions.get("kiosk.reports")
    if not isinstance(found, ReportStore):
        abort(404)
    return found


def _place_name(place: str) -> str:
    building, _ = views.site_now()
    kind, _, ident = place.partition(":")
    if kind in ("space", "floor", "kind"):
        return views.page_label(building, {"kind": "facility_kind"}.get(kind, kind) + ":" + ident)
    return "—"


def _out_values(report_id: int, ends: str) -> dict[str, Any]:
    """What the out-of-service form is pre-filled with: until tomorrow, a reason in both languages."""
    return {
        "report": report_id,
        "ends": ends,
        "reason.zh": "访客报告：暂停使用",
        "reason.en": "Reported out of order by a visitor",
    }


def _row(report: Report, similar: int) -> ReportRow:
    building, now = views.site_now()
    floor = building.floor(report.floor) if report.floor else None
    kind = report.place.partition(":")[2] if report.place.startswith("kind:") else ""
    facilities = [
        f
        for f in building.facilities
        if (f.kind == kind if kind else f.kind in ACT_KINDS) and (not report.floor or report.floor in f.floors)
    ]
    tomorrow = (now.date() + dt.timedelta(days=1)).isoformat()
    out = tuple(
        (
            " ".join(views.facility_name(building, f.id)),
            url_for("staff.facility_out", facility_id=f.id, **_out_values(report.id, tomorrow)),
        )
        for f in facilities
    )
    name = _place_name(report.place)
    notice_values: dict[str, Any] = {"report": report.id, "text.zh": f"{name}："}
    notice = url_for("staff.notice_new", **notice_values)
    return ReportRow(
        report,
        views.local_time(report.at),
        name,
        floor.label if floor else "—",
        visible_controls(report.words),
        similar,
        out if report.kind == "out-of-order" else (),
        notice,
        _plan_link(report, building) if report.kind == "way-wrong" else "",
    )


def _plan_link(report: Report, building: Building) -> str:
    """The plan editor of the report's floor (the space it names selected), if that floor has a plan."""
    space_id = report.place.partition(":")[2] if report.place.startswith("space:") else ""
    space = building.space(space_id) if space_id else None
    floor_id = space.floor if space is not None else report.floor
    floor = building.floor(floor_id) if floor_id else None
    if floor is None or floor.plan is None:
        return ""
    if space is None:
        return url_for("staff_plans.editor", floor_id=floor.id)
    return url_for("staff_plans.editor", floor_id=floor.id, space=space.id)


@bp.get("/", strict_slashes=False)
def queue() -> ResponseReturnValue:
    """New reports first, with page, floor, place, time, words and the count of similar ones."""
    found = _store()
    found.prune(current_app.config["CLOCK"]())
    show = request.args.get("show", "open")
    similar = found.similar()
    rows = [_row(r, similar[(r.place, r.kind, r.day)]) for r in found.reports(show)]
    building, _ = views.site_now()
    targets = [(s.id, f"{s.name('zh')} {s.name('en')}") for s in building.spaces]
    version = views.yamledit.current_version(views.building_path())
    return render_template("staff/reports.html", **views.chrome(rows=rows, show=show, targets=targets, version=version))


@bp.post("/<int:report_id>/close")
def close(report_id: int) -> ResponseReturnValue:
    """Done, or not a problem, with a note; the visitor's contact details are deleted."""
    state = request.form.get("state", "")
    if not _store().close(report_id, state, request.form.get("note", "").strip(), views.who()):
        flash("not_saved")
    else:
        views.audit.record(views.audit_log(), "report-closed", views.who(), report=report_id, state=state)
        flash("saved")
    return redirect(url_for("staff_reports.queue"))


@bp.post("/<int:report_id>/alias")
def alias(report_id: int) -> ResponseReturnValue:
    """Add the word of an "I could not find …" report to a space's aliases, through the usual save."""
    word = " ".join(request.form.get("word", "").split())[:40]
    target = request.form.get("target", "")
    if not word or not target or _store().get(report_id) is None:
        flash("not_saved")
        return redirect(url_for("staff_reports.queue"))
    change = views.edits.add_alias(target, word)
    return views.quick_save(change, f"搜索词 {word} → {target} / alias", "staff_reports.queue")


@bp.get("/export.csv")
def export() -> ResponseReturnValue:
    """Every kept report as CSV, safe to open in a spreadsheet."""
    body = _store().csv()
    headers = {"Content-Type": "text/csv; charset=utf-8", "Content-Disposition": 'attachment; filename="reports.csv"'}
    return body, 200, headers


def init_app(app: Flask) -> None:
    """Register the queue under the console."""
    app.register_blueprint(bp)
