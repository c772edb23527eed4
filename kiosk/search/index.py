"""Search: find spaces and kinds of facility by Chinese, pinyin, initials, English or alias.

The index is plain data (lists and strings) built once per loaded Building. The server
ranks with it for `/search?q=` (phones without JavaScript); `static/kiosk.js` gets the
same data as JSON and ranks with the same rules, so results appear on every key tap and
keep working if the server blips. Keep the two implementations in step (a browser test
compares them).

Ranking: a query is normalised (lower case, accents/tones and punctuation dropped), then
each term of an entry scores exact (0) < prefix (1) < contains (2) < one typo (3); at the
same level a whole name beats an alias, which beats a single word of a longer name, which beats
pinyin initials (tsg). Ties go to the lower floor, then the id (stable in every language).
A typo is a word of at least four letters one edit from a whole word (a longer query, from six
letters, may also be one edit from the start of a word); initials are never guessed at, since
every four letters are one edit from some initials ('zzzz' found 自助拍照机's zzpzj).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal, TypedDict

from kiosk.model.building import Building, Lang
from kiosk.model.i18n import catalog, kind_name, translate

# Whitespace and punctuation, ASCII and CJK; kiosk.js uses the same character class.
_NOISE = re.compile(
    r"[\s!-/:-@\[-`{-~\u00b7\u2010-\u2015\u2018-\u201f\u3000-\u303f\uff00-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65]"
)
# The combining marks NFKD splits off letters: accents and pinyin tones, and the kana voicing
# marks (カード → カ ト ゛ ー). A class spelled out, the same in kiosk.js: JavaScript has no
# unicodedata.combining(), and the two sides must normalise alike or typed kana find nothing.
_MARKS = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\u3099\u309a\ufe20-\ufe2f]")
# Tone numbers typed after pinyin syllables ("tu2shu1guan3").
_TONE_DIGITS = re.compile(r"(?<=[a-z])[1-5]")
_LATIN = re.compile(r"^[a-z0-9]+$")

# Term weights at the same match level: a whole name beats an alias, which beats one word of either,
# which beats the pinyin initials of a name or alias.
NAME, ALIAS, WORD, INITIALS = 0, 1, 2, 3
WEIGHTS = 4
EXACT, PREFIX, CONTAINS, TYPO = 0, 1, 2, 3
MIN_TYPO_LENGTH = 4  # shorter words have too many one-letter neighbours
MIN_PREFIX_TYPO_LENGTH = 6  # a typo in the start of a longer word: only once enough is typed to tell
MAX_RESULTS = 12


def normalize(text: str) -> str:
    """Lower case, without accents (pinyin tones), kana voicing marks, spaces or punctuation."""
    plain = _MARKS.sub("", unicodedata.normalize("NFKD", text))
    return _NOISE.sub("", plain.lower())


def query_variants(query: str) -> list[str]:
    """The normalised query, plus the same without tone digits when it has them."""
    plain = normalize(query)
    variants = [plain] if plain else []
    toneless = _TONE_DIGITS.sub("", plain)
    if toneless and toneless != plain:
        variants.append(toneless)
    return variants


def _has_han(text: str) -> bool:
    return any("\u3400" <= c <= "\u9fff" for c in text)


def _pinyin_terms(text: str) -> tuple[str, str]:
    """Full pinyin and initials of the Chinese in `text` (no tones), e.g. tushuguan, tsg ("" without Chinese)."""
    if not _has_han(text):
        return "", ""
    from pypinyin import Style, lazy_pinyin  # here, not at the top: the server itself never loads it (searchbuild)

    full = normalize("".join(lazy_pinyin(text, style=Style.NORMAL)))
    initials = normalize("".join(lazy_pinyin(text, style=Style.FIRST_LETTER, errors="ignore")))
    return full, initials


def _terms_of(names: list[str], aliases: list[str]) -> list[Term]:
    """[term, weight] pairs: each text and its pinyin, then the single words of longer texts."""
    weighted: dict[str, int] = {}

    def add(term: str, weight: int) -> None:
        term = normalize(term)
        if term and weight < weighted.get(term, WEIGHTS):
            weighted[term] = weight

    for weight, texts in ((NAME, names), (ALIAS, aliases)):
        for text in texts:
            full, initials = _pinyin_terms(text)
            add(text, weight)
            add(full, weight)
            add(initials, INITIALS)
    for text in names + aliases:
        for word in text.split():
            add(word, WORD)
    return [[term, weight] for term, weight in weighted.items()]


Term = list[str | int]  # [normalised term, weight]: a list so that JSON and kiosk.js read it as is


class SearchEntry(TypedDict):
    """One searchable thing, as /search-index.json sends it to kiosk.js."""

    kind: Literal["space", "facility"]
    id: str
    label: dict[Lang, str]
    floor: str | dict[Lang, str]  # a space's label ("3F"), or per language for a facility kind
    order: int
    terms: list[Term]
    # The Chinese names and aliases with their pinyin and initials ([text, full, initials]): what the
    # kiosk keyboard offers as candidates while letters are typed ('tsg' offers 图书馆).
    words: list[list[str]]


SearchIndex = tuple[SearchEntry, ...]


def _in_chinese(texts: dict[Lang, str]) -> list[str]:
    """The Chinese texts of a name (a Japanese name's kanji are not typed in pinyin)."""
    return [text for lang, text in texts.items() if lang == "zh" or lang.startswith("zh-")]


def _chinese_words(texts: list[str]) -> list[list[str]]:
    """[text, pinyin, initials] for each text with Chinese in it, once each."""
    found = []
    for text in dict.fromkeys(texts):
        full, initials = _pinyin_terms(text)
        if full:
            found.append([text, full, initials])
    return found


def _space_entries(building: Building) -> list[SearchEntry]:
    order = {f.id: f.order for f in building.floors}
    entries = []
    for space in building.spaces:
        floor = building.floor(space.floor)
        entries.append(
            SearchEntry(
                kind="space",
                id=space.id,
                label={lang: space.name(lang) for lang in building.languages},
                floor=floor.label if floor else "",
                order=order.get(space.floor, 0),
                terms=_terms_of(list(space.name.root.values()), list(space.aliases)),
                words=_chinese_words([*_in_chinese(space.name.root), *space.aliases]),
            )
        )
    return entries


def _kind_words(kind_id: str, lang: Lang) -> list[str]:
    """The catalog's other words for a kind of facility in `lang` (厕所 and 洗手间 for 卫生间)."""
    words = catalog(lang).get(f"facility_words.{kind_id}")
    return [word.strip() for word in str(words).split(",") if word.strip()] if words else []


def _facility_entries(building: Building) -> list[SearchEntry]:
    """One entry per kind of facility (toilets, lifts...), listing the floors that have one."""
    entries = []
    languages = building.languages
    for kind in building.kinds_present():
        found = building.facilities_of(kind.id)
        floors = building.floors_with(kind.id)
        # Every catalog's name, so "toilet" finds toilets on a Chinese page and 厕所 on an English one.
        names = list(dict.fromkeys(kind_name(kind, lang) for lang in (*languages, "zh", "en")))
        names += [text for f in found if f.name for text in f.name.root.values()]
        chinese_names = [text for f in found if f.name for text in _in_chinese(f.name.root)]
        aliases = [alias for f in found for alias in f.aliases]
        aliases += [word for lang in (*languages, "zh", "en") for word in _kind_words(kind.id, lang)]
        every = len(floors) == len(building.floors)
        labels = " ".join(f.label for f in floors)
        entries.append(
            SearchEntry(
                kind="facility",
                id=kind.id,
                label={lang: kind_name(kind, lang) for lang in languages},
                floor={
                    lang: translate(lang, "facility.every_floor")
                    if every
                    else translate(lang, "facility.on_floors", labels=labels)
                    for lang in languages
                },
                order=floors[0].order if floors else 0,
                terms=_terms_of(names, aliases),
                words=_chinese_words([kind_name(kind, "zh"), *chinese_names, *aliases]),
            )
        )
    return entries


def build_index(building: Building) -> SearchIndex:
    """Every searchable entry of the building, with its normalised terms (JSON-ready)."""
    return tuple(_space_entries(building) + _facility_entries(building))


def within_one_edit(a: str, b: str) -> bool:
    """Whether b is a with at most one letter inserted, deleted, replaced or two swapped."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    i = 0
    while i < min(la, lb) and a[i] == b[i]:
        i += 1
    if la == lb:
        swapped = i + 1 < la and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2 :] == b[i + 2 :]
        return swapped or a[i + 1 :] == b[i + 1 :]
    return a[i + 1 :] == b[i:] if la > lb else a[i:] == b[i + 1 :]


@dataclass(frozen=True)
class Query:
    """One normalised query, with what matching needs to know about it worked out once."""

    text: str
    latin: bool
    typo_ok: bool

    @classmethod
    def of(cls, text: str) -> Query:
        """Prepare a normalised query string."""
        latin = bool(_LATIN.match(text))
        return cls(text, latin, latin and len(text) >= MIN_TYPO_LENGTH)


def _could_be_one_edit_away(query: str, term: str) -> bool:
    # An edit at position 2 or later leaves the first letter alone; one at 0 or 1 moves
    # query[0] or query[1] into term[0] or term[1]. A cheap filter before within_one_edit.
    head = query[:2]
    return term[0] in head or (len(term) > 1 and term[1] in head)


def match_level(query: Query, term: str, weight: int = NAME) -> int | None:
    """How well one prepared query matches one term (of `weight`): EXACT, PREFIX, CONTAINS, TYPO or None."""
    text = query.text
    if term == text:
        return EXACT
    if term.startswith(text):
        return PREFIX
    if text in term and (len(text) >= 3 or not query.latin):
        return CONTAINS
    if query.typo_ok and weight != INITIALS and _could_be_one_edit_away(text, term):
        if within_one_edit(text, term):
            return TYPO
        n = len(text)
        if n >= MIN_PREFIX_TYPO_LENGTH and any(within_one_edit(text, term[:size]) for size in (n - 1, n, n + 1)):
            return TYPO
    return None


def score(entry: SearchEntry, queries: list[Query]) -> int | None:
    """The best (lowest) score of an entry for the query, or None when nothing matches."""
    best = None
    for term, weight in entry["terms"]:
        for query in queries:
            level = match_level(query, str(term), int(weight))
            if level is not None:
                value = level * WEIGHTS + int(weight)
                if best is None or value < best:
                    best = value
    return best


def search(index: SearchIndex, query: str, limit: int = MAX_RESULTS) -> list[SearchEntry]:
    """The entries that match `query`, best first."""
    queries = [Query.of(text) for text in query_variants(query)]
    if not queries:
        return []
    scored = []
    for entry in index:
        value = score(entry, queries)
        if value is not None:
            scored.append((value, entry["order"], entry["id"], entry))
    scored.sort(key=lambda row: row[:3])
    return [row[3] for row in scored[:limit]]


def floor_text(entry: SearchEntry, lang: Lang) -> str:
    """What a result button says about the floor: "3F", or "On every floor" for facilities."""
    floor = entry["floor"]
    return floor.get(lang, "") if isinstance(floor, dict) else floor


MAX_CANDIDATES = 8


def candidates(index: SearchIndex, typed: str, limit: int = MAX_CANDIDATES) -> list[str]:
    """Chinese words of the building for letters typed on the kiosk keyboard, best first.

    Whole initials or pinyin before their starts, then shorter words, then the building's order:
    'tsg' offers 图书馆, 'ts' 图书馆 and 图书室. kiosk.js offers the same (a browser test compares).
    """
    letters = normalize(typed)
    if not letters or not _LATIN.match(letters):
        return []
    ranked: dict[str, tuple[int, int, int]] = {}
    for position, entry in enumerate(index):
        for text, full, initials in entry.get("words", []):
            if initials == letters or full == letters:
                level = 0
            elif initials.startswith(letters) or full.startswith(letters):
                level = 1
            else:
                continue
            rank = (level, len(text), position)
            if text not in ranked or rank < ranked[text]:
                ranked[text] = rank
    return sorted(ranked, key=lambda text: ranked[text])[:limit]
