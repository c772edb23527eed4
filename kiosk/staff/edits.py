"""What staff change, as forms: each editor turns a form's plain strings into one change of the tree.

Form field names are the YAML keys they fill (`text.zh`, `starts`), so a problem `kiosk check`
places at a key is shown next to the field of that name. Keys an editor does not manage
(an event's `repeat:`, a notice's comment) are left exactly as they were.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from kiosk.load.roundtrip import append_entry, flow_map, put, remove, section, text_scalar
from kiosk.model.building import Building
from kiosk.model.i18n import language_name
from kiosk.staff.labels import label
from kiosk.staff.yamledit import Change


class EntryGone(LookupError):
    """The entry a form was opened on was changed or removed by someone else meanwhile."""


def fingerprint(entry: Any) -> str:
    """A short hash of an entry's content, to find it again after other entries moved."""
    return hashlib.sha256(json.dumps(entry, sort_keys=True, default=str, ensure_ascii=False).encode()).hexdigest()[:12]


def locate(seq: CommentedSeq, index: int, print_: str | None) -> int:
    """Where the entry opened at `index` (with fingerprint `print_`) is now; raises EntryGone."""
    if not print_:
        return index
    if index < len(seq) and fingerprint(seq[index]) == print_:
        return index
    for position, entry in enumerate(seq):
        if fingerprint(entry) == print_:
            return position
    raise EntryGone(index)


DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TIME = re.compile(r"^\d{1,2}:\d{2}$")


@dataclass(frozen=True)
class Field:
    """One form field: its name (the YAML key it fills), label key, kind and choices."""

    name: str
    label: str
    kind: str = "text"  # text, textarea, when (date + optional time), date, datetime, choice, radio
    required: bool = False
    help: str = ""
    choices: tuple[tuple[str, tuple[str, str]], ...] = ()  # (value, (zh, en))
    language: str = ""  # a text's language ("ja"): its label names it

    @property
    def label_params(self) -> dict[str, str]:
        """What the label's `{language}` placeholder is filled with: the language's own name."""
        return {"language": language_name(self.language)} if self.language else {}


CONSOLE_LANGUAGES = ("zh", "en")  # the console's own words; the building's texts may have more


def texts(
    key: str, label_key: str, languages: Sequence[str], kind: str = "text", required: bool = False
) -> tuple[Field, ...]:
    """One field per language of the building for the text at `key`; the first language may be required.

    Chinese and English keep their own labels ("中文内容"); any other language is labelled by its name.
    """
    return tuple(
        Field(
            f"{key}.{lang}",
            f"{label_key}_{lang}" if lang in CONSOLE_LANGUAGES else f"{label_key}_in",
            kind,
            required=required and position == 0,
            language="" if lang in CONSOLE_LANGUAGES else lang,
        )
        for position, lang in enumerate(languages)
    )


@dataclass
class Parsed:
    """A form read into plain values, with the mistakes found before the YAML checks."""

    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)  # field name → label keys


def read_form(fields: tuple[Field, ...], form: Mapping[str, str]) -> Parsed:
    """Read and check the form's strings: required fields, dates and times."""
    parsed = Parsed()
    for each in fields:
        raw = form.get(each.name, "").strip()
        if each.kind == "when":
            time_part = form.get(each.name + ".time", "").strip()
            raw, value = _when(raw, time_part)
        elif each.kind == "date":
            value = _date(raw)
        elif each.kind == "datetime":
            date_part, _, time_part = raw.replace("T", " ").partition(" ")
            raw, value = _when(date_part, time_part or "00:00") if raw else ("", None)
        else:
            value = raw or None
        if raw and value is None:
            parsed.errors.setdefault(each.name, []).append("bad_date")
        elif (each.required and value is None) or _not_a_choice(each, raw):
            parsed.errors.setdefault(each.name, []).append("required")
        parsed.values[each.name] = value
    _order(parsed, "starts", "ends")
    return parsed


def _not_a_choice(each: Field, raw: str) -> bool:
    return each.kind in ("choice", "radio") and bool(each.choices) and raw not in {v for v, _ in each.choices}


