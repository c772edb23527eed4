"""A district file: one server for several buildings, each with its own floors.yaml.

```yaml
district: {name: {zh: 长宁区社区中心, en: Changning community centres}, public_url: https://kiosk.example.org}
buildings:
  - {id: xinjing, config: xinjing/floors.yaml, subdistrict: {zh: 新泾镇, en: Xinjing}}
  - {id: hongqiao, config: hongqiao/floors.yaml}
```

Read and explained like floors.yaml (`reading`, `explaining`): every problem is `file:line:col: message — hint`.
Each building's own file is checked on its own (`check_district` with `buildings=True`), and a kiosk id may
belong to only one building, so a lobby screen is pinned to its centre.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, StringConstraints, ValidationError

from kiosk.load.explaining import explain
from kiosk.load.loader import check_building
from kiosk.load.problems import BuildingFileError, Problem
from kiosk.load.reading import Document, read_file, read_yaml
from kiosk.model.building import LANG_PATTERN, Building, Model, PublicUrl, Slug, Text

MAX_BUILDINGS = 100  # a district of ten centres is the case in hand; more than this is a mistake
# Ids a building may not take: the district's own paths at the top of the URL space.
RESERVED_IDS = frozenset({"static", "healthz", "staff", "search", "district"})
ConfigPath = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]


class DistrictInfo(Model):
    """The district's name (in its languages) and the address phones open."""

    name: Text
    public_url: PublicUrl | None = None


class DistrictBuilding(Model):
    """One building of the district: its short id (the first part of its URLs) and its floors.yaml."""

    id: Slug
    config: ConfigPath
    subdistrict: Text | None = None  # the district home lists centres by it
    # This building was served alone at `/` before: its old URLs (printed QR codes, posters) redirect for good.
    old_urls: bool = False


class District(Model):
    """The whole district file."""

    district: DistrictInfo
    buildings: tuple[DistrictBuilding, ...] = Field(min_length=1, max_length=MAX_BUILDINGS)

    @property
    def old_urls(self) -> DistrictBuilding | None:
        """The building whose URLs from before the district (at `/`) are redirected to its own, if any."""
        return next((b for b in self.buildings if b.old_urls), None)

    def building(self, building_id: str) -> DistrictBuilding | None:
        """The building with this id, if any."""
        return next((b for b in self.buildings if b.id == building_id), None)


def is_district_file(path: Path) -> bool:
    """Whether `path` is a district file (a top-level `district:`) rather than one building's floors.yaml."""
    try:
        text = read_file(path).decode("utf-8", errors="replace")
    except OSError:
        return False
    # A cheap look at the top-level keys, no full parse: a floors.yaml starts with `building:`, never `district:`.
    return any(line.startswith("district:") for line in text.splitlines())


def config_of(path: Path, entry: DistrictBuilding) -> Path:
    """The floors.yaml of `entry`, relative to the district file."""
    return (path.parent / entry.config).resolve()


def load_district(path: Path) -> District:
    """The valid district at `path` (its buildings' own files not read); raises BuildingFileError."""
    district, problems = check_district(path, buildings=False)
    errors = [p for p in problems if p.severity == "error"]
    if district is None or errors:
        raise BuildingFileError(errors or [Problem(path.name, 1, 1, "the district file could not be read")])
    return district


def check_district(path: Path, buildings: bool = True) -> tuple[District | None, list[Problem]]:
    """The district and every problem of its file, and (with `buildings`) of each building's own file."""
    name = path.name
    try:
        text = read_file(path).decode("utf-8")
    except OSError as error:
        return None, [Problem(name, 1, 1, f"cannot read the district file ({error.strerror or error})")]
    except UnicodeDecodeError:
        return None, [Problem(name, 1, 1, "the file is not UTF-8 text", "save it as UTF-8")]
    doc, problems = read_yaml(text, name)
    if doc is None:
        return None, problems
    district = _validate(doc, name, problems)
    if district is None:
        return None, problems
    problems += _entry_problems(path, district, doc)
    if buildings and not any(p.severity == "error" for p in problems):
        problems += _building_problems(path, district, doc)
    return district, problems


