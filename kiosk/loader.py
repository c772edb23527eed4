"""Read floors.yaml, validate it, and turn it into a `Building`, or into a list of problems.

Staff edit floors.yaml by hand, so every mistake must come back as
`floors.yaml:LINE:COL: what is wrong — how to fix it`, all of them at once (as mkdocs
does), and nothing half-loaded ever reaches the pages. This is the only module that
touches the raw YAML.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from kiosk import hours_lint
from kiosk.building import (
    Building,
    BuildingInfo,
    Category,
    Closure,
    Event,
    EventSource,
    Facility,
    FacilityKind,
    Floor,
    Kiosk,
    Notice,
    Settings,
    Space,
    SpecialHours,
    Text,
)
from kiosk.routing import check_geometry
from kiosk.status_checks import check_status

# libyaml when present (10× faster); the pure-Python parser gives the same marks.
YamlLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_BYTES = 1_000_000  # a real building is a few dozen KB; more is a mistake or an attack
SECTIONS: dict[str, type[BaseModel]] = {
    "building": BuildingInfo,
    "floors": Floor,
    "spaces": Space,
    "facilities": Facility,
    "kiosks": Kiosk,
    "notices": Notice,
    "settings": Settings,
    "closures": Closure,
    "special_hours": SpecialHours,
    "events": Event,
    "event_sources": EventSource,
}
LIST_SECTIONS = (
    "floors",
    "spaces",
    "facilities",
    "kiosks",
    "notices",
    "closures",
    "special_hours",
    "events",
    "event_sources",
)
ID_SECTIONS = ("floors", "spaces", "facilities", "kiosks")
Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or doubtful) in the file, with where it is and how to fix it."""

    file: str
    line: int
    column: int
    message: str
    hint: str = ""
    severity: str = "error"

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        label = "warning: " if self.severity == "warning" else ""
        return f"{where}: {label}{self.message}" + (f" — {self.hint}" if self.hint else "")


