"""/staff/plans/<floor>: draw a floor's rooms, doors, facilities and kiosks over its own drawing.

The page is plain SVG and one ES module (`static/plan_editor.js`); a save posts the whole floor
as JSON with the version the editor opened, and goes through the console's one save path
(`yamledit.save`: version check, `kiosk check`, atomic round-trip write, history). Rooms drawn
over each other are refused here too, though `kiosk check` only warns of them in a hand-written
file: a drawing tool must not make them. Every problem comes back placed at its room.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flask import Blueprint, Flask, Response, abort, jsonify, render_template, request, send_file, url_for
from flask.typing import ResponseReturnValue

from kiosk.load.loader import check_content
from kiosk.model.building import Building, Floor
from kiosk.staff import audit, history, labels, views

if TYPE_CHECKING:
    from kiosk.staff import drawings, plan_edits
else:
    from kiosk.load.lazy import LazyModule

    # The editor's round-trip YAML (ruamel) and Pillow load with the first plan page, not with `kiosk serve`.
    drawings = LazyModule("kiosk.staff.drawings")
    plan_edits = LazyModule("kiosk.staff.plan_edits")

bp = Blueprint("staff_plans", __name__, url_prefix="/staff/plans")
bp.before_request(views.gate)
PLANS_FOLDER = "plans"  # beside floors.yaml, as the file's own comment suggests (`background: plans/1f.png`)
TOOLS = ("tool_select", "tool_room", "tool_rect", "tool_door", "tool_facility", "tool_kiosk", "tool_pan")


def _floor(floor_id: str) -> tuple[Building, Floor]:
    building, _ = views.site_now()
    floor = building.floor(floor_id)
    if floor is None or floor.plan is None:
        abort(404)
    return building, floor


def plans_folder() -> Path:
    """Where floor drawings are kept: `plans/` beside floors.yaml."""
    return views.building_path().parent / PLANS_FOLDER


def _refusal(words: tuple[str, str], status: int = 422, **extra: Any) -> ResponseReturnValue:
    return jsonify(saved=False, refused=list(words), **extra), status


@bp.get("/", strict_slashes=False)
@views.editor_required
def floors() -> ResponseReturnValue:
    """The floors that have a plan, to pick one to draw."""
    building, _ = views.site_now()
    shown = [f for f in building.floors_top_down if f.plan is not None]
    return render_template("staff/plans.html", **views.chrome(floors=shown))


@bp.get("/<floor_id>")
@views.editor_required
def editor(floor_id: str) -> ResponseReturnValue:
    """The editor for one floor."""
    building, floor = _floor(floor_id)
    model = plan_edits.floor_model(building, floor)
    model["drawing"] = _drawing_state(floor)
    model["labels"] = {key: list(pair) for key, pair in labels.labels().items() if key.startswith("pe_")}
    chosen = request.args.get("space", "")
    if any(s.id == chosen for s in building.spaces_on(floor.id)):
        model["select"] = {"section": "spaces", "id": chosen}
    return render_template(
        "staff/plan_editor.html",
        **views.chrome(
            floor=floor,
            model=json.dumps(model, ensure_ascii=False).replace("</", "<\\/"),
            version=views.yamledit.current_version(views.building_path()),
            others=[f for f in building.floors_top_down if f.plan is not None],
        ),
    )


@bp.get("/<floor_id>/model.json")
@views.editor_required
def model(floor_id: str) -> ResponseReturnValue:
    """The floor as the file has it now, and its version: the editor reloads after a save, and notices hand edits."""
    building, floor = _floor(floor_id)
    found = plan_edits.floor_model(building, floor)
    found["drawing"] = _drawing_state(floor)
    response = jsonify(model=found, version=views.yamledit.current_version(views.building_path()))
    response.headers["Cache-Control"] = "no-store"
    return response


def _drawing_state(floor: Floor) -> dict[str, Any] | None:
    """The uploaded drawing (its address and where it lies), if there is one."""
    path = drawings.drawing_path(plans_folder(), floor.id)
    if not path.is_file():
        return None
    placement = drawings.read_placement(plans_folder(), floor.id)
    return {
        "url": url_for("staff_plans.drawing", floor_id=floor.id, v=int(path.stat().st_mtime)),
        "placement": placement.__dict__ if placement else None,
    }


def _edit_from_form(building: Building) -> plan_edits.PlanEdit:
    try:
        payload = json.loads(request.form.get("plan", ""))
    except ValueError:
        raise plan_edits.PlanError("the plan sent is not JSON") from None
    return plan_edits.read_plan(payload, building.languages)


@bp.post("/<floor_id>/save")
@views.editor_required
def save(floor_id: str) -> ResponseReturnValue:
    """Save the floor as drawn: refused (nothing written) on a conflict or any problem, each placed on the plan."""
    building, floor = _floor(floor_id)
    try:
        change = plan_edits.apply_plan(floor, _edit_from_form(building))
    except plan_edits.PlanError as error:
        return _refusal(("无法读取平面图", str(error)), 400)
    return _save(change, f"修改平面图 {floor.label} / plan of {floor.label} changed")


class _Refused(Exception):
    """Raised inside the save's own check step: a plan problem `kiosk check` only warns of; nothing is written."""

    def __init__(self, outcome: views.yamledit.Outcome, problems: list[Any]):
        super().__init__("refused")
        self.outcome, self.problems = outcome, problems


