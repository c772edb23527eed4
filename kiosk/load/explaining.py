"""Explaining problems: pydantic's validation errors as sentences at the place they were written."""

from __future__ import annotations

import datetime as dt
import difflib
import re
import typing
from collections.abc import Iterable, Iterator
from typing import Any

from pydantic import BaseModel, RootModel, ValidationError

from kiosk.load.problems import Problem
from kiosk.load.reading import Document, Path_
from kiosk.model import hours_lint
from kiosk.model.building import (
    SLUG_PATTERN,
)


def explain(
    error: ValidationError, model: type[BaseModel], item: Any, path: Path_, doc: Document, name: str
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
    written = [_as_written(doc, path, tuple(d["loc"]), d["type"]) for d in details]
    # A value that may take two forms (`at: [x, y]` or `{1f: [x, y]}`, a date or a date and time) fails in
    # each: say it once, in the form that was written where there is one.
    fitting = {w.member_at for w in written if w.member is not None and w.fits}
    said: set[tuple[Any, ...]] = set()
    for detail, (loc, member, member_at, fits) in zip(details, written, strict=True):
        if detail["type"] == "missing" and (tuple(detail["loc"][:-1]), str(detail["loc"][-1])) in misspelt:
            continue
        if member is not None:
            if (not fits and member_at in fitting) or loc in said:
                continue
            said.add(loc)
        if "[key]" in loc:
            yield _key_problem(detail, loc, member is not None, owner, path, doc, name)
            continue
        if _is_text_field(model, loc[:1]) and detail["type"] == "string_type" and detail.get("input") is None:
            continue  # the value of a misplaced "key" (see `_text_key_problem`): said there already
        full = (*path, *loc)
        kind = detail["type"]
        field = ".".join(str(p) for p in loc) or str(path[0])
        value = detail.get("input")
        if kind == "extra_forbidden":
            line, col = doc.where_key(full)
            hint = did_you_mean(str(loc[-1]), _allowed_keys(model, loc[:-1]))
            yield Problem(name, line, col, f"{owner}: unknown key `{loc[-1]}`", hint)
            continue
        line, col = doc.where(full)
        if kind == "missing" and loc and isinstance(loc[-1], int):
            # `door: [52]`: a list of numbers one short, not a missing key `1:`.
            whole = ".".join(str(p) for p in loc[:-1])
            message = f"{owner}: `{whole}` has too few numbers (number {loc[-1] + 1} is missing)"
            hint = "write every number: a point is `[x, y]` in metres, a size `[width, depth]`"
            yield Problem(name, line, col, message, hint)
        elif kind == "missing":
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
            yield Problem(name, line, col, f"{owner}: `{value}` is not a valid id for `{field}`", _id_hint(str(value)))
        elif kind == "string_type" and value is None and full in doc.written:  # `~` or `null`
            yield Problem(name, line, col, f"{owner}: `{field}` is empty", "write the text, or remove the key")
        elif kind == "string_type" and full in doc.written:
            reading, hint = read_as(doc.written[full], value)
            yield Problem(name, line, col, f"{owner}: `{field}` should be text, but {reading}", hint)
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


def _key_problem(
    detail: Any, loc: tuple[Any, ...], per_floor: bool, owner: str, path: Path_, doc: Document, name: str
) -> Problem:
    """A key that is wrong: a per-floor mapping's key is an id, any other key a language."""
    if not per_floor:
        return _text_key_problem(detail, loc, owner, path, doc, name)
    # A key of a per-floor mapping (`at: {1F: [x, y]}`) is an id, not a language.
    key_path = (*path, *loc[: loc.index("[key]")])
    field = ".".join(str(p) for p in loc[: loc.index("[key]") - 1])
    message = f"{owner}: `{key_path[-1]}` is not a valid id for `{field}`"
    return Problem(name, *doc.where_key(key_path), message, _id_hint(str(key_path[-1])))


def read_as(written: str, value: object) -> tuple[str, str]:
    """What YAML made of a plain word, in a staff member's words, and the quotes that keep it text.

    `no` → ("`no` reads as false (a yes/no value)", 'put it in quotes: "no"').
    """
    if isinstance(value, bool):
        reading = f"{str(value).lower()} (a yes/no value)"
    elif isinstance(value, int | float):
        reading = f"the number {value}"
    else:
        reading = "a date" if isinstance(value, dt.date) else "a value, not text"
    return f"`{written}` reads as {reading}", f'put it in quotes: "{written}"'


def _id_hint(written: str) -> str:
    """How to write an id: the id meant when only its case or spaces are wrong (`1F` → `1f`), else the rule."""
    meant = "-".join(written.strip().lower().replace("_", " ").split())
    if meant != written and re.fullmatch(SLUG_PATTERN, meant):
        return f"write it as `{meant}` (ids are lowercase letters, digits and dashes)"
    return "use lowercase letters, digits and dashes, e.g. `art-gallery`"


def _text_key_problem(detail: Any, loc: tuple[Any, ...], owner: str, path: Path_, doc: Document, name: str) -> Problem:
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


class _Written(typing.NamedTuple):
    """An error's location as written in the file, and the form of a union pydantic was trying there."""

    loc: tuple[Any, ...]
    member: str | None  # pydantic's name for the form (`datetime`, `dict[...]`, `function-after[...]`)
    member_at: tuple[Any, ...]  # where in `loc` that form was tried
    fits: bool  # whether the form is the one written: a mapping for a `dict[...]`, anything else otherwise


def _as_written(doc: Document, path: Path_, loc: tuple[Any, ...], kind: str) -> _Written:
    """`loc` without the names pydantic gives the forms of a union (`starts.datetime`, `at.tuple[...]`)."""
    value = _raw_value(doc, path)
    kept: list[Any] = []
    member, member_at, fits = None, (), True
    for index, part in enumerate(loc):
        in_file, child = _child(value, part)
        if in_file:
            value = child
        elif part != "[key]" and not (kind == "missing" and index == len(loc) - 1):
            # Not in the file, and neither a text's key nor the key or number that is missing: a form's name.
            if member is None:
                member, member_at = str(part), tuple(kept)
                fits = member.startswith("dict[") == isinstance(value, dict)
            continue
        kept.append(part)
    return _Written(tuple(kept), member, member_at, fits)


def _raw_value(doc: Document, path: Path_) -> Any:
    """The plain value at `path` in the file, or None."""
    value = doc.data
    for part in path:
        found, value = _child(value, part)
        if not found:
            return None
    return value


def _child(value: Any, part: Any) -> tuple[bool, Any]:
    """Whether `part` (a key, or an index in range) is in the plain value `value`, and what it holds there."""
    if isinstance(value, dict):
        return part in value, value.get(part)
    if isinstance(value, list) and isinstance(part, int) and 0 <= part < len(value):
        return True, value[part]
    return False, None


def _owner(path: Path_, item: Any) -> str:
    """Name the entry a problem is in the way staff think of it: "space `library`"."""
    if len(path) == 1:
        return f"`{path[0]}`"
    singular = {"facilities": "facility", "categories": "category"}.get(str(path[0]), str(path[0]).rstrip("s"))
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
        "repeat": "write an iCalendar RRULE: `FREQ=WEEKLY;BYDAY=SA` (every Saturday), `FREQ=DAILY;COUNT=5`",
        "public_url": "write the address phones should open, e.g. `https://kiosk.example.org`",
    }
    return hints.get(key, "check the value against the bundled floors.yaml")


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A hint naming the closest of `choices` ("did you mean ..."), else listing them."""
    choices = list(choices)
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if close:
        return f"did you mean `{close[0]}`?"
    if choices:
        return "allowed here: " + ", ".join(choices)
    return "remove it"
