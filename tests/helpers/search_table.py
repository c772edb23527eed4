"""The search rules as a table, run through kiosk/search/index.py (tests/search/test_index.py) and kiosk.js (browser).

The index is written by hand, terms already normalised, so each row tests the matcher and the
ranking only: what a query matches at which level, and in which order results come.
"""

from __future__ import annotations

from kiosk.search.index import ALIAS, CONTAINS, EXACT, MAX_RESULTS, NAME, PREFIX, TYPO, WORD


def entry(id_: str, order: int, *terms: tuple[str, int]) -> dict:
    """A search entry as /search-index.json sends it."""
    return {
        "kind": "space",
        "id": id_,
        "label": {"zh": id_, "en": id_},
        "floor": f"{order}F",
        "order": order,
        "terms": [[term, weight] for term, weight in terms],
    }


# The floor orders go against the expected ranking, so that no row passes by the floor tie-break.
INDEX = [
    entry("art", 6, ("art", NAME)),
    entry("gallery", 5, ("gallery", NAME), ("art", ALIAS)),
    entry("art-studio", 4, ("artstudio", NAME), ("art", WORD), ("studio", WORD)),
    entry("artisan-shop", 3, ("artisanshop", NAME), ("artisan", WORD)),
    entry("craft-room", 2, ("craftroom", NAME), ("artwork", ALIAS)),
    entry("studio-b", 2, ("studiob", NAME), ("bartending", WORD), ("b", WORD)),  # a one-letter term
    entry("party-room", 1, ("partyroom", NAME), ("party", WORD)),
    entry("library", 3, ("library", NAME), ("tushuguan", NAME), ("tsg", NAME), ("books", ALIAS)),
    entry("reading-room", 1, ("readingroom", NAME), ("tushushi", NAME), ("library", WORD)),
    entry("toilet", 1, ("toilets", NAME), ("cesuo", NAME), ("toilet", ALIAS), ("wc", ALIAS)),
    entry("accessible-toilet", 1, ("accessibletoilet", NAME), ("toilet", WORD)),
    entry("tea-house", 2, ("茶室", NAME), ("chashi", NAME), ("cs", NAME)),
    # 社会保障カード, as search.py normalises it: the voicing mark of ド is dropped like an accent.
    entry("card-counter", 7, ("社会保障カート", NAME), ("カート", WORD)),
]

# (query as typed, the ids found, best first)
RANKING = [
    # exact < prefix < contains, and name < alias < word at the same level
    ("art", ["art", "gallery", "art-studio", "artisan-shop", "craft-room", "party-room", "studio-b"]),
    # a prefix, then one-letter typos: of a name before an alias, a lower floor first at a tie
    ("arti", ["artisan-shop", "art-studio", "art", "craft-room", "gallery"]),
    ("artw", ["craft-room", "artisan-shop", "art-studio", "art", "gallery"]),
    ("studio", ["art-studio", "studio-b"]),
    # an exact name, an exact alias and an exact word, then a prefix of a name
    ("library", ["library", "reading-room"]),
    ("toilet", ["toilet", "accessible-toilet"]),
    # a one-letter typo ranks below every exact, prefix and contains match
    ("libary", ["library", "reading-room"]),
    ("toliet", ["toilet", "accessible-toilet"]),
    ("tushushi", ["reading-room"]),
    ("tushu", ["reading-room", "library"]),  # both a name's prefix: the lower floor first
    # pinyin, initials, tones, case, spaces and punctuation
    ("Tú shū-guǎn", ["library"]),
    ("tu2shu1guan3", ["library"]),
    ("TSG", ["library"]),
    ("茶", ["tea-house"]),
    ("室", ["tea-house"]),
    ("c s", ["tea-house"]),
    # Japanese typed with or without the voicing marks, in full- or half-width kana
    ("カード", ["card-counter"]),
    ("ｶｰﾄﾞ", ["card-counter"]),
    ("保障カ", ["card-counter"]),
    # too short to be guessed, or two typos: nothing
    ("ar", ["artisan-shop", "art-studio", "art", "craft-room", "gallery"]),  # prefixes only
    ("rt", []),
    ("lbrarx", []),
    ("", []),
    ("  ！", []),
]