def _date(raw: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(raw) if DATE.match(raw) else None
    except ValueError:
        return None


def _when(date_part: str, time_part: str) -> tuple[str, dt.date | str | None]:
    """A date alone (the whole day) or "YYYY-MM-DD HH:MM", as the file writes them."""
    day = _date(date_part)
    if not time_part:
        return date_part, day
    if day is None or not TIME.match(time_part):
        return date_part or time_part, None
    hour, minute = (int(x) for x in time_part.split(":"))
    if hour > 23 or minute > 59:
        return time_part, None
    return date_part, f"{day.isoformat()} {hour:02d}:{minute:02d}"


def _order(parsed: Parsed, first: str, last: str) -> None:
    start, end = parsed.values.get(first), parsed.values.get(last)
    if start is not None and end is not None and str(end)[:16] < str(start)[:16]:
        parsed.errors.setdefault(last, []).append("ends_before_starts")


def form_value(value: Any) -> str:
    """A YAML value as a form string."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return str(value)


def when_parts(value: Any) -> tuple[str, str]:
    """(date, time) strings of a `starts`/`ends` value."""
    text = form_value(value)
    day, _, time = text.partition(" ")
    return day, time[:5]


def _given(key: str, values: Mapping[str, Any]) -> tuple[str, ...]:
    """The languages the form gave for the text at `key` (every language of the building), and zh and en.

    Chinese and English are always among them, so leaving one out clears it (as the two-language form did);
    a third language the form did not give is kept as it was.
    """
    found = tuple(name.removeprefix(key + ".") for name in values if name.startswith(key + "."))
    given = tuple(lang for lang in found if "." not in lang)
    return given + tuple(lang for lang in CONSOLE_LANGUAGES if lang not in given)


def _text(entry: CommentedMap, key: str, values: Mapping[str, Any]) -> None:
    """Set a text in every language given, updating the existing mapping in place (keeping its style)."""
    parts = {lang: values.get(f"{key}.{lang}") for lang in _given(key, values)}
    if not any(parts.values()):
        remove(entry, key)
        return
    parts = {lang: text_scalar(value) if isinstance(value, str) else value for lang, value in parts.items()}
    existing = entry.get(key)
    if isinstance(existing, CommentedMap):
        for lang, value in parts.items():
            if not value:
                existing.pop(lang, None)
            elif existing.get(lang) != value:  # an unchanged text keeps the way it was written
                existing[lang] = value
    else:
        put(entry, key, flow_map(**parts))


def _set(entry: CommentedMap, key: str, value: Any) -> None:
    """Set a plain key, or remove it when empty."""
    if value in (None, ""):
        remove(entry, key)
    elif entry.get(key) != value:
        put(entry, key, value)


def text_values(entry: Mapping[str, Any], key: str, languages: Sequence[str] = CONSOLE_LANGUAGES) -> dict[str, str]:
    """Form values of a text, one per language."""
    text = entry.get(key) if isinstance(entry.get(key), Mapping) else {}
    assert isinstance(text, Mapping)
    return {f"{key}.{lang}": form_value(text.get(lang)) for lang in languages}


def when_values(entry: Mapping[str, Any], key: str) -> dict[str, str]:
    """Form values of a date-or-datetime."""
    day, time = when_parts(entry.get(key))
    return {key: day, f"{key}.time": time}


# --- Notices -------------------------------------------------------------------------------


def notice_fields(languages: Sequence[str]) -> tuple[Field, ...]:
    """The notice form: its text in every language of the building, level, when it shows."""
    return (
        *texts("text", "text", languages, "textarea", required=True),
        Field("level", "level", "radio", choices=(("info", label("level_info")), ("urgent", label("level_urgent")))),
        Field("starts", "starts", "when", help="date_help"),
        Field("ends", "ends", "when", help="date_help"),
    )


NOTICE_FIELDS = notice_fields(CONSOLE_LANGUAGES)


def notice_values(entry: Mapping[str, Any], languages: Sequence[str] = CONSOLE_LANGUAGES) -> dict[str, str]:
    """The form of an existing notice."""
    return {
        **text_values(entry, "text", languages),
        "level": str(entry.get("level") or "info"),
        **when_values(entry, "starts"),
        **when_values(entry, "ends"),
    }


def set_notice(index: int | None, values: Mapping[str, Any], print_: str | None = None) -> Change:
    """Post a new notice (index None) or change the one opened at `index` (found again by its fingerprint)."""

    def change(tree: CommentedMap) -> tuple[str | int, ...]:
        notices = section(tree, "notices")
        at = None if index is None else locate(notices, index, print_)
        entry = _entry(notices, at)
        _text(entry, "text", values)
        _set(entry, "level", "urgent" if values.get("level") == "urgent" else None)
        _set(entry, "starts", values.get("starts"))
        _set(entry, "ends", values.get("ends"))
        if at is None:
            append_entry(notices, entry)
        return ("notices", len(notices) - 1 if at is None else at)

    return change


def end_notice(index: int, now: dt.datetime, print_: str | None = None) -> Change:
    """End a notice now: its `ends` becomes this minute."""

    def change(tree: CommentedMap) -> tuple[str | int, ...]:
        notices = section(tree, "notices")
        at = locate(notices, index, print_)
        entry = notices[at]
        put(entry, "ends", (now - dt.timedelta(minutes=1)).strftime("%Y-%m-%d %H:%M"))
        starts = entry.get("starts")
        if starts is not None and str(starts)[:16] > entry["ends"]:
            remove(entry, "starts")  # a notice that had not begun yet simply never shows
        return ("notices", at)

    return change


def _entry(seq: CommentedSeq, index: int | None) -> CommentedMap:
    """The entry to edit: an existing one, or a new one (appended by the caller once filled)."""
    if index is not None:
        entry = seq[index]
        assert isinstance(entry, CommentedMap)
        return entry
    return CommentedMap()


# --- Closures ------------------------------------------------------------------------------


def closure_fields(building: Building) -> tuple[Field, ...]:
    """The closure form; `spaces` offers the building or one space."""
    where = (("", ("整栋大楼", "The whole building")), *((s.id, (s.name("zh"), s.name("en"))) for s in building.spaces))
    return (
        Field("date", "closure_date", "date", required=True, help="date_only_help"),
        Field("ends", "closure_ends", "date"),
        Field("spaces", "closure_where", "choice", choices=where),
        *texts("reason", "reason", building.languages, required=True),
    )


def add_closure(values: Mapping[str, Any]) -> Change:
    """Add a closure: one day, or from `date` to `ends`; the building or one space."""

    def change(tree: CommentedMap) -> tuple[str | int, ...]:
        closures = section(tree, "closures")
        entry = CommentedMap()
        if values.get("ends") and values["ends"] != values["date"]:
            entry["starts"] = values["date"]
            entry["ends"] = values["ends"]
        else:
            entry["date"] = values["date"]
        _text(entry, "reason", values)
        if values.get("spaces"):
            spaces = CommentedSeq([values["spaces"]])
            spaces.fa.set_flow_style()
            entry["spaces"] = spaces
        entry.fa.set_block_style()
        append_entry(closures, entry)
        return ("closures", len(closures) - 1)

    return change


# --- Out of service ------------------------------------------------------------------------


def outage_fields(languages: Sequence[str]) -> tuple[Field, ...]:
    """The out-of-service form: from, until, and why in every language of the building."""
    return (
        Field("starts", "starts", "when", help="date_help"),
        Field("ends", "ends", "when", help="date_help"),
        *texts("reason", "reason", languages, required=True),
    )


OUTAGE_FIELDS = outage_fields(CONSOLE_LANGUAGES)


def _facility(tree: CommentedMap, facility_id: str) -> tuple[int, CommentedMap]:
    for index, entry in enumerate(section(tree, "facilities")):
        if isinstance(entry, CommentedMap) and entry.get("id") == facility_id:
            return index, entry
    raise KeyError(facility_id)


def mark_out_of_service(facility_id: str, values: Mapping[str, Any]) -> Change:
    """Add an outage to a facility (a broken lift, a toilet under repair)."""

    def change(tree: CommentedMap) -> tuple[str | int, ...]:
        index, facility = _facility(tree, facility_id)
        outages = facility.get("out_of_service")
        if not isinstance(outages, CommentedSeq):
            outages = CommentedSeq()
            put(facility, "out_of_service", outages)
        entry = flow_map(starts=values.get("starts"), ends=values.get("ends"))
        _text(entry, "reason", values)
        outages.append(entry)
        return ("facilities", index, "out_of_service", len(outages) - 1)

    return change


def back_in_service(facility_id: str, now: dt.datetime, covers: list[int]) -> Change:
    """Remove the outages in force now (`covers`: their indexes); the key goes when none is left."""

    def change(tree: CommentedMap) -> tuple[str | int, ...]:
        index, facility = _facility(tree, facility_id)
        outages = facility.get("out_of_service")
        if isinstance(outages, CommentedSeq):
            for position in sorted(covers, reverse=True):
                if position < len(outages):
                    del outages[position]
            if not outages:
                remove(facility, "out_of_service")
        return ("facilities", index)

    return change


# --- Spaces --------------------------------------------------------------------------------


def space_fields(building: Building, space_id: str) -> tuple[Field, ...]:
    """The form of one space: hours, description, status."""
    others = tuple((s.id, (s.name("zh"), s.name("en"))) for s in building.spaces if s.id != space_id)
    states = (
        ("", ("正常开放", "Open as usual")),
        ("moved", ("已搬迁", "Moved")),
        ("closed", ("永久关闭", "Closed for good")),
        ("renovation", ("装修中", "Under renovation")),
    )
    return (
        Field("hours", "hours", help="hours_help"),
        *texts("description", "description", building.languages, "textarea", required=True),
        Field("status.state", "status", "radio", choices=states),
        Field("status.to", "moved_to", "choice", choices=(("", ("—", "—")), *others)),
        Field("status.until", "until_day", "date"),
        *texts("status.note", "note", building.languages),
    )


def space_values(entry: Mapping[str, Any], languages: Sequence[str] = CONSOLE_LANGUAGES) -> dict[str, str]:
    """The form of an existing space."""
    status = entry.get("status") if isinstance(entry.get("status"), Mapping) else {}
    assert isinstance(status, Mapping)
    return {
        "hours": form_value(entry.get("hours")),
        **text_values(entry, "description", languages),
        "status.state": form_value(status.get("state")),
        "status.to": form_value(status.get("to")),
        "status.until": form_value(status.get("until")),
        **{f"status.{k}": v for k, v in text_values(status, "note", languages).items()},
    }


def _space(tree: CommentedMap, space_id: str) -> tuple[int, CommentedMap]:
    for index, entry in enumerate(section(tree, "spaces")):
        if isinstance(entry, CommentedMap) and entry.get("id") == space_id:
            return index, entry
    raise KeyError(space_id)


def set_space(space_id: str, values: Mapping[str, Any]) -> Change:
    """Change a space's hours, description and status."""

    def change(tree: CommentedMap) -> tuple[str | int, ...]:
        index, entry = _space(tree, space_id)
        _set(entry, "hours", values.get("hours"))
        _text(entry, "description", values)
        state = values.get("status.state")
        if not state:
            remove(entry, "status")
        else:
            status = entry.get("status")
            if not isinstance(status, CommentedMap):
                status = flow_map()
                put(entry, "status", status)
            put(status, "state", state)
            _set(status, "to", values.get("status.to") if state == "moved" else None)
            _set(status, "until", values.get("status.until") if state == "renovation" else None)
            note = {k.removeprefix("status."): v for k, v in values.items() if k.startswith("status.note.")}
            _text(status, "note", note)
        return ("spaces", index)

    return change


# --- Events --------------------------------------------------------------------------------


def event_fields(building: Building) -> tuple[Field, ...]:
    """The event form."""
    spaces = (("", ("（不指定）", "(none)")), *((s.id, (s.name("zh"), s.name("en"))) for s in building.spaces))
    return (
        *texts("title", "title", building.languages, required=True),
        Field("space", "space", "choice", choices=spaces),
        Field("starts", "event_starts", "datetime", required=True, help="event_time_help"),
        Field("ends", "event_ends", "datetime", help="event_time_help"),
        *texts("description", "description", building.languages, "textarea"),
    )


def event_values(entry: Mapping[str, Any], languages: Sequence[str] = CONSOLE_LANGUAGES) -> dict[str, str]:
    """The form of an existing event."""
    return {
        **text_values(entry, "title", languages),
        "space": form_value(entry.get("space")),
        "starts": form_value(entry.get("starts")).replace(" ", "T"),
        "ends": form_value(entry.get("ends")).replace(" ", "T"),
        **text_values(entry, "description", languages),
    }


def set_event(index: int | None, values: Mapping[str, Any], print_: str | None = None) -> Change:
    """Add an event (index None) or change one; its repeat, booking and other keys stay."""

    def change(tree: CommentedMap) -> tuple[str | int, ...]:
        events = section(tree, "events")
        at = None if index is None else locate(events, index, print_)
        entry = _entry(events, at)
        _text(entry, "title", values)
        _set(entry, "space", values.get("space"))
        _set(entry, "starts", values.get("starts"))
        _set(entry, "ends", values.get("ends"))
        _text(entry, "description", values)
        if at is None:
            append_entry(events, entry)
        return ("events", len(events) - 1 if at is None else at)

    return change


def raw_entry(tree: CommentedMap, section_name: str, index: int) -> CommentedMap | None:
    """One entry of a list section, or None."""
    seq = tree.get(section_name)
    if isinstance(seq, CommentedSeq) and 0 <= index < len(seq) and isinstance(seq[index], CommentedMap):
        return seq[index]
    return None


# --- Aliases (from searches that found nothing) ----------------------------------------------


def add_alias(target_id: str, word: str) -> Change:
    """Make `word` find a space or facility: add it to that entry's `aliases`."""

    def change(tree: CommentedMap) -> tuple[str | int, ...]:
        for name in ("spaces", "facilities"):
            for index, entry in enumerate(section(tree, name)):
                if isinstance(entry, CommentedMap) and entry.get("id") == target_id:
                    aliases = entry.get("aliases")
                    if isinstance(aliases, CommentedSeq):
                        if word not in aliases:
                            aliases.append(text_scalar(word))
                    else:
                        new = CommentedSeq([text_scalar(word)])
                        new.fa.set_flow_style()
                        put(entry, "aliases", new)
                    return (name, index)
        raise KeyError(target_id)

    return change
