"""Read floors.yaml, validate it, and turn it into a `Building`, or into a list of problems.

Staff edit floors.yaml by hand, so every mistake must come back as
`floors.yaml:LINE:COL: what is wrong — how to fix it`, all of them at once (as mkdocs
does), and nothing half-loaded ever reaches the pages. This is the only module that
touches the raw YAML.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import typing
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, RootModel, TypeAdapter, ValidationError

from kiosk.load.checks import Draft, Finding, run_checks
from kiosk.model import hours_lint
from kiosk.model.building import (
    MAX_LANGUAGES,
    SLUG_PATTERN,
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
# Limits on what the YAML may hold, far above any real building, so that a hostile or mistaken
# file costs bounded time and memory to refuse.
MAX_DEPTH = 16  # the deepest real value (a corridor's point) is 6 levels down
MAX_LIST = 1_000  # any one list
SECTION_CAPS = {
    "floors": 221,
    "spaces": 2_000,
    "facilities": 2_000,
    "kiosks": 100,
    "notices": 200,
    "categories": 40,
    "facility_kinds": 100,
    "closures": 500,
    "special_hours": 500,
    "events": 1_000,  # more come from event files and feeds, which have their own caps
    "event_sources": 20,
}
MAX_ALIASES = 30
MAX_SPACES_PER_FLOOR = 300
YAML_TAG = "tag:yaml.org,2002:"
MAP_TAG, SEQ_TAG, STR_TAG, MERGE_TAG, TIMESTAMP_TAG = (
    YAML_TAG + t for t in ("map", "seq", "str", "merge", "timestamp")
)
# The plain values a building is written in; every other tag (`!foo`, `!!python/...`, `!!binary`) is refused.
SCALAR_TAGS = frozenset(YAML_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp"))
# Characters that reorder text on screen (Trojan Source): removed from every text, with a warning.
BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
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
    # Plain scalars YAML read as something other than text (`no` → False, `1:30` → 90), as written.
    written: dict[Path_, str] = field(default_factory=dict)

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
        building, problems = check_content(content, Path(path).name, Path(path).parent)
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
    return check_content(raw, path.name, path.parent)


def check_content(raw: bytes, name: str, folder: Path | None = None) -> tuple[Building | None, list[Problem]]:
    """Validate a building file's bytes (`name`, in `folder`): the building (if no errors) and every problem."""
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
    building, more = _validate(document, name, folder)
    # A value the YAML reading refused (an unknown tag, an impossible date) is not blamed twice.
    refused_at = {(p.line, p.column) for p in problems if p.severity == "error"}
    more = [p for p in more if (p.line, p.column) not in refused_at]
    problems = sorted(problems + more, key=lambda p: (p.line, p.column))
    if building is None or any(p.severity == "error" for p in problems):
        return None, problems
    # Hours that parse but probably do not say what was meant: placed at the character.
    problems = sorted(problems + _hours_warnings(building, document, name), key=lambda p: (p.line, p.column))
    return building, problems


# --- YAML with positions -------------------------------------------------------------------


def _read_yaml(text: str, name: str) -> tuple[_Document | None, list[Problem]]:
    """Parse YAML into plain data, refusing anchors, aliases and deep nesting (no billion laughs, no RecursionError)."""
    try:
        refused = _refuse_structure(text, name)
        if refused is not None:
            return None, [refused]
        node = yaml.compose(text, Loader=YamlLoader)
    except yaml.MarkedYAMLError as error:
        return None, [_syntax_problem(error, name, text)]
    except yaml.reader.ReaderError:
        # Found again here: libyaml reports a byte offset, the pure-Python reader a character offset.
        found = yaml.reader.Reader.NON_PRINTABLE.search(text)
        position, code = (found.start(), ord(found.group())) if found else (0, 0)
        line, col = _line_col(text, position)
        message = f"the file holds an invisible control character (U+{code:04X})"
        return None, [Problem(name, line, col, message, "delete it, or retype the text around it")]
    except yaml.YAMLError as error:
        return None, [Problem(name, 1, 1, f"YAML syntax error: {error}", "check indentation and quotes")]
    if node is None:
        return None, [Problem(name, 1, 1, "the file is empty", "start from the bundled floors.yaml")]
    reader = _Reader(name)  # a fresh one per file: a constructor keeps every node it ever built
    data = reader.plain(node, ())
    reader.document.data = data
    return reader.document, reader.problems + _list_caps(reader.document, name)