class BuildingFileError(Exception):
    """floors.yaml could not be loaded; `problems` says every reason."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass
class _Document:
    """Plain data from the YAML plus where each value and key stands in the file."""

    data: Any
    values: dict[Path_, tuple[int, int]]
    keys: dict[Path_, tuple[int, int]]
    quoted: set[Path_] = field(default_factory=set)  # scalars written in quotes (columns shift by one)

    def where(self, path: Path_) -> tuple[int, int]:
        """The line and column of the value at `path`, or of its closest parent."""
        for end in range(len(path), -1, -1):
            if path[:end] in self.values:
                return self.values[path[:end]]
        return (1, 1)

    def where_key(self, path: Path_) -> tuple[int, int]:
        """The line and column of the key that names `path` (for unknown keys)."""
        return self.keys.get(path) or self.where(path)


def load_building(path: str | Path) -> Building:
    """Load and validate a building file; raises BuildingFileError listing every problem."""
    building, problems = check_building(path)
    errors = [p for p in problems if p.severity == "error"]
    if building is None or errors:
        raise BuildingFileError(errors)
    return building


def check_building(path: str | Path) -> tuple[Building | None, list[Problem]]:
    """Validate a building file; returns the building (if no errors) and all problems found."""
    path = Path(path)
    name = path.name
    try:
        raw = path.read_bytes()
    except OSError as error:
        return None, [Problem(name, 1, 1, f"cannot read {path}: {error.strerror}", "check the path and permissions")]
    if len(raw) > MAX_BYTES:
        return None, [
            Problem(
                name,
                1,
                1,
                f"the file is {len(raw):,} bytes, more than the {MAX_BYTES:,} allowed",
                "a building needs far less; check that the right file was given",
            )
        ]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return None, [Problem(name, line, 1, "the file is not UTF-8 text", "save it as UTF-8 in your editor")]
    document, problems = _read_yaml(text, name)
    if document is None:
        return None, problems
    building, more = _validate(document, name)
    problems = sorted(problems + more, key=lambda p: (p.line, p.column))
    if problems and any(p.severity == "error" for p in problems):
        return None, problems
    if building is not None:
        problems += _warnings(building, document, name)
        problems += _geometry(building, document, name)
        problems += [
            Problem(name, *document.where(f.path), f.message, f.hint, f.severity) for f in check_status(building)
        ]
    return building, problems


# --- YAML with positions -------------------------------------------------------------------


def _read_yaml(text: str, name: str) -> tuple[_Document | None, list[Problem]]:
    """Parse YAML into plain data, refusing anchors and aliases (no billion laughs)."""
    try:
        for event in yaml.parse(text, Loader=YamlLoader):
            anchor = getattr(event, "anchor", None)
            if anchor is not None:
                line, col = event.start_mark.line + 1, event.start_mark.column + 1
                return None, [
                    Problem(
                        name,
                        line,
                        col,
                        f"anchors and aliases (&{anchor} / *{anchor}) are not allowed",
                        "write each value out in full",
                    )
                ]
        node = yaml.compose(text, Loader=YamlLoader)
    except yaml.MarkedYAMLError as error:
        return None, [_syntax_problem(error, name)]
    except yaml.YAMLError as error:
        return None, [Problem(name, 1, 1, f"YAML syntax error: {error}", "check indentation and quotes")]
    if node is None:
        return None, [Problem(name, 1, 1, "the file is empty", "start from the bundled floors.yaml")]
    document = _Document(None, {}, {})
    problems: list[Problem] = []
    document.data = _plain(node, (), document, problems, name)
    return document, problems


def _syntax_problem(error: yaml.MarkedYAMLError, name: str) -> Problem:
    """Say where a syntax error is; an unclosed `{...}` is named where it was opened."""
    what = error.problem or "the YAML is not valid"
    mark = error.problem_mark or error.context_mark
    context = error.context or ""
    if error.context_mark is not None and "flow" in context and error.problem_mark is not None:
        opened = error.context_mark
        return Problem(
            name,
            opened.line + 1,
            opened.column + 1,
            f"YAML syntax error: this `{{...}}` or `[...]` is not closed properly "
            f"({what} on line {error.problem_mark.line + 1})",
            "close the bracket on the same line, and put text containing `,` `:` or brackets in quotes",
        )
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    return Problem(name, line, col, f"YAML syntax error: {what}", _yaml_hint(what))


def _yaml_hint(problem: str) -> str:
    if "tab" in problem or "'\\t'" in problem:
        return "indent with spaces, not tabs"
    if "mapping values" in problem:
        return "put text that contains ': ' in quotes"
    if "expected <block end>" in problem or "indentation" in problem:
        return "line this entry up with the ones above it"
    return "check the indentation and that quotes and brackets are closed"


_constructor = yaml.SafeLoader("")


def _plain(node: yaml.Node, path: Path_, doc: _Document, problems: list[Problem], name: str) -> Any:
    """Turn a composed node into plain Python, remembering where everything is."""
    doc.values[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _constructor.construct_object(key_node, deep=True)
            key = key if isinstance(key, str | int) else str(key)
            child = (*path, key)
            if key in result:
                line, col = key_node.start_mark.line + 1, key_node.start_mark.column + 1
                problems.append(Problem(name, line, col, f"`{key}` is given twice here", "keep only one of them"))
            doc.keys[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[key] = _plain(value_node, child, doc, problems, name)
        return result
    if isinstance(node, yaml.ScalarNode) and node.style in ("'", '"'):
        doc.quoted.add(path)
    if isinstance(node, yaml.SequenceNode):
        return [_plain(item, (*path, i), doc, problems, name) for i, item in enumerate(node.value)]
    return _constructor.construct_object(node, deep=True)


# --- validation ----------------------------------------------------------------------------


def _validate(doc: _Document, name: str) -> tuple[Building | None, list[Problem]]:
    """Validate each entry on its own so that one run reports every problem."""
    problems: list[Problem] = []
    data = doc.data
    if not isinstance(data, dict):
        return None, [Problem(name, 1, 1, "the file should be a set of `key: value` sections", _sections_hint())]
    for key in data:
        if key not in SECTIONS:
            line, col = doc.where_key((key,))
            problems.append(Problem(name, line, col, f"unknown section `{key}`", _did_you_mean(str(key), SECTIONS)))
    for required in ("building", "floors"):
        if required not in data:
            problems.append(Problem(name, 1, 1, f"the `{required}` section is missing", _sections_hint()))

    sections: dict[str, Any] = {}
    origins: dict[str, list[int]] = {}  # file index of each entry that validated
    for key, model in SECTIONS.items():
        if key not in data:
            continue
        value = data[key]
        if key in LIST_SECTIONS:
            if value is None:
                value = []
            if not isinstance(value, list):
                line, col = doc.where((key,))
                problems.append(Problem(name, line, col, f"`{key}` should be a list", "start each entry with `- `"))
                continue
            items, kept = [], []
            for index, item in enumerate(value):
                entry = _validate_one(model, item, (key, index), doc, name, problems)
                if entry is not None:
                    items.append(entry)
                    kept.append(index)
            sections[key] = tuple(items)
            origins[key] = kept
        else:
            entry = _validate_one(model, value, (key,), doc, name, problems)
            if entry is not None:
                sections[key] = entry

    problems += _cross_check(sections, origins, doc, name)
    if problems or "building" not in sections or not sections.get("floors"):
        if "floors" in sections and not sections["floors"] and not problems:
            problems.append(Problem(name, *doc.where(("floors",)), "there are no floors", "add at least one floor"))
        return None, problems
    return Building(**sections), problems


def _validate_one(
    model: type[BaseModel], item: Any, path: Path_, doc: _Document, name: str, problems: list[Problem]
) -> BaseModel | None:
    try:
        return model.model_validate(item)
    except ValidationError as error:
        problems.extend(_explain(error, model, item, path, doc, name))
        return None


def _explain(
    error: ValidationError, model: type[BaseModel], item: Any, path: Path_, doc: _Document, name: str
) -> Iterator[Problem]:
    """Turn pydantic's errors into sentences a building manager can act on."""
    owner = _owner(path, item)
    details = error.errors(include_url=False)
    # `naem:` shows up as both "unknown key naem" and "name is missing": say it once, as the typo.
    misspelt = {
        (tuple(d["loc"][:-1]), close)
        for d in details
        if d["type"] == "extra_forbidden"
        for close in difflib.get_close_matches(str(d["loc"][-1]), _allowed_keys(model, tuple(d["loc"][:-1])), 1, 0.6)
    }
    for detail in details:
        if detail["type"] == "missing" and (tuple(detail["loc"][:-1]), str(detail["loc"][-1])) in misspelt:
            continue
        loc = tuple(part for part in detail["loc"] if not isinstance(part, str) or not part.startswith("function-"))
        full = (*path, *loc)
        kind = detail["type"]
        field = ".".join(str(p) for p in loc) or str(path[0])
        value = detail.get("input")
        if kind == "extra_forbidden":
            line, col = doc.where_key(full)
            allowed = _allowed_keys(model, loc[:-1])
            hint = _did_you_mean(str(loc[-1]), allowed)
            if allowed == ["zh", "en"] and value is None:
                # `{zh: 一楼,正门内, en: ...}`: the comma ended the text and began a "key".
                hint = "a comma inside `{zh: ..., en: ...}` ends the text: use the Chinese comma ， or quote the text"
            yield Problem(name, line, col, f"{owner}: unknown key `{loc[-1]}`", hint)
            continue
        line, col = doc.where(full)
        if kind == "missing":
            yield Problem(
                name, line, col, f"{owner}: `{field}` is missing", _missing_hint(str(loc[-1]) if loc else field)
            )
        elif kind == "model_type" and _is_text_field(model, loc):
            yield Problem(
                name, line, col, f"{owner}: `{field}` needs both languages", "write it as `{zh: 中文, en: English}`"
            )
        elif kind == "enum" and loc and loc[-1] == "category":
            choices = ", ".join(c.value for c in Category)
            yield Problem(name, line, col, f"{owner}: unknown category `{value}`", f"use one of: {choices}")
        elif kind == "enum" and loc and loc[-1] == "kind":
            choices = ", ".join(k.value for k in FacilityKind)
            yield Problem(name, line, col, f"{owner}: unknown facility kind `{value}`", f"use one of: {choices}")
        elif kind == "string_pattern_mismatch":
            hint = "use lowercase letters, digits and dashes, e.g. `art-gallery`"
            yield Problem(name, line, col, f"{owner}: `{value}` is not a valid id for `{field}`", hint)
        elif kind == "string_type":
            hint = 'put the value in quotes, e.g. "No" or "08:30"'
            yield Problem(name, line, col, f"{owner}: `{field}` should be text, not `{value}`", hint)
        elif kind == "string_too_short":
            yield Problem(name, line, col, f"{owner}: `{field}` is empty", "write the text, or remove the key")
        elif (
            kind == "value_error"
            and loc
            and loc[-1] == "hours"
            and isinstance(value, str)
            and (notes := hours_lint.character_notes(value))
        ):
            # Point at the offending character and give the rewritten expression.
            note = notes[0]
            column = col + note.offset + (1 if full in doc.quoted else 0)
            yield Problem(name, line, column, f"{owner}: `{field}` {value!r}: {note.message}", note.hint)
        elif kind == "value_error":
            message = str(detail["ctx"].get("error", detail["msg"])) if "ctx" in detail else detail["msg"]
            yield Problem(name, line, col, f"{owner}: `{field}`: {message}", _value_hint(str(loc[-1]) if loc else ""))
        else:
            hint = "check the value against the bundled floors.yaml"
            yield Problem(name, line, col, f"{owner}: `{field}`: {detail['msg'].lower()}", hint)


