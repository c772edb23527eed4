"""Staff read the same sentence for a YAML mistake whichever parser PyYAML uses.

libyaml (in PyYAML's wheels) and the pure-Python parser (PyYAML built without it) describe one mistake
in different words and stop at different characters, and libyaml's words change between releases
(6.0.4 added a nesting limit of its own). Every mistake the loader explains is pinned here, for both.
"""

from __future__ import annotations

import pytest
import yaml

from kiosk.load import loader, reading

SMALL = """\
building:
  id: riverside-library
  name: {zh: 河畔图书馆, en: Riverside Library}
  address: {zh: 河畔路1号, en: 1 Riverside Road}
  public_url: https://library.example.net
  hours: Mo-Fr 09:00-18:00
floors:
  - id: g
    order: 0
    label: G
    name: {zh: 底层, en: Ground floor}
spaces:
  - id: reading-room
    name: {zh: 阅览室, en: Reading Room}
    floor: g
    category: learning
    description: {zh: 安静的阅览室, en: A quiet reading room}
    location: {zh: 进门右手, en: "Right of the entrance"}
notices:
  - text: {zh: 周末闭馆, en: Closed at weekends}
"""

UNCLOSED = "close the bracket on the same line, and put text containing `,` `:` or brackets in quotes"
NOT_CLOSED = "YAML syntax error: this `{...}` or `[...]` is not closed properly"
TAB = "YAML syntax error: a tab stands here, where YAML allows only spaces — indent with spaces, not tabs"
LINED_UP = (
    "YAML syntax error: this line is not lined up with the entries around it — line this entry up with the"
    " ones above it"
)
QUOTE_IT = "put the value in quotes"
TOO_DEEP = (
    "the entries are nested more than 16 levels deep here"
    " — a building needs far fewer levels; check the brackets and the indentation"
)
ANCHORS = "anchors and aliases (&x / *x) are not allowed — write each value out in full"
DEEP_KEYS = "extra:\n" + "".join("  " * (i + 1) + f"k{i}:\n" for i in range(17)) + "  " * 18 + "v\nnotices:\n"

