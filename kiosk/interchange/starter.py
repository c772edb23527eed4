"""`kiosk init`: a first floors.yaml for a new building, from a few answers, that checks and serves at once.

The file is written as text (not dumped from the model) so that it carries the comments a new
manager needs: what each entry means and what to add next. Every value is written as a JSON string,
which YAML reads as the same string, so no answer can break the file.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from kiosk.load.loader import Problem, check_content
from kiosk.model import hours as hours_module
from kiosk.model.building import LANG_PATTERN, SLUG_PATTERN

DEFAULT_HOURS = "Mo-Su 08:30-17:00"
DEFAULT_LANGUAGES = "zh,en"
MAX_FLOORS = 120
_RANGE = re.compile(r"^([A-Za-z]*)(\d+)([A-Za-z]*)-([A-Za-z]*)(\d+)([A-Za-z]*)$")
_BASEMENT = re.compile(r"^(B\d+|-\d+)$", re.IGNORECASE)
KIOSK_NAME = {"zh": "大厅导览屏", "en": "Lobby guide screen"}
KIOSK_PLACE = {"zh": "大厅", "en": "Lobby"}


class AnswerError(ValueError):
    """An answer that cannot make a building, with what to give instead."""


@dataclass(frozen=True)
class Answers:
    """What `kiosk init` asks: texts by language, floor labels bottom to top, and the rest."""

    name: dict[str, str]
    address: dict[str, str]
    floors: tuple[str, ...]
    languages: tuple[str, ...]
    hours: str
    kiosk_floor: str
    building_id: str
    timezone: str = "Asia/Shanghai"


def floor_labels(text: str) -> tuple[str, ...]:
    """Floor labels bottom to top from `B1,1F-7F`: commas between floors, a dash for a run of them."""
    labels: list[str] = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        run = _RANGE.match(part)
        if run and run[1].upper() == run[4].upper() and run[3].upper() == run[6].upper():
            first, last = int(run[2]), int(run[5])
            step = 1 if last >= first else -1
            labels += [f"{run[1]}{n}{run[3]}" for n in range(first, last + step, step)]
        elif "-" in part:
            raise AnswerError(
                f"{part!r}: a run of floors joins two labels of one form (1F-7F, B3-B1); list the others with commas"
            )
        else:
            labels.append(part)
        if len(labels) > MAX_FLOORS:
            raise AnswerError(f"more than {MAX_FLOORS} floors in {text!r}; list the floors, e.g. B1,1F-7F")
    if not labels:
        raise AnswerError("no floors given: list their labels bottom to top, e.g. B1,1F-7F")
    for label in labels:
        _check_label(label)
    ids = [floor_id(label) for label in labels]
    doubled = sorted({label for label, fid in zip(labels, ids, strict=True) if ids.count(fid) > 1})
    if doubled:
        raise AnswerError(f"floor {', '.join(doubled)} is listed twice")
    return tuple(labels)


def _check_label(label: str) -> None:
    if len(label) > 6:
        raise AnswerError(f"floor label {label!r} is longer than 6 characters (it is what the lift button says)")
    if not re.match(SLUG_PATTERN, floor_id(label)):
        raise AnswerError(f"floor label {label!r}: use letters and digits only (1F, B1, G, M)")


def floor_id(label: str) -> str:
    """A floor's id: its label in lower case (1F is `1f`, B1 is `b1`)."""
    return label.strip().lower()


def floor_orders(labels: tuple[str, ...]) -> dict[str, int]:
    """`order` of each floor: 1 for the first floor above ground, -1, -2 for the basements below it."""
    ground = next((i for i, label in enumerate(labels) if not _BASEMENT.match(label)), len(labels))
    return {label: (i - ground if i < ground else i - ground + 1) for i, label in enumerate(labels)}


def language_list(text: str) -> tuple[str, ...]:
    """Language codes from `zh,en` (the first is the kiosk's)."""
    codes = tuple(dict.fromkeys(c.strip().lower() for c in text.split(",") if c.strip()))
    if not codes:
        raise AnswerError("no languages given: e.g. zh,en (the first is the kiosk's)")
    wrong = [c for c in codes if not re.match(LANG_PATTERN, c)]
    if wrong:
        raise AnswerError(f"{', '.join(wrong)}: a language is a code such as zh, en, ja")
    return codes


def checked_hours(text: str) -> str:
    """Daily hours in OpenStreetMap's opening_hours syntax, or an AnswerError with the parser's reason."""
    try:
        hours_module.parse(text.strip())
    except ValueError as error:
        raise AnswerError(f"hours {text!r}: {error} (e.g. {DEFAULT_HOURS})") from None
    return text.strip()


