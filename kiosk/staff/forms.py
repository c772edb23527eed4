"""The console's forms, declared once: each `Form` says its fields, first values, the change it makes and
where it goes after; `form_page` shows it, reads it, previews the draft or saves it (refusing with reasons).

Fields (labels, kinds, validation, one per language of the building) are declared in `edits`; the page
is `staff/form.html`, each field drawn by the `field` macro of `staff/_macros.html`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from flask import current_app, flash, g, render_template, request
from flask.typing import ResponseReturnValue

from kiosk.load.loader import Problem
from kiosk.load.site import build_site
from kiosk.model.building import Building
from kiosk.staff import audit, history, labels
from kiosk.staff.console import (
    Keep,
    _back,
    audit_log,
    building_path,
    chrome,
    current_tree,
    facility_name,
    history_folder,
    prefilled,
    space_entry,
    who,
)
from kiosk.web.context import PageContext

if TYPE_CHECKING:
    from kiosk.staff import edits, meanwhile, yamledit
    from kiosk.staff.edits import Field, Parsed
else:
    from kiosk.load.lazy import LazyModule

    edits = LazyModule("kiosk.staff.edits")
    meanwhile = LazyModule("kiosk.staff.meanwhile")
    yamledit = LazyModule("kiosk.staff.yamledit")

PREVIEWS = ("lobby", "phone")


@dataclass(frozen=True)
class Form:
    """One console form: what it is titled and about, its fields, first values, the change it makes, where after."""

    title: str  # label key of the page's heading
    fields: tuple[Field, ...]
    initial: Mapping[str, str]
    make_change: Callable[[Mapping[str, Any]], yamledit.Change]
    what: str  # the history's and audit log's words for a save ("发布通知 / notice posted")
    back: str  # the list the form returns to after a save
    preview: tuple[str, dict[str, str]]  # the visitor page a preview shows: endpoint and its arguments
    subject: tuple[str, str] | None = None  # under the title: what the form is about ("图书馆", "Library")
    latest: Callable[[], Mapping[str, str]] | None = None  # an existing entry's values, read again on a refusal


@dataclass(frozen=True)
class Shown:
    """What one rendering of a form says besides its values: problems, and why a save was refused."""

    parsed: Parsed | None = None
    outcome: yamledit.Outcome | None = None
    conflict: bool = False
    gone: bool = False
    unwritable: bool = False


def form_page(form: Form) -> ResponseReturnValue:
    """Show a form; on POST read it, then preview the draft or save it (refusing with reasons)."""
    path = building_path()
    if request.method == "GET":
        return _form(form, form.initial, yamledit.current_version(path))
    values = {key: str(value) for key, value in request.form.items()}
    parsed = edits.read_form(form.fields, request.form)
    base = request.form.get("version", "")
    if parsed.errors:
        return _form(form, values, base, Shown(parsed=parsed)), 422
    change = form.make_change(parsed.values)
    try:
        return _preview_or_save(form, values, base, change, request.args.get("preview"))
    except edits.EntryGone:
        audit.record(audit_log(), "change-refused", who(), what=form.what, reason="entry changed meanwhile")
        return _form(form, values, yamledit.current_version(path), Shown(gone=True)), 409


def _preview_or_save(
    form: Form, values: dict[str, str], base: str, change: yamledit.Change, mode: str | None
) -> ResponseReturnValue:
    """Render the draft as a visitor page, or save it (refused on conflict or problems, input kept)."""
    path, what = building_path(), form.what
    if mode in PREVIEWS:
        outcome = yamledit.draft(path, change)
        if outcome.problems or outcome.building is None:
            return _form(form, values, base, Shown(outcome=outcome)), 422
        return render_preview(outcome.building, outcome.new_text, mode, *form.preview)

    keep = Keep(what)
    try:
        outcome = keep.done(yamledit.save(path, base, change, keep))
    except yamledit.Unwritable as error:
        audit.record(audit_log(), "change-refused", who(), what=what, reason=f"cannot write: {error}")
        return _form(form, values, base, Shown(unwritable=True)), 503
    if outcome.conflict:
        audit.record(audit_log(), "change-refused", who(), what=what, reason="changed meanwhile")
        return _form(form, values, outcome.version, Shown(conflict=True)), 409
    if not outcome.saved:
        audit.record(audit_log(), "change-refused", who(), what=what, problems=[str(p) for p in outcome.problems])
        return _form(form, values, base, Shown(outcome=outcome)), 422
    flash("saved")
    return _back(form.back)


def _form(form: Form, values: Mapping[str, str], version: str, shown: Shown = Shown()) -> str:
    """Render the form with the values kept and each problem beside its field."""
    field_errors: dict[str, list[tuple[str, str]]] = {}
    for name, keys in (shown.parsed.errors if shown.parsed else {}).items():
        field_errors[name] = [labels.label(key) for key in keys]
    other: list[str] = []
    if shown.outcome:
        names = [f.name for f in form.fields]
        for problem, key in zip(shown.outcome.problems, shown.outcome.problem_keys, strict=False):
            said = plain_words(problem)
            target = _field_for(key, names)
            if target is None:
                other.append(said)
            else:
                field_errors.setdefault(target, []).append((said, ""))
    return render_template(
        "staff/form.html",
        **chrome(
            title=form.title,
            fields=form.fields,
            values=values,
            version=version,
            back=form.back,
            errors=field_errors,
            other=other,
            conflict=shown.conflict,
            gone=shown.gone,
            unwritable=shown.unwritable,
            failed=bool(field_errors or other),
            subject=form.subject,
            **(_saved_meanwhile(form, values) if shown.conflict else {}),
        ),
    )


def latest_of(values: Callable[[Any], dict[str, str]], find: Callable[[Any], Any]) -> Callable[[], Mapping[str, str]]:
    """An entry's form values as the file has them when asked (after a refused save, not when the form came)."""

    def read() -> Mapping[str, str]:
        entry = find(current_tree())
        return values(entry) if entry is not None else {}

    return read