def _save(change: views.yamledit.Change, what: str, **extra: Any) -> ResponseReturnValue:
    """The console's one save (`yamledit.save` with `views.Keep`), the plan's own refusal in its pre-write step."""
    path = views.building_path()
    record = views.Keep(what)

    def keep(outcome: views.yamledit.Outcome) -> Callable[[], None] | None:
        # Under the save lock, after the checks passed and before the replace: a raise here writes nothing.
        refused = _refused_warnings(outcome)
        if refused:
            raise _Refused(outcome, refused)
        return record(outcome)

    try:
        outcome = record.done(views.yamledit.save(path, request.form.get("version", ""), change, keep))
    except plan_edits.PlanError as error:
        return _refusal(("无法保存", str(error)), 400)
    except _Refused as refused:
        return _problems(refused.outcome, refused.problems, what)
    except views.yamledit.Unwritable as error:
        audit.record(views.audit_log(), "change-refused", views.who(), what=what, reason=f"cannot write: {error}")
        return _refusal(labels.label("pe_unwritable"), 503)
    if outcome.conflict:
        return _conflict(what)
    if not outcome.saved:  # the errors, and the overlaps too: staff fix everything in one go
        return _problems(outcome, outcome.problems + _refused_warnings(outcome), what)
    return jsonify(saved=True, version=outcome.version, **extra)


def _refused_warnings(outcome: views.yamledit.Outcome) -> list[Any]:
    """The warnings a drawn plan may not bring (rooms over each other), by `kiosk check` before and after."""
    path = views.building_path()
    _, before = check_content(outcome.old_text.encode("utf-8"), path.name, path.parent)
    _, after = check_content(outcome.new_text.encode("utf-8"), path.name, path.parent)
    return plan_edits.refused_warnings(before, after)


def _problems(draft: views.yamledit.Outcome, problems: list[Any], what: str) -> ResponseReturnValue:
    audit.record(views.audit_log(), "change-refused", views.who(), what=what, problems=[str(p) for p in problems])
    placed = plan_edits.placed_problems(views.yamledit.load_tree(draft.new_text), problems)
    return _refusal(labels.label("pe_refused"), 422, problems=placed, version=draft.version)


def _conflict(what: str) -> ResponseReturnValue:
    audit.record(views.audit_log(), "change-refused", views.who(), what=what, reason="changed meanwhile")
    last = views.meanwhile.last_change(
        history.versions(views.history_folder()), views.yamledit.current_version(views.building_path())
    )
    said = labels.label("pe_conflict")
    if last is not None:
        said = (
            f"{said[0]}（{last.who}，{views.local_time(last.at)}）",
            f"{said[1]} ({last.who}, {views.local_time(last.at)})",
        )
    return _refusal(said, 409, conflict=True)


@bp.post("/<floor_id>/preview")
@views.editor_required
def preview(floor_id: str) -> ResponseReturnValue:
    """The floor as drawn, shown exactly as the kiosk will show it (its own page, its own plan drawing)."""
    building, floor = _floor(floor_id)
    try:
        change = plan_edits.apply_plan(floor, _edit_from_form(building))
        draft = views.yamledit.draft(views.building_path(), change)
    except plan_edits.PlanError as error:
        return Response(str(error), 400, mimetype="text/plain")
    if draft.problems or draft.building is None:
        words = "\n".join(str(p) for p in draft.problems)
        return Response(words, 422, mimetype="text/plain")
    space = request.form.get("space", "")
    if space and draft.building.space(space) is not None:
        return views.render_preview(draft.building, draft.new_text, "lobby", "directory.space", {"space_id": space})
    return views.render_preview(draft.building, draft.new_text, "lobby", "directory.floor", {"floor_id": floor_id})