# (normalised query, term, level) — the kinds of typo at the start, the middle and the end
LEVELS = [
    ("library", "library", EXACT),
    ("lib", "library", PREFIX),
    ("bra", "library", CONTAINS),
    ("br", "library", None),  # two Latin letters inside a word: too short to mean anything
    ("书馆", "图书馆", CONTAINS),  # ...but two Chinese characters do
    ("馆", "图书馆", CONTAINS),
    ("ilbrary", "library", TYPO),  # two letters swapped: start, middle, end
    ("libarry", "library", TYPO),
    ("librayr", "library", TYPO),
    ("xlibrary", "library", TYPO),  # one letter too many
    ("librxary", "library", TYPO),
    ("libraryx", "library", TYPO),
    ("ibrary", "library", CONTAINS),  # one letter missing (at the start: contained; at the end: a prefix)
    ("libary", "library", TYPO),
    ("ibraryy", "library", None),
    ("librar", "library", PREFIX),
    ("xibrary", "library", TYPO),  # one letter replaced
    ("libxary", "library", TYPO),
    ("librarx", "library", TYPO),
    ("libraxy", "library", TYPO),
    ("tushugaun", "tushuguan", TYPO),  # a typo in pinyin, on a prefix of a longer term
    ("tushgu", "tushuguan", TYPO),
    ("bibl", "library", None),  # the typo filter: neither of the first two letters fits
    ("ilb", "lib", None),  # three letters: too short for a typo
    ("lbrarx", "library", None),  # two typos
    ("xxlibrary", "library", None),
    ("yrarbil", "library", None),
    ("libary", "b", None),  # a one-letter term: the typo filter must not read its second letter
    ("bxyz", "b", None),
    ("wc", "wc", EXACT),
    ("w", "wc", PREFIX),
    ("c", "wc", None),
]

# (a, b, whether b is a with at most one letter inserted, deleted, replaced or two swapped)
EDITS = [
    ("abcd", "abcd", True),
    ("abcd", "abce", True),  # the last letter: the swap check must not read past the end
    ("abcd", "xbcd", True),
    ("abcd", "abxd", True),
    ("abcd", "bacd", True),
    ("abcd", "abdc", True),
    ("abcd", "abc", True),
    ("abcd", "bcd", True),
    ("abcd", "acd", True),
    ("abc", "abcd", True),
    ("abc", "xabc", True),
    ("abc", "abxc", True),
    ("a", "", True),
    ("", "a", True),
    ("ab", "ba", True),
    ("abcd", "badc", False),
    ("abcd", "abef", False),
    ("abcd", "acbe", False),
    ("abcd", "ab", False),
    ("ab", "abcd", False),
    ("abcd", "dbca", False),
    ("abcd", "bcda", False),
    ("abcd", "abcdef", False),
    ("abcd", "abxcx", False),
    ("abxcx", "abcd", False),
]

# Texts whose normalised form kiosk.js and search.py must agree on.
NORMALIZE = [" Tú-Shū  Guǎn！", "ＷＣ", "Café", "社会保障カード", "ｶｰﾄﾞ", "がっこう", "ﾊﾟﾝ", "图书馆·三楼", "Ⅲ号", "ﬁle"]

# The cap: more matches than MAX_RESULTS keep the best of them, lower floors first at a tie.
CAP_INDEX = [entry(f"room-{n:02d}", 20 - n, (f"room{n:02d}", NAME)) for n in range(MAX_RESULTS + 3)]
CAP_QUERY = "room"
CAP_EXPECTED = [f"room-{n:02d}" for n in range(MAX_RESULTS + 2, 2, -1)]
