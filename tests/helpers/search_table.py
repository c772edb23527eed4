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
    # a prefix, then one-letter typos of whole words: a name before an alias before a word
    ("arti", ["artisan-shop", "art", "gallery", "art-studio"]),
    ("artw", ["craft-room", "art", "gallery", "art-studio"]),
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


# --- the buildings' own words: what a visitor types, and what must come first ------------------
# (query as typed, the id that must come first (None: nothing at all), ids that must not be found)
# Recall: the name, alias, pinyin, initials or a one-letter typo of a word finds the place, first.
# Precision: letters that are no word, and words that only look like another, find nothing of it.

SHIPPED_QUERIES = [
    ("图书馆", "library", ()),
    ("library", "library", ("public-gym",)),
    ("tushuguan", "library", ()),
    ("tsg", "library", ()),
    ("ts", "library", ()),
    ("借书", "library", ()),
    ("books", "library", ()),
    ("libary", "library", ()),
    ("大厅", "lobby", ()),
    ("lobby", "lobby", ()),
    ("服务台", "service-desk", ()),
    ("help", "service-desk", ()),
    ("fwt", "service-desk", ()),
    ("为老服务", "elderly-services", ()),
    ("elderly", "elderly-services", ()),
    ("seniors", "elderly-services", ()),
    ("党群服务站", "party-liaison", ()),
    ("volunteer", "party-liaison", ()),
    ("虹桥艺空间", "hongqiao-art-space", ()),
    ("hongqiao", "hongqiao-art-space", ()),
    ("宝宝屋", "baby-day-care", ()),
    ("baby", "baby-day-care", ("accessible-toilet",)),
    ("daycare", "baby-day-care", ()),
    ("托育", "baby-day-care", ()),
    ("未成年人保护", "minors-protection", ()),
    ("youth", "minors-protection", ()),
    ("艺术展馆", "art-exhibition-hall", ()),
    ("exhibition", "art-exhibition-hall", ()),
    ("gallery", "hongqiao-art-space", ()),
    ("民间文化", "folk-art-museum", ()),
    ("museum", "folk-art-museum", ()),
    ("社区学校", "community-school", ()),
    ("school", "community-school", ()),
    ("sqxx", "community-school", ()),
    ("培训", "education-training", ()),
    ("training", "education-training", ()),
    ("创新屋", "innovation-house", ()),
    ("maker", "innovation-house", ()),
    ("非遗", "heritage-studio", ()),
    ("heritage", "heritage-studio", ()),
    ("剪纸", "heritage-studio", ()),
    ("健身房", "public-gym", ()),
    ("gym", "public-gym", ()),
    ("fitness", "public-gym", ()),
    ("jianshen", "public-gym", ()),
    ("fitnes", "public-gym", ()),
    ("多功能厅", "multi-purpose-hall", ()),
    ("auditorium", "multi-purpose-hall", ()),
    ("厕所", "toilet", ()),
    ("卫生间", "toilet", ()),
    ("toilet", "toilet", ()),
    ("toliet", "toilet", ()),
    ("cesuo", "toilet", ()),
    ("无障碍卫生间", "accessible-toilet", ()),
    ("电梯", "lift", ()),
    ("lift", "lift", ()),
    ("楼梯", "stairs", ()),
    ("母婴室", "nursing-room", ()),
    ("饮水", "drinking-water", ()),
    ("aed", "aed", ()),
    ("zzzz", None, ()),
    ("qqqq", None, ()),
    ("visa", None, ()),
    ("wifi", None, ()),
    ("kafei", None, ()),
    ("xyz", None, ()),
]