def _owner(path: Path_, item: Any) -> str:
    """Name the entry a problem is in the way staff think of it: "space `library`"."""
    if len(path) == 1:
        return f"`{path[0]}`"
    singular = {"facilities": "facility"}.get(str(path[0]), str(path[0]).rstrip("s"))
    if isinstance(item, dict) and isinstance(item.get("id"), str):
        return f"{singular} `{item['id']}`"
    return f"{singular} #{int(path[1]) + 1}"


def _is_text_field(model: type[BaseModel], loc: tuple[Any, ...]) -> bool:
    field = model.model_fields.get(str(loc[0])) if loc else None
    return field is not None and "Text" in str(field.annotation)


def _allowed_keys(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    if loc and _is_text_field(model, loc[:1]):
        return list(Text.model_fields)
    if loc and str(loc[0]) in model.model_fields:
        return []
    return list(model.model_fields)


def _missing_hint(key: str) -> str:
    if key in ("zh", "en"):
        language = "Chinese" if key == "zh" else "English"
        return f"add the {language} text as `{key}: ...`"
    return f"add `{key}: ...`"


def _value_hint(key: str) -> str:
    hints = {
        "hours": "use OpenStreetMap opening_hours syntax, e.g. `Mo-Su 08:30-17:00` or `Mo-Fr 09:00-12:00,13:00-17:00`",
        "timezone": "use a name like `Asia/Shanghai`",
        "repeat": "write an iCalendar RRULE: `FREQ=WEEKLY;BYDAY=SA` (every Saturday), `FREQ=DAILY;COUNT=5`",
        "public_url": "write the address phones should open, e.g. `https://kiosk.example.org`",
    }
    return hints.get(key, "check the value against the bundled floors.yaml")


def _did_you_mean(word: str, choices: Iterable[str]) -> str:
    choices = list(choices)
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if close:
        return f"did you mean `{close[0]}`?"
    if choices:
        return "allowed here: " + ", ".join(choices)
    return "remove it"


def _sections_hint() -> str:
    return "the file has the sections " + ", ".join(SECTIONS)


def _cross_check(sections: dict[str, Any], origins: dict[str, list[int]], doc: _Document, name: str) -> list[Problem]:
    """Checks that span entries: unique ids, floors that exist, a unique label and order."""
    problems: list[Problem] = []
    floors: tuple[Floor, ...] = sections.get("floors", ())
    floor_ids = {f.id for f in floors}

    def duplicates(section: str, attribute: str, entries: Iterable[Any]) -> None:
        seen: dict[Any, int] = {}
        for index, entry in _indexed(section, entries, origins):
            value = getattr(entry, attribute)
            if value in seen:
                line, col = doc.where((section, index, attribute))
                problems.append(
                    Problem(
                        name,
                        line,
                        col,
                        f"{attribute} `{value}` is used twice in {section}",
                        f"the first is on line {seen[value]}; give each its own",
                    )
                )
            else:
                seen[value] = doc.where((section, index, attribute))[0]

    for section in ID_SECTIONS:
        duplicates(section, "id", sections.get(section, ()))
    duplicates("floors", "order", floors)
    duplicates("floors", "label", floors)
    # Spaces and facilities share the URL space of search results; keep their ids apart too.
    space_ids = {s.id for s in sections.get("spaces", ())}
    for index, facility in _indexed("facilities", sections.get("facilities", ()), origins):
        if facility.id in space_ids:
            line, col = doc.where(("facilities", index, "id"))
            problems.append(
                Problem(name, line, col, f"id `{facility.id}` is also a space's id", "give the facility its own id")
            )

    if not floor_ids:
        return problems
    known = ", ".join(sorted(floor_ids))
    # A floor with its own mistake was left out above; don't also blame everything on it.
    floor_ids |= _raw_ids(doc, "floors")
    for section in ("spaces", "kiosks"):
        for index, entry in _indexed(section, sections.get(section, ()), origins):
            if entry.floor not in floor_ids:
                line, col = doc.where((section, index, "floor"))
                problems.append(
                    Problem(
                        name,
                        line,
                        col,
                        f"floor `{entry.floor}` of {section[:-1]} `{entry.id}` does not exist",
                        f"use one of the floor ids: {known}",
                    )
                )
    for index, facility in _indexed("facilities", sections.get("facilities", ()), origins):
        for n, floor_id in enumerate(facility.floors):
            if floor_id not in floor_ids:
                line, col = doc.where(("facilities", index, "floors", n))
                problems.append(
                    Problem(
                        name,
                        line,
                        col,
                        f"floor `{floor_id}` of facility `{facility.id}` does not exist",
                        f"use one of the floor ids: {known}",
                    )
                )
    return problems


def _raw_ids(doc: _Document, section: str) -> set[str]:
    """The ids written in a section, valid entries or not."""
    raw = doc.data.get(section) if isinstance(doc.data, dict) else None
    return (
        {str(item["id"]) for item in raw or [] if isinstance(item, dict) and "id" in item}
        if isinstance(raw, list)
        else set()
    )


def _indexed(section: str, entries: Iterable[Any], origins: dict[str, list[int]]) -> Iterator[tuple[int, Any]]:
    """Pair each validated entry with its index in the file (invalid ones were left out)."""
    return zip(origins.get(section, []), entries, strict=False)


def _warnings(building: Building, doc: _Document, name: str) -> list[Problem]:
    """Things that load but that a visitor would notice."""
    problems = []
    if building.building.public_url is None:
        line, col = doc.where(("building",))
        problems.append(
            Problem(
                name,
                line,
                col,
                "building.public_url is not set, so phones cannot follow the QR codes",
                "set `public_url:` to the address phones should open",
                "warning",
            )
        )
    problems += _hours_warnings(building, doc, name)
    for index, floor in enumerate(building.floors):  # no errors, so floors are in file order
        if building.spaces_on(floor.id) or building.facilities_on(floor.id):
            continue
        line, col = doc.where(("floors", index))
        problems.append(
            Problem(
                name,
                line,
                col,
                f"floor {floor.label} has no spaces or facilities",
                "add them, or remove the floor",
                "warning",
            )
        )
    return problems


def _hours_warnings(building: Building, doc: _Document, name: str) -> list[Problem]:
    """Hours that parse but probably do not say what was meant (see `kiosk.hours_lint`)."""
    today = dt.datetime.now(building.tz).date()
    timezone = building.building.timezone
    found: list[tuple[Path_, str, bool]] = [(("building", "hours"), building.building.hours, True)]
    found += [(("spaces", i, "hours"), s.hours, True) for i, s in enumerate(building.spaces) if s.hours]
    found += [(("special_hours", i, "hours"), h.hours, False) for i, h in enumerate(building.special_hours)]
    problems = []
    for path, expression, days_expected in found:
        line, col = doc.where(path)
        shift = 1 if path in doc.quoted else 0
        for note in hours_lint.lint(expression, today, timezone, days_expected):
            message = f"`{'.'.join(map(str, path))}`: {note.message}"
            problems.append(Problem(name, line, col + shift + note.offset, message, note.hint, "warning"))
    return problems


def _geometry(building: Building, doc: _Document, name: str) -> list[Problem]:
    """Plan checks (rooms inside floors, doors near corridors, reachability), each at its line."""
    return [Problem(name, *doc.where(i.path), i.message, i.hint, i.severity) for i in check_geometry(building)]


def summary(building: Building) -> str:
    """One line for `kiosk check` and /healthz: what was loaded."""
    return (
        f"{len(building.floors)} floors, {len(building.spaces)} spaces, {len(building.facilities)} facilities, "
        f"{len(building.kiosks)} kiosks, {len(building.notices)} notices"
    )