def _validate(doc: Document, name: str, problems: list[Problem]) -> District | None:
    """Each part checked on its own, as floors.yaml's sections are, so every mistake is named at once."""
    data = doc.data
    if not isinstance(data, dict) or "district" not in data:
        hint = "start with `district: {name: {zh: …, en: …}}` and a list `buildings:`"
        problems.append(Problem(name, 1, 1, "this is not a district file", hint))
        return None
    context = {"languages": _languages(data)}
    before = len(problems)
    for key in sorted(set(data) - {"district", "buildings"}):
        line, col = doc.where_key((key,))
        problems.append(
            Problem(name, line, col, f"unknown key `{key}`", "a district file has `district:` and `buildings:`")
        )
    info = _one(DistrictInfo, data["district"], ("district",), doc, name, problems, context)
    entries = data.get("buildings")
    if not isinstance(entries, list) or not entries:
        line, col = doc.where_key(("buildings",)) if "buildings" in data else (1, 1)
        hint = "list them as `buildings: [{id: xinjing, config: xinjing/floors.yaml}]`"
        problems.append(Problem(name, line, col, "`buildings` is missing or empty", hint))
        return None
    if len(entries) > MAX_BUILDINGS:
        line, col = doc.where(("buildings",))
        problems.append(Problem(name, line, col, f"more than {MAX_BUILDINGS} buildings", "split the district"))
        return None
    found = [_one(DistrictBuilding, e, ("buildings", i), doc, name, problems, context) for i, e in enumerate(entries)]
    if len(problems) > before or info is None:
        return None
    return District(district=info, buildings=tuple(b for b in found if isinstance(b, DistrictBuilding)))


def _one(
    model: type[Model],
    item: Any,
    path: tuple[str | int, ...],
    doc: Document,
    name: str,
    problems: list[Problem],
    context: dict[str, Any],
) -> Any:
    try:
        return model.model_validate(item, context=context)
    except ValidationError as error:  # said as sentences at the lines they were written
        problems.extend(explain(error, model, item, path, doc, name))
        return None


def _languages(data: dict[str, Any]) -> tuple[str, ...]:
    """The district name's languages, in order: a building's text may be in any of them."""
    info = data.get("district")
    name = info.get("name") if isinstance(info, dict) else None
    if not isinstance(name, dict):
        return ()
    return tuple(k for k in name if isinstance(k, str) and re.match(LANG_PATTERN, k))


def _entry_problems(path: Path, district: District, doc: Document) -> list[Problem]:
    """Ids twice or reserved, and building files that are not there."""
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for index, entry in enumerate(district.buildings):
        line, col = doc.where(("buildings", index, "id"))
        if entry.id in seen:
            hint = f"give each building its own id; the first `{entry.id}` is on line {seen[entry.id]}"
            problems.append(Problem(path.name, line, col, f"building id `{entry.id}` is used twice", hint))
        seen.setdefault(entry.id, line)
        if entry.id in RESERVED_IDS or _looks_like_language(entry.id):
            hint = "it would hide a page of the district; choose another id, e.g. the subdistrict's name"
            problems.append(Problem(path.name, line, col, f"building id `{entry.id}` is reserved", hint))
        if entry.old_urls and entry is not district.old_urls:
            line, col = doc.where(("buildings", index, "old_urls"))
            hint = f"only one building had the old URLs at `/`: `{district.old_urls.id if district.old_urls else ''}`"
            problems.append(Problem(path.name, line, col, "`old_urls` is set on two buildings", hint))
        file = config_of(path, entry)
        if not file.is_file():
            line, col = doc.where(("buildings", index, "config"))
            hint = "the path is relative to the district file's folder"
            problems.append(Problem(path.name, line, col, f"building `{entry.id}`: no file {entry.config}", hint))
    return problems


def _looks_like_language(building_id: str) -> bool:
    """Whether an id could be read as a language (`/en/` is the district home in English)."""
    return re.match(LANG_PATTERN, building_id) is not None and len(building_id) <= 3


def _building_problems(path: Path, district: District, doc: Document) -> list[Problem]:
    """Each building's own problems (named by its path in the district file), then shared kiosk ids."""
    problems: list[Problem] = []
    owner: dict[str, str] = {}
    for index, entry in enumerate(district.buildings):
        building, found = check_building(config_of(path, entry))
        for problem in found:
            if district.district.public_url and "public_url is not set" in problem.message:
                continue  # the district's address covers it: phones open <public_url>/<building id>/
            # Two buildings' files are often both floors.yaml: name each by its path in the district file.
            problems.append(replace(problem, file=entry.config))
        if building is not None:
            problems += _shared_kiosks(path, entry.id, building, owner, doc.where(("buildings", index, "id")))
    return problems


def _shared_kiosks(
    path: Path, building_id: str, building: Building, owner: dict[str, str], where: tuple[int, int]
) -> list[Problem]:
    """A kiosk id of `building` another building has already: `/?kiosk=<id>` cannot tell which screen it is."""
    problems = []
    for kiosk in building.kiosks:
        other = owner.setdefault(kiosk.id, building_id)
        if other != building_id:
            message = f"building `{building_id}`: kiosk id `{kiosk.id}` is also a kiosk of `{other}`"
            hint = f"open its screen as /{building_id}/?kiosk={kiosk.id}, or rename one of them in its floors.yaml"
            problems.append(Problem(path.name, *where, message, hint, "warning"))
    return problems