def _refuse_structure(text: str, name: str) -> Problem | None:
    """The first anchor, alias or too-deep nesting, the same whichever YAML parser is installed."""
    try:
        return _first_refused(text, name, YamlLoader)
    except yaml.YAMLError as error:
        if YamlLoader is yaml.SafeLoader:
            raise
        # libyaml scans a bracketed value ahead to its closing bracket before it gives the first event, and from
        # PyYAML 6.0.4 it stops at 1,000 levels on its own ("exceeded maximum nesting depth"), so the level that is
        # too deep was never seen. The pure-Python parser looks ahead one line at most and has no limit of its own:
        # asked again, it finds the same refusal at the same place, or there is none and libyaml's error stands.
        try:
            refused = _first_refused(text, name, yaml.SafeLoader)
        except yaml.YAMLError:
            refused = None
        if refused is None:
            raise error from None
        return refused


def _first_refused(text: str, name: str, parser: type) -> Problem | None:
    """The first anchor, alias or too-deep nesting in the events of `parser` (events never recurse)."""
    depth = 0
    for event in yaml.parse(text, Loader=parser):
        mark = event.start_mark
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            return Problem(
                name,
                line,
                col,
                f"anchors and aliases (&{anchor} / *{anchor}) are not allowed",
                "write each value out in full",
            )
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                return Problem(
                    name,
                    line,
                    col,
                    f"the entries are nested more than {MAX_DEPTH} levels deep here",
                    "a building needs far fewer levels; check the brackets and the indentation",
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return None


def _line_col(text: str, position: int) -> tuple[int, int]:
    """Line and column (from 1) of a character offset in `text`."""
    before = text[: max(position, 0)]
    return before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1


def _syntax_problem(error: yaml.MarkedYAMLError, name: str, text: str) -> Problem:
    """Say where a syntax error is, in words that are the same whichever YAML parser is installed.

    libyaml and the pure-Python parser describe one mistake in different words (and libyaml's change between
    releases), so the parser's own words are only read to tell which mistake it is, never shown.
    """
    what = error.problem or ""
    mark = error.problem_mark or error.context_mark
    context = error.context or ""
    if "escape" in what and mark is not None:
        return _escape_problem(mark, name, text)
    quoted = _quote_problem(error, name, text)
    if quoted is not None:
        return quoted
    if error.context_mark is not None and "simple key" in context:
        # `name` alone on its line: the parser looks for its colon and gives up on the line below.
        alone = error.context_mark
        word = _line_text(text, alone.line)[alone.column :].strip()[:40]
        return Problem(
            name,
            alone.line + 1,
            alone.column + 1,
            f"YAML syntax error: `{word}` stands alone on its line, without a `:` after it",
            "write it as `key: value`, or join it to the line above if it belongs to that text",
        )
    if error.context_mark is not None and "flow" in context and error.problem_mark is not None:
        opened = error.context_mark
        return Problem(
            name,
            opened.line + 1,
            opened.column + 1,
            f"YAML syntax error: this `{{...}}` or `[...]` is not closed properly "
            f"(on line {error.problem_mark.line + 1} a `,` or the closing bracket was expected)",
            "close the bracket on the same line, and put text containing `,` `:` or brackets in quotes",
        )
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    message, hint = _yaml_words(what, _character_at(text, mark), _continues_a_value(text, mark))
    return Problem(name, line, col, f"YAML syntax error: {message}", hint)


def _escape_problem(mark: yaml.Mark, name: str, text: str) -> Problem:
    """An unknown backslash escape inside "...", placed at its backslash."""
    # libyaml stops at the backslash, the pure-Python parser at the letter after it.
    line = _line_text(text, mark.line)
    at = mark.column if line[mark.column : mark.column + 1] == "\\" else mark.column - 1
    escape = line[at : at + 2]
    return Problem(
        name,
        mark.line + 1,
        at + 1,
        f'YAML syntax error: `{escape}` is not an escape YAML knows inside "..."',
        "write the backslash twice (`\\\\`), or put the text in '...' instead of \"...\"",
    )


def _quote_problem(error: yaml.MarkedYAMLError, name: str, text: str) -> Problem | None:
    """A syntax error a quote made, placed at the place to mend; None if no quote is to blame.

    A quote left open swallows the lines below it up to the next quote mark, and the parser gives up
    there, dozens of lines on (or at the end of the file); `'children's corner'` ends at the apostrophe;
    `"3F" extra` goes on after its closing quote.
    """
    if error.context_mark is not None and "quoted scalar" in (error.context or ""):  # open to the end of the file
        opened = error.context_mark
        quote = _character_at(text, opened)
        message = "YAML syntax error: this quote is never closed (the text runs on to the end of the file)"
        return Problem(name, opened.line + 1, opened.column + 1, message, f"end the text with {quote} on this line")
    stop = error.problem_mark or error.context_mark
    last = _last_quoted_before(text, stop)
    if stop is None or last is None or last.end_mark.line != stop.line:
        return None
    start, end = last.start_mark, last.end_mark
    if _line_text(text, stop.line)[end.column : stop.column].strip():
        return None  # something else stands between the quote and where the parser gave up
    if end.line > start.line:
        return Problem(
            name,
            start.line + 1,
            start.column + 1,
            f"YAML syntax error: this quote is not closed on its line (the text runs on to line {end.line + 1})",
            f"end the text with {last.style} on this line",
        )
    if last.style == "'" and end.column == stop.column and _character_at(text, stop).isalpha():
        return Problem(
            name,
            end.line + 1,
            end.column,
            "YAML syntax error: an apostrophe ends this '...' text early",
            "inside '...' write an apostrophe twice ('') or put the text in double quotes",
        )
    message = "YAML syntax error: the text goes on after its closing quote"
    return Problem(name, stop.line + 1, stop.column + 1, message, "put the whole text inside the quotes")


def _last_quoted_before(text: str, stop: yaml.Mark | None) -> yaml.tokens.ScalarToken | None:
    """The last quoted text that starts before the place `stop` where the parser gave up."""
    if stop is None:
        return None
    last = None
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):  # the pure-Python scanner: it gives every token
            if (token.start_mark.line, token.start_mark.column) >= (stop.line, stop.column):
                break
            if isinstance(token, yaml.ScalarToken) and token.style in ("'", '"'):
                last = token
    except yaml.YAMLError:
        pass  # the scanner's own error comes after the tokens read so far
    return last