def building_id(name: dict[str, str]) -> str:
    """An id from the English name (else the pinyin of the Chinese one): letters, digits and dashes."""
    source = name.get("en")
    if not source and name.get("zh"):
        from pypinyin import lazy_pinyin  # late: only a Chinese-only name needs it

        source = " ".join(lazy_pinyin(name["zh"]))
    slug = re.sub(r"[^a-z0-9]+", "-", (source or "").lower()).strip("-")[:40].strip("-")
    return slug or "building"


def _q(value: str) -> str:
    """A YAML scalar that reads back as exactly `value` (a JSON string is valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def _text(values: dict[str, str], languages: tuple[str, ...]) -> str:
    """A text in the building's languages; the first is never missing (English, else any, stands in)."""
    first = values.get(languages[0]) or values.get("en") or next(iter(values.values()))
    given = {languages[0]: first} | {lang: values[lang] for lang in languages[1:] if values.get(lang)}
    items = [f"{lang}: {_q(value)}" for lang, value in given.items()]
    return "{" + ", ".join(items) + "}"


def _texts_given(answers: Answers) -> None:
    for what, values in (("name", answers.name), ("address", answers.address)):
        if not any(values.values()):
            raise AnswerError(
                f"the building's {what} is missing: give it in Chinese or English (--{what}-zh, --{what}-en)"
            )


def render(answers: Answers) -> str:
    """The text of the new floors.yaml."""
    _texts_given(answers)
    langs = answers.languages
    orders = floor_orders(answers.floors)
    kiosk_floor = floor_id(answers.kiosk_floor)
    if kiosk_floor not in {floor_id(label) for label in answers.floors}:
        raise AnswerError(f"the lobby screen's floor {answers.kiosk_floor!r} is not one of {', '.join(answers.floors)}")
    lines = [
        "# floors.yaml: everything the kiosk shows about this building. Written by `kiosk init`; edit it freely.",
        "#",
        "# - Every text is written in the building's languages: `{zh: 中文, en: English}`; the first language is",
        "#   the kiosk's, a text missing in another language is shown in English.",
        "# - `id`s are lowercase letters, digits and dashes. They are printed in QR codes: keep them.",
        "# - Hours use OpenStreetMap's opening_hours syntax: `Mo-Fr 09:00-17:00; Sa 09:00-12:00; PH off`.",
        "# - Run `kiosk check` after every change: it names the line of each mistake and how to fix it.",
        "# - The shipped floors.yaml of the kiosk's source shows every section (spaces, facilities, plans,",
        "#   notices, events, closures) with comments; the README explains each.",
        "",
        "building:",
        f"  id: {_q(answers.building_id)}",
        f"  name: {_text(answers.name, langs)}",
        f"  address: {_text(answers.address, langs)}",
        f"  timezone: {answers.timezone}",
        f"  hours: {_q(answers.hours)}",
        "  # location: {lat: 31.2135, lon: 121.3565, bearing: 0}   # for `kiosk export`: WGS-84 degrees of the plans'",
        "  #   north-west corner, and the compass bearing of the plans' up (0: drawn north up)",
        "  # public_url: https://kiosk.example.org   # the address phones open when they scan a QR code",
        "",
        f"languages: [{', '.join(langs)}]",
        "",
        "# Floors bottom to top. `label` is what the lift button says; `name` says what is on the floor.",
        "# No `plan:` yet: a floor without one shows no drawing and no routes. Import the drawings with",
        "# `kiosk import` (DXF, IMDF, GeoJSON), or give `plan: {size: [width, depth]}` in metres by hand.",
        "floors:",
    ]
    for label in answers.floors:
        lines += [
            f"  - id: {_q(floor_id(label))}",
            f"    order: {orders[label]}",
            f"    label: {_q(label)}",
            f"    name: {_text(dict.fromkeys(langs, label), langs)}   # e.g. {{zh: 图书馆, en: Library}}",
        ]
    lines += [
        "",
        "# The spaces visitors come for (library, gym, service counters); `kiosk import` adds them from drawings.",
        "spaces: []",
        "",
        "# Toilets, lifts, stairs, nursing rooms...: `kind:` one of the shipped kinds (the README lists them).",
        "facilities: []",
        "",
        "# The lobby screen. Give `at: [x, y]` (metres on its floor's plan) once the floor has one, and",
        '# `facing: N` (the way a person reading it looks), so pages can say "you are here".',
        "kiosks:",
        "  - id: lobby",
        f"    name: {_text(KIOSK_NAME, langs)}",
        f"    floor: {_q(kiosk_floor)}",
        f"    location: {_text(KIOSK_PLACE, langs)}",
        "",
    ]
    return "\n".join(lines)


def problems_of(text: str, folder: Path) -> list[Problem]:
    """What `kiosk check` would say of the text: errors and warnings."""
    _, problems = check_content(text.encode("utf-8"), "floors.yaml", folder)
    return problems


def write_new(path: Path, text: str) -> None:
    """Write the file only if it does not exist yet (never overwrite: FileExistsError)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as file:
        file.write(text)
