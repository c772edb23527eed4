"""Read floors.yaml, validate it, and turn it into a `Building`, or into a list of problems.

Staff edit floors.yaml by hand, so every mistake must come back as
`floors.yaml:LINE:COL: what is wrong — how to fix it`, all of them at once (as mkdocs
does), and nothing half-loaded ever reaches the pages. This is the only module that
touches the raw YAML.
"""

from __future__ import annotations

import difflib
import typing
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, RootModel, TypeAdapter, ValidationError

from kiosk.building import (
    Building,
    BuildingInfo,
    CategoryDef,
    Facility,
    FacilityKindDef,
    Floor,
    Kiosk,
    LanguageCode,
    Notice,
    Settings,
    Space,
)
from kiosk.checks import Draft, Finding, run_checks
from kiosk.vocabulary import DEFAULT_LANGUAGES

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
    "categories": CategoryDef,
    "facility_kinds": FacilityKindDef,
}
LIST_SECTIONS = ("floors", "spaces", "facilities", "kiosks", "notices", "categories", "facility_kinds")
LANGUAGES_SECTION = "languages"  # read first: it decides which languages every text may use
KNOWN_SECTIONS = (LANGUAGES_SECTION, *SECTIONS)
_LANGUAGE_LIST = TypeAdapter(list[LanguageCode])
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

    def where(self, path: Path_) -> tuple[int, int]:
        """The line and column of the value at `path`, or of its closest parent."""
        for end in range(len(path), -1, -1):
            if path[:end] in self.values:
                return self.values[path[:end]]
        return (1, 1)

    def where_key(self, path: Path_) -> tuple[int, int]:
        """The line and column of the key that names `path` (for unknown keys)."""
        return self.keys.get(path) or self.where(path)


def read_file(path: str | Path) -> bytes:
    """The bytes of a building file (raises OSError)."""
    return Path(path).read_bytes()


def load_building(path: str | Path, content: bytes | None = None) -> Building:
    """Load and validate a building file; raises BuildingFileError listing every problem."""
    if content is None:
        building, problems = check_building(path)
    else:
        building, problems = check_content(content, Path(path).name)
    errors = [p for p in problems if p.severity == "error"]
    if building is None or errors:
        raise BuildingFileError(errors)
    return building


def check_building(path: str | Path) -> tuple[Building | None, list[Problem]]:
    """Validate a building file; returns the building (if no errors) and all problems found."""
    path = Path(path)
    try:
        raw = read_file(path)
    except OSError as error:
        return None, [
            Problem(path.name, 1, 1, f"cannot read {path}: {error.strerror}", "check the path and permissions")
        ]
    return check_content(raw, path.name)


def check_content(raw: bytes, name: str) -> tuple[Building | None, list[Problem]]:
    """Validate the bytes of a building file named `name`: the building (if no errors) and every problem."""
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
    if any(p.severity == "error" for p in problems):
        return None, problems
    return building, problems


# --- YAML with positions -------------------------------------------------------------------


def _read_yaml(text: str, name: str) -> tuple[_Document | None, list[Problem]]:
    """Parse YAML into plain data, refusing anchors and aliases (no billion laughs)."""
    try:
        for event in yaml.parse(text, Loader=YamlLoader):
            anchor = getattr(event, "anchor", None)
            if anchor is not None:
                mark = event.start_mark
                line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
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
    if isinstance(node, yaml.SequenceNode):
        return [_plain(item, (*path, i), doc, problems, name) for i, item in enumerate(node.value)]
    return _constructor.construct_object(node, deep=True)


# --- validation ----------------------------------------------------------------------------