def _saved_meanwhile(form: Form, typed: Mapping[str, str]) -> dict[str, Any]:
    """On a refused save: what is saved now where it differs from the input, and who saved it when."""
    last = meanwhile.last_change(history.versions(history_folder()), yamledit.current_version(building_path()))
    return {
        "saved_now": meanwhile.saved_now(form.fields, form.latest(), typed) if form.latest is not None else {},
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


# --- The forms, declared once --------------------------------------------------------------


def _entry_print() -> str | None:
    """The fingerprint of the entry the form was opened on, as the form sent it back."""
    return request.form.get("entry")


def notice_form(building: Building, index: int | None, entry: Any = None) -> Form:
    """Post a notice (index None) or change the one at `index`; its text in every language of the building."""
    languages = building.languages
    fields = edits.notice_fields(languages)
    if index is None:
        return Form(
            "new_notice",
            fields,
            prefilled({"level": "info"}, fields),
            lambda values: edits.set_notice(None, values),
            "发布通知 / notice posted",
            "staff.notices",
            ("directory.home", {}),
        )
    return Form(
        "edit_notice",
        fields,
        {**edits.notice_values(entry, languages), "entry": edits.fingerprint(entry)},
        lambda values: edits.set_notice(index, values, _entry_print()),
        f"修改通知 {index + 1} / notice {index + 1} changed",
        "staff.notices",
        ("directory.home", {}),
        latest=latest_of(lambda e: edits.notice_values(e, languages), lambda t: edits.raw_entry(t, "notices", index)),
    )


def closure_form(building: Building, now: dt.datetime) -> Form:
    """Add a closure day (the building or one space), tomorrow unless changed."""
    return Form(
        "new_closure",
        edits.closure_fields(building),
        {"date": (now.date() + dt.timedelta(days=1)).isoformat()},
        edits.add_closure,
        "添加闭馆日 / closure added",
        "staff.closures",
        ("directory.home", {}),
    )


def outage_form(building: Building, facility_id: str, now: dt.datetime) -> Form:
    """Mark a lift, escalator or toilet out of service, from now unless changed."""
    fields = edits.outage_fields(building.languages)
    initial = {"starts": now.date().isoformat(), "starts.time": now.strftime("%H:%M")}
    return Form(
        "mark_out",
        fields,
        prefilled(initial, fields),
        lambda values: edits.mark_out_of_service(facility_id, values),
        f"{facility_id} 停用 / out of service",
        "staff.facilities",
        ("directory.home", {}),
        facility_name(building, facility_id),
    )


def space_form(building: Building, space_id: str, entry: Any) -> Form:
    """Change a space's hours, description or status."""
    space = building.space(space_id)
    languages = building.languages
    return Form(
        "edit_space",
        edits.space_fields(building, space_id),
        edits.space_values(entry, languages),
        lambda values: edits.set_space(space_id, values),
        f"修改场馆 {space_id} / space {space_id} changed",
        "staff.spaces",
        ("directory.space", {"space_id": space_id}),
        (space.name("zh"), space.name("en")) if space is not None else None,
        latest=latest_of(lambda e: edits.space_values(e, languages), lambda t: space_entry(t, space_id)),
    )


def event_form(building: Building, index: int | None, entry: Any = None) -> Form:
    """Add an event (index None) or change the one at `index`."""
    languages = building.languages
    fields = edits.event_fields(building)
    if index is None:
        return Form(
            "new_event",
            fields,
            {},
            lambda values: edits.set_event(None, values),
            "添加活动 / event added",
            "staff.events",
            ("events.whats_on", {}),
        )
    return Form(
        "edit_event",
        fields,
        {**edits.event_values(entry, languages), "entry": edits.fingerprint(entry)},
        lambda values: edits.set_event(index, values, _entry_print()),
        f"修改活动 {index + 1} / event {index + 1} changed",
        "staff.events",
        ("events.whats_on", {}),
        latest=latest_of(lambda e: edits.event_values(e, languages), lambda t: edits.raw_entry(t, "events", index)),
    )
