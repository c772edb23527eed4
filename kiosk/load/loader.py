"""Loading floors.yaml: its bytes read, every entry validated and every rule checked, into a `Building`.

Staff edit floors.yaml by hand, so every mistake must come back as
`floors.yaml:LINE:COL: what is wrong — how to fix it`, all of them at once (as mkdocs
does), and nothing half-loaded ever reaches the pages. Reading the YAML is `reading`,
turning validation errors into sentences `explaining`; this module joins them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from kiosk.load.checks import Draft, Finding, run_checks
from kiosk.load.explaining import did_you_mean, explain, read_as
from kiosk.load.problems import BuildingFileError, Problem
from kiosk.load.reading import MAX_BYTES, Document, Path_, read_file, read_yaml
from kiosk.model import hours_lint
from kiosk.model.building import (
    MAX_LANGUAGES,
    Building,
    BuildingInfo,
    CategoryDef,
    Closure,
    Event,
    EventSource,
    Facility,
    FacilityKindDef,
    Floor,
    Kiosk,
    LanguageCode,
    Notice,
    Settings,
    Space,
    SpecialHours,
)
from kiosk.model.vocabulary import DEFAULT_LANGUAGES
from kiosk.ways.routing import Network

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
    "categories",
    "facility_kinds",
    "closures",
    "special_hours",
    "events",
    "event_sources",
)
LANGUAGES_SECTION = "languages"  # read first: it decides which languages every text may use
KNOWN_SECTIONS = (LANGUAGES_SECTION, *SECTIONS)
_LANGUAGE_LIST = TypeAdapter(list[LanguageCode])


@dataclass(frozen=True)
class Loaded:
    """One file's bytes read and checked: the building if it is sound, and every problem in file order.

    As mkdocs' `validate()` returns errors and warnings, this is the only place they are told apart;
    `network` is the route graph the checks built, so the Site made from it does not build another.
    """

    building: Building | None
    problems: tuple[Problem, ...]
    content: bytes
    network: Network | None = None

    @property
    def errors(self) -> tuple[Problem, ...]:
        """What stops the file from being served."""
        return tuple(p for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> tuple[Problem, ...]:
        """What is served but probably not what was meant."""
        return tuple(p for p in self.problems if p.severity != "error")

    @property
    def sound(self) -> bool:
        """Whether the building may be served (no errors)."""
        return self.building is not None and not self.errors

    def building_or_raise(self) -> Building:
        """The building, or BuildingFileError listing every error."""
        if self.building is None or self.errors:
            raise BuildingFileError(list(self.errors))
        return self.building


def load_building(path: str | Path, content: bytes | None = None) -> Building:
    """Load and validate a building file; raises BuildingFileError listing every problem."""
    return load(path, content).building_or_raise()


def load(path: str | Path, content: bytes | None = None) -> Loaded:
    """Read (unless `content` is given) and check a building file."""
    path = Path(path)
    if content is None:
        try:
            content = read_file(path)
        except OSError as error:
            unreadable = Problem(
                path.name, 1, 1, f"cannot read {path}: {error.strerror}", "check the path and permissions"
            )
            return Loaded(None, (unreadable,), b"")
    return load_content(content, path.name, path.parent)


def check_building(path: str | Path) -> tuple[Building | None, list[Problem]]:
    """Validate a building file; returns the building (if no errors) and all problems found."""
    loaded = load(path)
    return loaded.building, list(loaded.problems)


def check_content(raw: bytes, name: str, folder: Path | None = None) -> tuple[Building | None, list[Problem]]:
    """Validate a building file's bytes (`name`, in `folder`): the building (if no errors) and every problem."""
    loaded = load_content(raw, name, folder)
    return loaded.building, list(loaded.problems)


def load_content(raw: bytes, name: str, folder: Path | None = None) -> Loaded:
    """The one path from a building file's bytes to a checked building (`name`, in `folder`)."""
    if len(raw) > MAX_BYTES:
        message = f"the file is {len(raw):,} bytes, more than the {MAX_BYTES:,} allowed"
        hint = "a building needs far less; check that the right file was given"
        return Loaded(None, (Problem(name, 1, 1, message, hint),), raw)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        not_utf8 = Problem(name, line, 1, "the file is not UTF-8 text", "save it as UTF-8 in your editor")
        return Loaded(None, (not_utf8,), raw)
    document, problems = read_yaml(text, name)
    if document is None:
        return Loaded(None, tuple(problems), raw)
    building, more, network = _validate(document, name, folder)
    # A value the YAML reading refused (an unknown tag, an impossible date) is not blamed twice.
    refused_at = {(p.line, p.column) for p in problems if p.severity == "error"}
    more = [p for p in more if (p.line, p.column) not in refused_at]
    problems = sorted(problems + more, key=lambda p: (p.line, p.column))
    if building is None or any(p.severity == "error" for p in problems):
        return Loaded(None, tuple(problems), raw)
    # Hours that parse but probably do not say what was meant: placed at the character.
    problems = sorted(problems + _hours_warnings(building, document, name), key=lambda p: (p.line, p.column))
    return Loaded(building, tuple(problems), raw, network)