def _lines(text: str) -> list[str]:
    """The file's lines as YAML counts them."""
    # A byte-order mark is not counted in the first line's columns; splitlines breaks where YAML does
    # (the other characters it breaks at are refused before any parsing).
    return text.removeprefix("\ufeff").splitlines()


def _line_text(text: str, line: int) -> str:
    """Line `line` (from 0) of the file, or "" past its end."""
    lines = _lines(text)
    return lines[line] if line < len(lines) else ""


def _character_at(text: str, mark: yaml.Mark | None) -> str:
    """The character a parser stopped at ("" if none): its line and column, counted as YAML counts them."""
    if mark is None:
        return ""
    return _line_text(text, mark.line)[mark.column : mark.column + 1]


def _continues_a_value(text: str, mark: yaml.Mark | None) -> bool:
    """Whether the line the parser stopped on is indented deeper than a `key: value` line above it.

    YAML reads such a line as more words of that value, so its own `key:` is "not allowed here".
    """
    if mark is None:
        return False
    lines = _lines(text)[: mark.line + 1]
    if len(lines) <= mark.line:
        return False
    content = [line for line in lines[:-1] if line.strip()]  # a value runs on over blank lines (not comments)
    if not content:
        return False
    above, here = content[-1], lines[-1]
    indent = len(here) - len(here.lstrip(" "))
    key, colon, value = above.strip().removeprefix("- ").partition(": ")
    has_value = bool(value.strip()) and not value.lstrip().startswith("#")  # `plan:  # a note` holds what is below
    return bool(colon and key) and has_value and indent > len(above) - len(above.lstrip(" -"))


# libyaml's words for an entry indented less than its neighbours, then the pure-Python parser's
_NOT_LINED_UP = ("did not find expected key", "expected '-' indicator", "expected <block end>", "indentation")
_QUOTE_IT = "put the value in quotes"


def _yaml_words(problem: str, found: str, continues_a_value: bool) -> tuple[str, str]:
    """Our sentence and hint for a syntax error a parser describes as `problem`, stopped at the character `found`."""
    # libyaml names a tab only where it breaks the indentation; at the start of a line it says
    # "found character that cannot start any token" (the pure-Python parser: "found character '\t' ...").
    if "tab" in problem or found == "\t":
        return "a tab stands here, where YAML allows only spaces", "indent with spaces, not tabs"
    if "another document" in problem or "single document" in problem:
        hint = "a building is one document: remove the `---` line (and anything after it that repeats the file)"
        return "a second document starts here (a `---` line)", hint
    if "mapping values" in problem and continues_a_value:
        return (
            "this key is indented deeper than the key above it, so it reads as more of that value",
            "line this key up with the keys above it (indented deeper, it reads as more of the value above)",
        )
    if "mapping values" in problem:
        return "a `: ` (colon and space) cannot stand here", "put text that contains ': ' in quotes"
    return _yaml_value_words(problem, found)