# (what to replace in SMALL, with what, every problem `kiosk check` then prints)
MISTAKES = {
    "a bracket left open": (
        "en: Ground floor}",
        "en: Ground floor",
        [f"floors.yaml:11:11: {NOT_CLOSED} (on line 12 a `,` or the closing bracket was expected) — {UNCLOSED}"],
    ),
    "a square bracket left open": (
        "{zh: 底层, en: Ground floor}",
        "[底层, Ground floor",
        [f"floors.yaml:11:11: {NOT_CLOSED} (on line 12 a `,` or the closing bracket was expected) — {UNCLOSED}"],
    ),
    "a colon inside a bracketed text": (
        "en: A quiet reading room}",
        "en: A quiet: reading room}",
        [f"floors.yaml:17:18: {NOT_CLOSED} (on line 17 a `,` or the closing bracket was expected) — {UNCLOSED}"],
    ),
    "a colon inside a plain text": (
        "  hours: Mo-Fr",
        "  hours: note: Mo-Fr",
        [
            "floors.yaml:6:14: YAML syntax error: a `: ` (colon and space) cannot stand here"
            " — put text that contains ': ' in quotes"
        ],
    ),
    "a tab at the start of a line": ("    order: 0", "\torder: 0", [f"floors.yaml:9:1: {TAB}"]),
    "a tab inside the indentation": ("    label: G", "  \t  label: G", [f"floors.yaml:10:3: {TAB}"]),
    "a tab before the first key": ("building:\n  id:", "building:\n\tid:", [f"floors.yaml:2:1: {TAB}"]),
    "a tab after a byte-order mark": ("building:\n  id:", "\ufeff\tbuilding:\n  id:", [f"floors.yaml:1:1: {TAB}"]),
    "a quote not closed on its line": (
        "    label: G",
        '    label: "G',
        [
            "floors.yaml:10:12: YAML syntax error: this quote is not closed on its line (the text runs on to line 18)"
            ' — end the text with " on this line'
        ],
    ),
    "a quote open to the end of the file": (
        "{zh: 周末闭馆",
        '{zh: "周末闭馆',
        [
            "floors.yaml:20:16: YAML syntax error: this quote is never closed (the text runs on to the end of the file)"
            ' — end the text with " on this line'
        ],
    ),
    "an apostrophe inside '...'": (
        "    label: G",
        "    label: 'children's corner'",
        [
            "floors.yaml:10:21: YAML syntax error: an apostrophe ends this '...' text early"
            " — inside '...' write an apostrophe twice ('') or put the text in double quotes"
        ],
    ),
    "text after a closing quote": (
        "    label: G",
        '    label: "G" extra',
        [
            "floors.yaml:10:16: YAML syntax error: the text goes on after its closing quote"
            " — put the whole text inside the quotes"
        ],
    ),
    'an unknown escape inside "..."': (
        "    label: G",
        '    label: "a\\q"',
        [
            'floors.yaml:10:14: YAML syntax error: `\\q` is not an escape YAML knows inside "..."'
            " — write the backslash twice (`\\\\`), or put the text in '...' instead of \"...\""
        ],
    ),
    "a word alone on its line": (
        "    label: G",
        "    label: G\n    name",
        [
            "floors.yaml:11:5: YAML syntax error: `name` stands alone on its line, without a `:` after it"
            " — write it as `key: value`, or join it to the line above if it belongs to that text"
        ],
    ),
    "a key indented less than its neighbours": ("    label: G", "   label: G", [f"floors.yaml:10:4: {LINED_UP}"]),
    "a list entry among keys": ("    label: G", "    label: G\n    - x", [f"floors.yaml:11:5: {LINED_UP}"]),
    "a key indented deeper than its neighbours": (
        "    label: G",
        "      label: G",
        [
            "floors.yaml:10:12: YAML syntax error: this key is indented deeper than the key above it, so it reads as"
            " more of that value — line this key up with the keys above it (indented deeper, it reads as more of"
            " the value above)"
        ],
    ),
    "a closing bracket never opened": (
        "en: Ground floor}",
        "en: Ground floor}}",
        [
            "floors.yaml:11:37: YAML syntax error: this `}` closes a bracket that was never opened —"
            " remove the extra `}`"
        ],
    ),
    "a value starting with @": (
        "    label: G",
        "    label: @G",
        [f"floors.yaml:10:12: YAML syntax error: a value cannot begin with `@` — {QUOTE_IT}"],
    ),
    "a value starting with a backquote": (
        "    label: G",
        "    label: `G`",
        [f"floors.yaml:10:12: YAML syntax error: a value cannot begin with a backquote (`) — {QUOTE_IT}"],
    ),
    "a value starting with &": (
        "    label: G",
        "    label: & G",
        [
            "floors.yaml:10:13: YAML syntax error: `&` or `*` at the start of a value has a meaning of its own in"
            f" YAML — {QUOTE_IT}"
        ],
    ),
    "a value starting with ?": (
        "    label: G",
        "    label: ? why",
        [
            "floors.yaml:10:12: YAML syntax error: `? ` at the start of a value has a meaning of its own in YAML"
            f" — {QUOTE_IT}"
        ],
    ),
    "text after a | block": (
        "    label: G",
        "    label: |x\n      a",
        [f"floors.yaml:10:13: YAML syntax error: YAML expects this line to end here — {QUOTE_IT}"],
    ),
    "a %YAML line without ---": (
        "building:\n",
        "%YAML 1.1\nbuilding:\n",
        [
            "floors.yaml:2:1: YAML syntax error: a `%` line at the top of the file needs a `---` line after it"
            " — remove the `%...` line"
        ],
    ),
    "a second document": (
        "en: Closed at weekends}\n",
        "en: Closed at weekends}\n---\nbuilding: {}\n",
        [
            "floors.yaml:21:1: YAML syntax error: a second document starts here (a `---` line) — a building is one"
            " document: remove the `---` line (and anything after it that repeats the file)"
        ],
    ),
    "an unknown tag": (
        "    label: G",
        "    label: !foo G",
        [
            "floors.yaml:10:12: `!foo` is a YAML tag, which floors.yaml does not use — remove `!foo`, or"
            " put the value in quotes"
        ],
    ),
    "an anchor": ("    label: G", "    label: &x G", [f"floors.yaml:10:12: {ANCHORS}"]),
    "an alias": ("    label: G", "    label: *x", [f"floors.yaml:10:12: {ANCHORS}"]),
    "3,000 brackets deep": (
        "notices:\n",
        "extra: " + "[" * 3000 + "]" * 3000 + "\nnotices:\n",
        [f"floors.yaml:19:23: {TOO_DEEP}"],
    ),
    "17 brackets deep": (
        "notices:\n",
        "extra: " + "[" * 17 + "]" * 17 + "\nnotices:\n",
        [f"floors.yaml:19:23: {TOO_DEEP}"],
    ),
    "17 keys deep": ("notices:\n", DEEP_KEYS, [f"floors.yaml:35:33: {TOO_DEEP}"]),
    "a control character": (
        "en: Reading Room}",
        "en: Reading\x07Room}",
        [
            "floors.yaml:14:32: the file holds an invisible control character (U+0007) — delete it, or"
            " retype the text around it"
        ],
    ),
    "a key given twice": (
        "    label: G",
        "    label: G\n    label: H",
        ["floors.yaml:11:5: `label` is given twice here — keep only one of them"],
    ),
}

PARSERS = {"libyaml": getattr(yaml, "CSafeLoader", None), "pure-python": yaml.SafeLoader}


def problems_with(parser: type, text: str, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.setattr(reading, "YamlLoader", parser)
    _, problems = loader.check_content(text.encode("utf-8"), "floors.yaml")
    return [str(problem) for problem in problems]


def test_the_small_building_reads_without_a_problem(monkeypatch: pytest.MonkeyPatch) -> None:
    for parser in PARSERS.values():
        if parser is not None:
            assert problems_with(parser, SMALL, monkeypatch) == []


@pytest.mark.parametrize("parser", PARSERS, ids=list(PARSERS))
@pytest.mark.parametrize("mistake", MISTAKES)
def test_each_mistake_reads_the_same_sentence_at_the_same_place(
    mistake: str, parser: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if PARSERS[parser] is None:
        pytest.skip("this PyYAML was built without libyaml")
    old, new, expected = MISTAKES[mistake]
    text = SMALL.replace(old, new, 1)
    assert text != SMALL
    assert problems_with(PARSERS[parser], text, monkeypatch) == expected


def test_libyaml_is_what_the_suite_runs_with() -> None:
    # Both columns above are only checked where the wheels bring libyaml, as PyPI's do on Linux.
    assert yaml.__with_libyaml__