# --- validation ----------------------------------------------------------------------------


def _validate(doc: Document, name: str, folder: Path | None) -> tuple[Building | None, list[Problem], Network | None]:
    """Validate each entry on its own, then every rule across entries, so one run reports every problem."""
    problems: list[Problem] = []
    data = doc.data
    if not isinstance(data, dict):
        return None, [Problem(name, 1, 1, "the file should be a set of `key: value` sections", _sections_hint())], None
    for key in data:
        if key not in KNOWN_SECTIONS:
            line, col = doc.where_key((key,))
            problems.append(
                Problem(name, line, col, f"unknown section `{key}`", did_you_mean(str(key), KNOWN_SECTIONS))
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
        folder=folder,
    )
    problems += [_place(finding, doc, name) for finding in run_checks(draft)]
    sound = complete and not any(p.severity == "error" for p in problems)
    return (building if sound else None), problems, (draft.built_network() if sound else None)


def _languages(data: dict, doc: Document, name: str, problems: list[Problem]) -> tuple[str, ...]:
    """The file's `languages:` (default zh, en); a bad list is reported and the default used, a long one kept."""
    if LANGUAGES_SECTION not in data:
        return DEFAULT_LANGUAGES
    try:
        languages = tuple(_LANGUAGE_LIST.validate_python(data[LANGUAGES_SECTION]))
    except ValidationError as error:
        detail = error.errors(include_url=False)[0]
        at = (LANGUAGES_SECTION, *detail["loc"])
        line, col = doc.where(at)
        if at in doc.written and isinstance(detail["input"], bool):  # `no` (Norwegian) is read as false
            reading, hint = read_as(doc.written[at], detail["input"])
            problems.append(Problem(name, line, col, f"`languages`: {reading}", hint))
            return DEFAULT_LANGUAGES
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
    if len(languages) > MAX_LANGUAGES:
        # Named here, at the first one too many, rather than failing the whole Building afterwards.
        # The texts are still checked against the list as written, so this is the only problem it causes.
        problems.append(
            Problem(
                name,
                *doc.where((LANGUAGES_SECTION, MAX_LANGUAGES)),
                f"`languages` lists {len(languages)} languages, more than the {MAX_LANGUAGES} allowed",
                "keep the languages your visitors read; the first is the default",
            )
        )
    return languages


def _place(finding: Finding, doc: Document, name: str) -> Problem:
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
    doc: Document,
    name: str,
    problems: list[Problem],
    context: dict[str, Any],
) -> BaseModel | None:
    try:
        return model.model_validate(item, context=context)
    except ValidationError as error:
        problems.extend(explain(error, model, item, path, doc, name))
        return None


def _sections_hint() -> str:
    return "the file has the sections " + ", ".join(KNOWN_SECTIONS)


def _hours_warnings(building: Building, doc: Document, name: str) -> list[Problem]:
    """Hours that parse but probably do not say what was meant (see `kiosk.model.hours_lint`)."""
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


def _raw_ids(doc: Document, section: str) -> frozenset[str]:
    """The ids written in a section, valid entries or not."""
    raw = doc.data.get(section) if isinstance(doc.data, dict) else None
    if not isinstance(raw, list):
        return frozenset()
    return frozenset(str(item["id"]) for item in raw if isinstance(item, dict) and "id" in item)


def summary(building: Building) -> str:
    """One line for `kiosk check` and /healthz: what was loaded."""
    counts = [
        (len(building.floors), "floor", "floors"),
        (len(building.spaces), "space", "spaces"),
        (len(building.facilities), "facility", "facilities"),
        (len(building.kiosks), "kiosk", "kiosks"),
        (len(building.notices), "notice", "notices"),
    ]
    return ", ".join(f"{n} {one if n == 1 else many}" for n, one, many in counts)


def mount_summary(kiosk: Kiosk) -> str:
    """One line for `kiosk check`: how a kiosk's screen is mounted, and what of it lies within reach."""
    screen = kiosk.mount
    low, high = screen.reach_mm
    within = f"controls in low reach sit {low:g}-{high:g} mm above the floor"
    if kiosk.screen is None:
        return (
            f"kiosk `{kiosk.id}`: no `screen:` given, so the typical 55-inch portrait mount is assumed"
            f" (picture {screen.height_mm:g} mm high, bottom {screen.bottom_mm:g} mm and top {screen.top_mm:g} mm"
            f" above the floor); {within} — add `screen: {{height_mm: ..., bottom_mm: ...}}` if yours differs"
        )
    return (
        f"kiosk `{kiosk.id}`: screen {screen.height_mm:g} mm high, bottom {screen.bottom_mm:g} mm and top"
        f" {screen.top_mm:g} mm above the floor; {within}"
    )
