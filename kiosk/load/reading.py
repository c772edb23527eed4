"""Reading floors.yaml: YAML into plain data with the line and column of every key and value.

The only module that touches the raw YAML. It refuses what a building never needs (anchors, tags,
deep nesting, huge lists) the same way whichever YAML parser is installed, and turns the parser's
messages into sentences a building manager can act on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kiosk.load.problems import Problem

# libyaml when present (10× faster); the pure-Python parser gives the same marks.
YamlLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_BYTES = 1_000_000  # a real building is a few dozen KB; more is a mistake or an attack
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


@dataclass
class Document:
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


# --- YAML with positions -------------------------------------------------------------------


def read_yaml(text: str, name: str) -> tuple[Document | None, list[Problem]]:
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
        self.document = Document(None, {}, {})
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


def _list_caps(doc: Document, name: str) -> list[Problem]:
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
