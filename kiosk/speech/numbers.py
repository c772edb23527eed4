"""Numbers, times and floor labels as people say them, in Chinese and English.

A speech engine reads "3F" letter by letter and "301" as three hundred and one; a visitor says
三楼 and 三零一. These rewrite a sentence's written forms into spoken words before it is rendered.
"""

from __future__ import annotations

import re

ZH_DIGITS = "零一二三四五六七八九"
EN_ONES = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
EN_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
EN_ORDINALS = {
    1: "first",
    2: "second",
    3: "third",
    4: "fourth",
    5: "fifth",
    6: "sixth",
    7: "seventh",
    8: "eighth",
    9: "ninth",
    10: "tenth",
    11: "eleventh",
    12: "twelfth",
}
WHEN_WORDS = "today|tomorrow|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
# Floor labels that are letters: said by what they mean.
LETTER_FLOORS = {"G": ("一楼", "the ground floor"), "M": ("夹层", "the mezzanine"), "L": ("大堂层", "the lobby level")}
UPPER = re.compile(r"(?<![A-Za-z0-9])(\d{1,3})F(?![A-Za-z0-9])")
BASEMENT = re.compile(r"(?<![A-Za-z0-9])B(\d{1,2})(?![A-Za-z0-9])")
LETTER = re.compile(r"(?<![A-Za-z0-9])([GML])(?![A-Za-z0-9'’])")
CLOCK = re.compile(r"(?<!\d)([01]?\d|2[0-3])[:：]([0-5]\d)(?!\d)")
NUMBER = re.compile(r"\d+")
# Counts said as numbers, not digit by digit (50 米, 120 分钟), even with three digits or more.
ZH_UNITS = ("米", "分钟", "岁", "人", "元", "个", "平方米")
ZH_MEASURES = ("分钟", "个", "人", "岁", "天", "位", "次", "小时")  # 2 before these is 两: 两分钟


def zh_cardinal(n: int) -> str:
    """0–9999 as a Chinese number: 5 → 五, 12 → 十二, 50 → 五十, 105 → 一百零五."""
    if n < 10:
        return ZH_DIGITS[n]
    if n < 20:
        return "十" + (ZH_DIGITS[n % 10] if n % 10 else "")
    if n >= 10000:
        return zh_digits(str(n))
    out, zero = "", False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit, n = divmod(n, value)
        if digit:
            out += ("零" if zero and out else "") + ZH_DIGITS[digit] + unit
            zero = False
        elif out:
            zero = True
    return out


def zh_digits(text: str) -> str:
    """A room or counter number digit by digit: 301 → 三零一."""
    return "".join(ZH_DIGITS[int(c)] for c in text)


def zh_time(hour: int, minute: int) -> str:
    """08:30 → 八点半, 17:00 → 十七点, 09:05 → 九点零五分, 12:15 → 十二点十五分."""
    said = zh_cardinal(hour) + "点"
    if minute == 30:
        return said + "半"
    if minute:
        return said + ("零" if minute < 10 else "") + zh_cardinal(minute) + "分"
    return said


def zh_floor(label: str) -> str:
    """3F → 三楼, B1 → 地下一层, G → 一楼; another label is kept."""
    if match := UPPER.fullmatch(label):
        return zh_cardinal(int(match[1])) + "楼"
    if match := BASEMENT.fullmatch(label):
        return "地下" + zh_cardinal(int(match[1])) + "层"
    return LETTER_FLOORS[label][0] if label in LETTER_FLOORS else label


def _zh_number(match: re.Match[str]) -> str:
    text = match[0]
    after = match.string[match.end() :]
    if int(text) == 2 and after.startswith(ZH_MEASURES):
        return "两"
    if len(text) <= 2 or after.startswith(ZH_UNITS):
        return zh_cardinal(int(text))
    return zh_digits(text)