def _validate(doc: _Document, name: str) -> tuple[Building | None, list[Problem]]:
    """Validate each entry on its own, then every rule across entries, so one run reports every problem."""
    problems: list[Problem] = []
    data = doc.data
    if not isinstance(data, dict):
        return None, [Problem(name, 1, 1, "the file should be a set of `key: value` sections", _sections_hint())]
    for key in data:
        if key not in KNOWN_SECTIONS:
            line, col = doc.where_key((key,))
            problems.append(
                Problem(name, line, col, f"unknown section `{key}`", _did_you_mean(str(key), KNOWN_SECTIONS))
            )
    for required in ("building", "floors"):
        if required not in data:
            problems.append(Problem(name, 1, 1, f"the `{required}` section is missing", _sections_hint()))

    languages = _languages(data, doc, name, problems)
    context = {"languages": languages}
    sections: dict[str, Any] = {LANGUAGES_SECTION: languages}
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
                entry = _validate_one(model, item, (key, index), doc, name, problems, context)
                if entry is not None:
                    items.append(entry)
                    kept.append(index)
            sections[key] = tuple(items)
            origins[key] = kept
        else:
            entry = _validate_one(model, value, (key,), doc, name, problems, context)
            if entry is not None:
                sections[key] = entry
    if "categories" in sections and not sections["categories"]:
        del sections["categories"]  # an empty list means the shipped five, not none

    complete = not problems and "building" in sections and bool(sections.get("floors"))
    if "floors" in sections and not sections["floors"] and not problems:
        problems.append(Problem(name, *doc.where(("floors",)), "there are no floors", "add at least one floor"))
    # A draft of what validated, so that rules across entries still run (and report) when some failed.
    building = Building(**sections) if complete else Building.model_construct(**sections)
    draft = Draft(
        building=building,
        origins=origins,
        raw_ids={key: _raw_ids(doc, key) for key in LIST_SECTIONS},
        given=frozenset(data),
        complete=complete,
    )
    problems += [_place(finding, doc, name) for finding in run_checks(draft)]
    sound = complete and not any(p.severity == "error" for p in problems)
    return (building if sound else None), problems


def _languages(data: dict, doc: _Document, name: str, problems: list[Problem]) -> tuple[str, ...]:
    """The file's `languages:` (default zh, en); a bad list is reported and the default used."""
    if LANGUAGES_SECTION not in data:
        return DEFAULT_LANGUAGES
    try:
        languages = tuple(_LANGUAGE_LIST.validate_python(data[LANGUAGES_SECTION]))
    except ValidationError as error:
        detail = error.errors(include_url=False)[0]
        line, col = doc.where((LANGUAGES_SECTION, *detail["loc"]))
        problems.append(
            Problem(
                name,
                line,
                col,
                "`languages` should be a list of language codes",
                "write e.g. `languages: [zh, en, ja]`; the first is the default",
            )
        )
        return DEFAULT_LANGUAGES
    if not languages:
        problems.append(
            Problem(name, *doc.where((LANGUAGES_SECTION,)), "`languages` is empty", "write e.g. `languages: [zh, en]`")
        )
        return DEFAULT_LANGUAGES
    return languages


def _place(finding: Finding, doc: _Document, name: str) -> Problem:
    """The one place a rule's finding gets its file:line:col."""
    line, col = doc.where(finding.path)
    hint = finding.hint
    if finding.other is not None:
        hint = hint.format(other_line=doc.where(finding.other)[0])
    return Problem(name, line, col, finding.message, hint, finding.severity)


def _validate_one(
    model: type[BaseModel],
    item: Any,
    path: Path_,
    doc: _Document,
    name: str,
    problems: list[Problem],
    context: dict[str, Any],
) -> BaseModel | None:
    try:
        return model.model_validate(item, context=context)
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
        if "[key]" in loc:
            yield _text_key_problem(detail, loc, owner, path, doc, name)
            continue
        if _is_text_field(model, loc[:1]) and detail["type"] == "string_type" and detail.get("input") is None:
            continue  # the value of a misplaced "key" (see `_text_key_problem`): said there already
        full = (*path, *loc)
        kind = detail["type"]
        field = ".".join(str(p) for p in loc) or str(path[0])
        value = detail.get("input")
        if kind == "extra_forbidden":
            line, col = doc.where_key(full)
            hint = _did_you_mean(str(loc[-1]), _allowed_keys(model, loc[:-1]))
            yield Problem(name, line, col, f"{owner}: unknown key `{loc[-1]}`", hint)
            continue
        line, col = doc.where(full)
        if kind == "missing":
            yield Problem(
                name, line, col, f"{owner}: `{field}` is missing", _missing_hint(str(loc[-1]) if loc else field)
            )
        elif kind == "missing_language":
            lang = detail["ctx"]["lang"]
            yield Problem(name, line, col, f"{owner}: `{field}.{lang}` is missing", _missing_hint(lang))
        elif kind == "dict_type" and _is_text_field(model, loc):
            if value is None:
                yield Problem(name, line, col, f"{owner}: `{field}` is empty", "write the text, or remove the key")
            else:
                hint = "write it in each language, as `{zh: 中文, en: English}`"
                yield Problem(name, line, col, f"{owner}: `{field}` needs the text per language", hint)
        elif kind == "string_pattern_mismatch":
            hint = "use lowercase letters, digits and dashes, e.g. `art-gallery`"
            yield Problem(name, line, col, f"{owner}: `{value}` is not a valid id for `{field}`", hint)
        elif kind == "string_type":
            hint = 'put the value in quotes, e.g. "No" or "08:30"'
            yield Problem(name, line, col, f"{owner}: `{field}` should be text, not `{value}`", hint)
        elif kind == "string_too_short":
            yield Problem(name, line, col, f"{owner}: `{field}` is empty", "write the text, or remove the key")
        elif kind == "value_error":
            message = str(detail["ctx"].get("error", detail["msg"])) if "ctx" in detail else detail["msg"]
            yield Problem(name, line, col, f"{owner}: `{field}`: {message}", _value_hint(str(loc[-1]) if loc else ""))
        else:
            hint = "check the value against the bundled floors.yaml"
            yield Problem(name, line, col, f"{owner}: `{field}`: {detail['msg'].lower()}", hint)