# --- The drawing to trace -----------------------------------------------------------------


@bp.get("/<floor_id>/drawing")
@views.editor_required
def drawing(floor_id: str) -> ResponseReturnValue:
    """The uploaded drawing, as kept (re-encoded PNG)."""
    _floor(floor_id)
    path = drawings.drawing_path(plans_folder(), floor_id)
    if not path.is_file():
        abort(404)
    return send_file(path, mimetype="image/png", max_age=0)


@bp.post("/<floor_id>/drawing/start")
@views.editor_required
def upload_start(floor_id: str) -> ResponseReturnValue:
    """Begin taking a picture to trace, in pieces: the server takes no body over 64 KiB, a drawing is bigger.

    Its name and declared size are checked first, so a 50 MB file or a path in the name is refused
    before a byte of it is sent.
    """
    _floor(floor_id)
    try:
        size = int(request.form.get("size", ""))
        drawings.check_upload(request.form.get("name", ""), size)
    except ValueError as error:
        words = error.words if isinstance(error, drawings.DrawingRefused) else ("请选择一个文件", "choose a file first")
        audit.record(views.audit_log(), "drawing-refused", views.who(), floor=floor_id, reason=words[1])
        return _refusal(words)
    token = drawings.start_upload(plans_folder(), views.who(), size)
    return jsonify(token=token, piece=drawings.PIECE)


@bp.post("/<floor_id>/drawing/part")
@views.editor_required
def upload_part(floor_id: str) -> ResponseReturnValue:
    """One piece of the picture, appended where the last one ended."""
    _floor(floor_id)
    sent = request.files.get("piece")
    try:
        offset = int(request.form.get("offset", ""))
        if sent is None:
            raise ValueError("no piece")
        received = drawings.add_piece(plans_folder(), views.who(), request.form.get("token", ""), offset, sent.read())
    except ValueError as error:
        broke = ("上传中断，请重试", "the upload broke off: try again")
        words = error.words if isinstance(error, drawings.DrawingRefused) else broke
        return _refusal(words)
    return jsonify(received=received)


@bp.post("/<floor_id>/drawing")
@views.editor_required
def upload(floor_id: str) -> ResponseReturnValue:
    """Take the picture sent in pieces (PNG, JPG, a PDF's first page); a hostile file is refused with the reason."""
    _, floor = _floor(floor_id)
    try:
        name = request.form.get("name", "")
        drawings.check_upload(name, None)
        content = drawings.finish_upload(plans_folder(), views.who(), request.form.get("token", ""))
        width, height = drawings.store_upload(plans_folder(), floor_id, name, content)
    except drawings.DrawingRefused as refused:
        audit.record(views.audit_log(), "drawing-refused", views.who(), floor=floor_id, reason=refused.words[1])
        return _refusal(refused.words)
    audit.record(views.audit_log(), "drawing-uploaded", views.who(), floor=floor_id)
    return jsonify(saved=True, width=width, height=height, drawing=_drawing_state(floor))


@bp.post("/<floor_id>/drawing/place")
@views.editor_required
def place(floor_id: str) -> ResponseReturnValue:
    """Fit the drawing to the floor where staff put it, and make it the floor's `background:`."""
    _, floor = _floor(floor_id)
    assert floor.plan is not None
    try:
        placement = drawings.Placement(
            float(request.form["metres_per_pixel"]), float(request.form["x"]), float(request.form["y"])
        )
        if not drawings.drawing_path(plans_folder(), floor_id).is_file():
            raise drawings.DrawingRefused("请先上传图纸", "upload a drawing first")
        fitted = drawings.fit(plans_folder(), floor_id, placement, floor.plan.size)
    except (KeyError, ValueError) as error:
        words = error.words if isinstance(error, drawings.DrawingRefused) else ("数值不对", "a number is missing")
        return _refusal(words)
    relative = f"{PLANS_FOLDER}/{fitted.name}"
    what = f"平面图底图 {floor.label} / drawing of {floor.label} placed"
    return _save(plan_edits.set_background(floor_id, relative), what, background=relative)


def init_app(app: Flask) -> None:
    """Register the plan editor under the console."""
    app.register_blueprint(bp)