def spoken_zh(text: str) -> str:
    """A Chinese sentence with its floors, times and numbers in words."""
    text = UPPER.sub(lambda m: zh_floor(m[0]), text)
    text = BASEMENT.sub(lambda m: zh_floor(m[0]), text)
    text = LETTER.sub(lambda m: zh_floor(m[0]), text)
    text = CLOCK.sub(lambda m: zh_time(int(m[1]), int(m[2])), text)
    text = re.sub(r"(?<=\S)\s*[—–~～]\s*(?=\S)", "到", text)  # 1—12号窗口: 一到十二号窗口
    text = NUMBER.sub(_zh_number, text)
    return re.sub(r"(?<=[\u3000-\u9fff\uff00-\uffef])\s+|\s+(?=[\u3000-\u9fff\uff00-\uffef])", "", text)


def en_cardinal(n: int) -> str:
    """0–99 in words (larger numbers are left to the engine, which reads them well)."""
    if n < 20:
        return EN_ONES[n]
    if n < 100:
        return EN_TENS[n // 10] + ("-" + EN_ONES[n % 10] if n % 10 else "")
    return str(n)


def en_ordinal(n: int) -> str:
    """1 → first, 3 → third, 21 → 21st (said well by the engine)."""
    if n in EN_ORDINALS:
        return EN_ORDINALS[n]
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def en_time(hour: int, minute: int) -> str:
    """08:30 → eight thirty a.m., 17:00 → five p.m., 09:05 → nine oh five a.m., 12:00 → twelve noon."""
    if (hour, minute) == (12, 0):
        return "twelve noon"
    if (hour, minute) == (0, 0):
        return "midnight"
    half = "a.m." if hour < 12 else "p.m."
    said = en_cardinal(hour % 12 or 12)
    if minute:
        said += " " + (f"oh {en_cardinal(minute)}" if minute < 10 else en_cardinal(minute))
    return f"{said} {half}"


def en_floor(label: str) -> str:
    """3F → the third floor, B1 → basement level one, G → the ground floor; another label: floor X."""
    if match := UPPER.fullmatch(label):
        return f"the {en_ordinal(int(match[1]))} floor"
    if match := BASEMENT.fullmatch(label):
        return f"basement level {en_cardinal(int(match[1]))}"
    return LETTER_FLOORS[label][1] if label in LETTER_FLOORS else f"floor {label}"


def _en_number(match: re.Match[str]) -> str:
    text = match[0]
    # A room number (three digits or more, no unit after it) is said digit by digit: three oh one.
    if len(text) >= 3 and not re.match(r"\s*(m|min|metres|minutes)\b", match.string[match.end() :]):
        return " ".join("oh" if c == "0" else EN_ONES[int(c)] for c in text)
    return text


def spoken_en(text: str) -> str:
    """An English sentence with its floors, times, units and room numbers in words."""
    text = UPPER.sub(lambda m: en_floor(m[0]), text)
    text = BASEMENT.sub(lambda m: en_floor(m[0]), text)
    text = LETTER.sub(lambda m: en_floor(m[0]), text)
    text = re.sub(rf"\b(opens (?:{WHEN_WORDS})) (?=\d{{1,2}}:\d\d)", r"\1 at ", text)  # opens tomorrow at eight thirty
    text = CLOCK.sub(lambda m: en_time(int(m[1]), int(m[2])), text)
    text = re.sub(r"(?<=\S)\s*[—–]\s*(?=\S)", " to ", text)  # counters 1–12, B2–6F
    text = re.sub(r"\b(\d+) m\b", lambda m: m[1] + (" metre" if m[1] == "1" else " metres"), text)
    text = re.sub(r"\b(\d+) min\b", lambda m: m[1] + (" minute" if m[1] == "1" else " minutes"), text)
    text = NUMBER.sub(_en_number, text)
    text = re.sub(r"\.\.(?!\.)", ".", text)  # "five p.m." ending a sentence: one full stop
    return text[:1].upper() + text[1:]


def spoken(text: str, lang: str) -> str:
    """`text` as said in `lang` (zh or en); another language is left as written."""
    if lang == "zh":
        return spoken_zh(text)
    if lang == "en":
        return spoken_en(text)
    return text
