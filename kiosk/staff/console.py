"""What every console page shares: the files it works on, who is signed in, the page chrome, the save records.

Views, forms and the plan editor import these from here (the staff views re-export them for older callers).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flask import current_app, redirect, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import generate_csrf  # type: ignore[import-untyped]

from kiosk.load.loader import BuildingFileError, load_building
from kiosk.load.state import state_file
from kiosk.model.building import Building
from kiosk.staff import accounts, audit, history, labels
from kiosk.web.context import current_site

if TYPE_CHECKING:
    from kiosk.staff import yamledit
    from kiosk.staff.edits import Field
else:
    from kiosk.load.lazy import LazyModule

    # Round-trip YAML (ruamel) is loaded by the first /staff/ page that needs it, not by `kiosk serve`.
    yamledit = LazyModule("kiosk.staff.yamledit")


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


def space_entry(tree: Any, space_id: str) -> Any:
    """A space's entry in the round-trip tree (None if it is not there)."""
    return next((s for s in tree.get("spaces") or [] if s.get("id") == space_id), None)