def _text_key_problem(detail: Any, loc: tuple[Any, ...], owner: str, path: Path_, doc: _Document, name: str) -> Problem:
    """A key inside `{zh: ..., en: ...}` that is not one of the building's languages."""
    key_path = (*path, *loc[: loc.index("[key]")])
    key = key_path[-1]
    line, col = doc.where_key(key_path)
    if detail["type"] == "unknown_language":
        message = f"{owner}: `{key}` is not one of the building's languages ({detail['ctx']['languages']})"
        return Problem(name, line, col, message, "add it to `languages:` at the top of the file, or remove it")
    if _raw_value(doc, key_path) is None:
        # `{zh: 一楼,正门内, en: ...}`: the comma ended the text and began a "key".
        hint = "a comma inside `{zh: ..., en: ...}` ends the text: use the Chinese comma ， or quote the text"
        return Problem(name, line, col, f"{owner}: unknown key `{key}`", hint)
    return Problem(
        name, line, col, f"{owner}: `{key}` is not a language code", "write languages as `zh`, `en`, `ja`..."
    )


def _raw_value(doc: _Document, path: Path_) -> Any:
    """The plain value at `path` in the file, or None."""
    value = doc.data
    for part in path:
        if isinstance(value, dict):
            value = value.get(part)
        elif isinstance(value, list) and isinstance(part, int) and 0 <= part < len(value):
            value = value[part]
        else:
            return None
    return value


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
    """The keys `model` allows at `loc`, following nested models (a floor's `plan:`); none if not a model."""
    current: type[BaseModel] | None = model
    for part in loc:
        if isinstance(part, int):
            continue  # an item of a list
        field = current.model_fields.get(str(part)) if current else None
        current = _model_in(field.annotation) if field else None
    return list(current.model_fields) if current else []


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The model class a field holds, alone or inside Optional/Union/tuple; None for plain values."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return None if issubclass(annotation, RootModel) else annotation
    return next(filter(None, map(_model_in, typing.get_args(annotation))), None)


LANGUAGE_NAMES = {"zh": "Chinese", "en": "English", "ja": "Japanese", "ko": "Korean"}


def _missing_hint(key: str) -> str:
    if key in LANGUAGE_NAMES:
        return f"add the {LANGUAGE_NAMES[key]} text as `{key}: ...`"
    return f"add `{key}: ...`"


def _value_hint(key: str) -> str:
    hints = {
        "hours": "use OpenStreetMap opening_hours syntax, e.g. `Mo-Su 08:30-17:00` or `Mo-Fr 09:00-12:00,13:00-17:00`",
        "timezone": "use a name like `Asia/Shanghai`",
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
    return "the file has the sections " + ", ".join(KNOWN_SECTIONS)


def _raw_ids(doc: _Document, section: str) -> frozenset[str]:
    """The ids written in a section, valid entries or not."""
    raw = doc.data.get(section) if isinstance(doc.data, dict) else None
    if not isinstance(raw, list):
        return frozenset()
    return frozenset(str(item["id"]) for item in raw if isinstance(item, dict) and "id" in item)


def summary(building: Building) -> str:
    """One line for `kiosk check` and /healthz: what was loaded."""
    return (
        f"{len(building.floors)} floors, {len(building.spaces)} spaces, {len(building.facilities)} facilities, "
        f"{len(building.kiosks)} kiosks, {len(building.notices)} notices"
    )