def _yaml_value_words(problem: str, found: str) -> tuple[str, str]:
    """Our sentence and hint for the mistakes that are about how a line or value starts or ends."""
    if "line break" in problem or "chomping" in problem:
        return "YAML expects this line to end here", _QUOTE_IT
    if "cannot start any token" in problem and found:
        shown = "a backquote (`)" if found == "`" else f"`{found}`"
        return f"a value cannot begin with {shown}", _QUOTE_IT
    if "alphabetic or numeric" in problem:
        return "`&` or `*` at the start of a value has a meaning of its own in YAML", _QUOTE_IT
    if "mapping keys" in problem:
        return "`? ` at the start of a value has a meaning of its own in YAML", _QUOTE_IT
    if found in ("}", "]") and any(words in problem for words in _NOT_LINED_UP):
        return f"this `{found}` closes a bracket that was never opened", f"remove the extra `{found}`"
    if any(words in problem for words in _NOT_LINED_UP):
        return "this line is not lined up with the entries around it", "line this entry up with the ones above it"
    if "document start" in problem:
        return "a `%` line at the top of the file needs a `---` line after it", "remove the `%...` line"
    return "YAML cannot read the file from here", "check the indentation and that quotes and brackets are closed"


def _yaml_tag(tag: str) -> str:
    """A tag as it was written: `!!binary` rather than `tag:yaml.org,2002:binary`."""
    return "!!" + tag.removeprefix(YAML_TAG) if tag.startswith(YAML_TAG) else tag


class _Reader:
    """Turns composed nodes into plain Python for one file, collecting problems with their lines."""

    def __init__(self, name: str):
        self.name = name
        self.document = _Document(None, {}, {})
        self.problems: list[Problem] = []
        self.constructor = yaml.constructor.SafeConstructor()

    def problem(self, node: yaml.Node, message: str, hint: str, severity: str = "error") -> None:
        """Note a problem at the node's line and column."""
        mark = node.start_mark
        self.problems.append(Problem(self.name, mark.line + 1, mark.column + 1, message, hint, severity))

    def plain(self, node: yaml.Node, path: Path_) -> Any:
        """Turn a composed node into plain Python, remembering where everything is."""
        self.document.values[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path) if node.tag == MAP_TAG else self._unknown_tag(node)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != SEQ_TAG:
                return self._unknown_tag(node)
            cap = _list_cap(path)
            if len(node.value) > cap:
                self.problem(
                    node,
                    f"this list has {len(node.value):,} entries, more than the {cap:,} allowed here",
                    "a building needs far fewer; check that the right file was given",
                )
            return [self.plain(item, (*path, i)) for i, item in enumerate(node.value[:cap])]
        return self._scalar(node, path)

    def _mapping(self, node: yaml.MappingNode, path: Path_) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == MERGE_TAG:
                self.problem(key_node, "merge keys (`<<:`) are not allowed", "write each value out in full")
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.problem(key_node, "a key must be a plain word", "write `key: value`")
                continue
            key = self._scalar(key_node, None)
            # A key is a name as written (a field, a language, a floor id): YAML 1.1 would make `no:` and `on:`
            # booleans and `1:` or `0x1F:` numbers, which pydantic then refuses as keys or shows changed.
            key = key if isinstance(key, str) else str(key_node.value)
            child = (*path, key)
            if key in result:
                self.problem(key_node, f"`{key}` is given twice here", "keep only one of them")
            self.document.keys[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[key] = self.plain(value_node, child)
        return result

    def _scalar(self, node: yaml.Node, path: Path_ | None) -> Any:
        """A plain value; an unknown tag or an impossible date becomes a problem and None."""
        if node.tag not in SCALAR_TAGS:
            return self._unknown_tag(node)
        if path is not None and isinstance(node, yaml.ScalarNode) and node.style in ("'", '"'):
            self.document.quoted.add(path)  # a quoted value starts one column after its mark
        try:
            # Plain text is most of the file and needs no constructor (a third of the reading time).
            value = node.value if node.tag == STR_TAG else self.constructor.construct_object(node, deep=True)
        except (ValueError, OverflowError, yaml.YAMLError):
            if node.tag == TIMESTAMP_TAG:
                self.problem(node, f"`{node.value}` is not a real date", "write dates as YYYY-MM-DD, e.g. 2026-12-31")
            else:
                self.problem(node, f"`{str(node.value)[:40]}` cannot be read as a value", "put it in quotes")
            return None
        if path is not None and not isinstance(value, str) and isinstance(node, yaml.ScalarNode):
            self.document.written[path] = node.value  # a message quotes what staff wrote, not what YAML made of it
        if isinstance(value, str) and path != ("building", "public_url") and BIDI_CONTROLS.search(value):
            # They make text read differently from what it is (a name shown backwards, a spoofed hint);
            # public_url keeps them, so that its own check refuses the address outright.
            found = ", ".join(sorted({f"U+{ord(c):04X}" for c in BIDI_CONTROLS.findall(value)}))
            self.problem(
                node,
                f"invisible text-direction characters ({found}) were removed from this text",
                "retype the text without them",
                "warning",
            )
            value = BIDI_CONTROLS.sub("", value)
        return value

    def _unknown_tag(self, node: yaml.Node) -> None:
        tag = _yaml_tag(node.tag)
        self.problem(
            node,
            f"`{tag}` is a YAML tag, which floors.yaml does not use",
            f"remove `{tag}`, or put the value in quotes",
        )


def _list_cap(path: Path_) -> int:
    """How many entries the list at `path` may have."""
    if len(path) == 1 and path[0] in SECTION_CAPS:
        return SECTION_CAPS[str(path[0])]
    if path and path[-1] == "aliases":
        return MAX_ALIASES
    return MAX_LIST


def _list_caps(doc: _Document, name: str) -> list[Problem]:
    """Caps that span a list: spaces per floor (a floor page and its plan must stay readable)."""
    data = doc.data
    spaces = data.get("spaces") if isinstance(data, dict) else None
    if not isinstance(spaces, list):
        return []
    per_floor: dict[str, int] = {}
    problems = []
    for index, space in enumerate(spaces):
        floor = space.get("floor") if isinstance(space, dict) else None
        if not isinstance(floor, str):
            continue
        per_floor[floor] = per_floor.get(floor, 0) + 1
        if per_floor[floor] == MAX_SPACES_PER_FLOOR + 1:
            line, col = doc.where(("spaces", index, "floor"))
            problems.append(
                Problem(
                    name,
                    line,
                    col,
                    f"floor `{floor}` has more than {MAX_SPACES_PER_FLOOR} spaces",
                    "split the floor, or group small rooms into one space",
                )
            )
    return problems


# --- validation ----------------------------------------------------------------------------


def _validate(doc: _Document, name: str, folder: Path | None) -> tuple[Building | None, list[Problem]]:
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
        folder=folder,
    )
    problems += [_place(finding, doc, name) for finding in run_checks(draft)]
    sound = complete and not any(p.severity == "error" for p in problems)
    return (building if sound else None), problems