TOWER_QUERIES = [
    ("社保卡", "counter-01", ()),
    ("social security", "counter-01", ()),
    ("医保", "counter-03", ()),
    ("medical insurance", "counter-03", ()),
    ("户口", "counter-05", ()),
    ("hukou", "counter-05", ()),
    ("护照", "counter-07", ()),
    ("passport", "counter-07", ()),
    ("visa", "counter-07", ("accessible-toilet", "counter-35", "counter-36")),
    ("公积金", "counter-09", ()),
    ("咨询", "counter-11", ()),
    ("不动产", "counter-13", ()),
    ("property", "counter-13", ()),
    ("交税", "counter-17", ()),
    ("tax", "counter-17", ()),
    ("发票", "counter-19", ()),
    ("invoice", "counter-19", ()),
    ("营业执照", "counter-21", ()),
    ("落户", "counter-29", ()),
    ("work permit", "counter-30", ()),
    ("结婚", "counter-31", ()),
    ("marriage", "counter-31", ()),
    ("wedding", "counter-31", ()),
    ("低保", "counter-33", ()),
    ("残疾人", "counter-35", ()),
    ("disability", "counter-35", ()),
    ("敬老卡", "counter-37", ()),
    ("veterans", "counter-39", ()),
    ("投诉", "counter-40", ()),
    ("12345", "counter-40", ()),
    ("complaint", "counter-40", ()),
    ("等候大厅", "waiting-hall", ()),
    ("queue", "ticket-machine", ()),  # 取号机, the queue ticket machine, before the hall it stands in
    ("打印", "self-service-area", ()),
    ("儿童角", "childrens-corner", ()),
    ("kids", "childrens-corner", ()),
    ("颁证厅", "marriage-hall", ()),
    ("档案", "records-office", ()),
    ("archives", "records-office", ()),
    ("阅览室", "reading-room", ()),
    ("reading room", "reading-room", ()),
    ("newspapers", "reading-room", ()),
    ("律师", "legal-aid", ()),
    ("lawyer", "legal-aid", ()),
    ("食堂", "canteen", ()),
    ("canteen", "canteen", ()),
    ("lunch", "canteen", ()),
    ("找工作", "talent-centre", ()),
    ("jobs", "talent-centre", ()),
    ("规划", "planning-exhibition", ()),
    ("跑步", "fitness-room", ()),
    ("history", "history-gallery", ()),
    ("停车", "parking", ()),  # the car park itself before its office
    ("厕所", "toilet", ()),
    ("toilet", "toilet", ()),
    ("电梯", "lift", ()),
    ("扶梯", "escalator", ()),
    ("atm", "atm", ()),
    ("充电", "charging", ()),
    ("閲覧室", "reading-room", ()),
    ("食堂", "canteen", ()),
    ("bank", None, ("marriage-hall",)),
    ("baby", "nursing-room", ("charging",)),
    ("zzzz", None, ()),
    ("wifi", None, ()),
    ("kafei", None, ()),
    ("qwer", None, ()),
]

RIVERSIDE_QUERIES = [
    ("停车场", "car-park", ()),
    ("car park", "car-park", ()),
    ("tcc", "car-park", ()),
    ("便民服务大厅", "service-hall", ()),
    ("service hall", "service-hall", ()),
    ("citizen", "service-hall", ()),
    ("银行", "bank", ()),
    ("bank", "bank", ()),
    ("yinhang", "bank", ()),
    ("药房", "pharmacy", ()),
    ("pharmacy", "pharmacy", ()),
    ("pharmcy", "pharmacy", ()),
    ("yaofang", "pharmacy", ()),
    ("邮政所", "post-office", ()),
    ("post office", "post-office", ()),
    ("youzheng", "post-office", ()),
    ("阅览室", "reading-room", ()),
    ("reading", "reading-room", ()),
    ("yls", "reading-room", ()),
    ("长者照护之家", "elder-care", ()),
    ("elder care", "elder-care", ()),
    ("elder", "elder-care", ()),
    ("青少年活动中心", "youth-centre", ()),
    ("youth", "youth-centre", ()),
    ("qingshaonian", "youth-centre", ()),
    ("社区食堂", "canteen", ()),
    ("食堂", "canteen", ()),
    ("canteen", "canteen", ()),
    ("cantene", "canteen", ()),
    ("中庭", "atrium-gallery", ()),
    ("atrium", "atrium-gallery", ()),
    ("gallery", "atrium-gallery", ()),
    ("活动厅", "activity-hall", ()),
    ("activity", "activity-hall", ()),
    ("书画", "studio", ()),
    ("painting", "studio", ()),
    ("studio", "studio", ()),
    ("教室", "classroom", ()),
    ("classroom", "classroom", ()),
    ("school", "classroom", ()),
    ("厕所", "toilet", ()),
    ("卫生间", "toilet", ()),
    ("toilet", "toilet", ()),
    ("toilets", "toilet", ()),
    ("cesuo", "toilet", ()),
    ("电梯", "lift", ()),
    ("lift", "lift", ()),
    ("楼梯", "stairs", ()),
    ("stairs", "stairs", ()),
    ("母婴室", "nursing-room", ()),
    ("nursing", "nursing-room", ()),
    ("饮水", "drinking-water", ()),
    ("aed", "aed", ()),
    ("zzzz", None, ()),
    ("visa", None, ()),
    ("wifi", None, ()),
    ("kafei", None, ()),
    ("xyz", None, ()),
    ("banl", "bank", ()),
    ("bnak", "bank", ()),
    ("qqqq", None, ()),
    ("post", "post-office", ()),
]

BUILDING_QUERIES = {"shipped": SHIPPED_QUERIES, "tower-v2": TOWER_QUERIES, "riverside": RIVERSIDE_QUERIES}