def _languages(data: dict, doc: _Document, name: str, problems: list[Problem]) -> tuple[str, ...]:
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
            reading, hint = _read_as(doc.written[at], detail["input"])
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
            hint = _did_you_mean(str(loc[-1]), _allowed_keys(model, loc[:-1]))
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
            reading, hint = _read_as(doc.written[full], value)
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
    detail: Any, loc: tuple[Any, ...], per_floor: bool, owner: str, path: Path_, doc: _Document, name: str
) -> Problem:
    """A key that is wrong: a per-floor mapping's key is an id, any other key a language."""
    if not per_floor:
        return _text_key_problem(detail, loc, owner, path, doc, name)
    # A key of a per-floor mapping (`at: {1F: [x, y]}`) is an id, not a language.
    key_path = (*path, *loc[: loc.index("[key]")])
    field = ".".join(str(p) for p in loc[: loc.index("[key]") - 1])
    message = f"{owner}: `{key_path[-1]}` is not a valid id for `{field}`"
    return Problem(name, *doc.where_key(key_path), message, _id_hint(str(key_path[-1])))


def _read_as(written: str, value: object) -> tuple[str, str]:
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


class _Written(typing.NamedTuple):
    """An error's location as written in the file, and the form of a union pydantic was trying there."""

    loc: tuple[Any, ...]
    member: str | None  # pydantic's name for the form (`datetime`, `dict[...]`, `function-after[...]`)
    member_at: tuple[Any, ...]  # where in `loc` that form was tried
    fits: bool  # whether the form is the one written: a mapping for a `dict[...]`, anything else otherwise


def _as_written(doc: _Document, path: Path_, loc: tuple[Any, ...], kind: str) -> _Written:
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


def _raw_value(doc: _Document, path: Path_) -> Any:
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


def _hours_warnings(building: Building, doc: _Document, name: str) -> list[Problem]:
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


def _raw_ids(doc: _Document, section: str) -> frozenset[str]:
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
