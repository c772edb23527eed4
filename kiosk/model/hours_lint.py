"""Hours that staff cannot get wrong silently: pure checks of one opening-hours expression.

Each check returns `HoursNote`s: the character to point at (an offset into the expression), what
is wrong, and the fix (a corrected expression when we can write one). The loader turns them into
`Problem`s at file:line:col, as errors when the expression does not parse and as warnings when it
parses but probably does not say what was meant.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from kiosk.model import calendar, hours

# Chinese day names, longest first so 星期日 is read before 日.
_CHINESE_DAYS = {
    "星期一": "Mo", "星期二": "Tu", "星期三": "We", "星期四": "Th", "星期五": "Fr", "星期六": "Sa",
    "星期日": "Su", "星期天": "Su", "礼拜一": "Mo", "礼拜二": "Tu", "礼拜三": "We", "礼拜四": "Th",
    "礼拜五": "Fr", "礼拜六": "Sa", "礼拜日": "Su", "礼拜天": "Su", "周一": "Mo", "周二": "Tu", "周三": "We",
    "周四": "Th", "周五": "Fr", "周六": "Sa", "周日": "Su", "周天": "Su", "节假日": "PH", "法定节假日": "PH",
}  # fmt: skip
_DAY_PATTERN = re.compile("|".join(sorted(map(re.escape, _CHINESE_DAYS), key=len, reverse=True)))
_RANGE_WORDS = re.compile(r"\s*(至|到|~|～)\s*")
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\uff0d"  # hyphens, en/em dash, minus, full-width
_TIME_SPAN = re.compile(r"(?<![\d:])(\d{1,2})(?::(\d{2}))?-(\d{1,2})(?::(\d{2}))?(?![\d:])")
_STARTS_WITH_TIME = re.compile(r"^\d{1,2}:?\d{0,2}\s*-")  # "9:00-17:00", not "24/7"
_CLOSED_STATE = re.compile(r"\b(off|closed)\s*$")


@dataclass(frozen=True)
class HoursNote:
    """One thing to say about an hours expression, pointing at a character in it."""

    offset: int
    message: str
    hint: str


def suggestion(expression: str) -> str | None:
    """The expression rewritten in OSM syntax (day names, dashes, full-width, 9-17), if that parses."""
    text = _DAY_PATTERN.sub(lambda m: _CHINESE_DAYS[m.group(0)], expression)
    text = _RANGE_WORDS.sub("-", text)
    text = "".join("-" if ch in _DASHES else ch for ch in text)
    text = unicodedata.normalize("NFKC", text).replace("、", ",")
    text = _TIME_SPAN.sub(_padded_span, text)
    text = re.sub(r"([A-Za-z])(\d)", r"\1 \2", text)  # "Mo-Fr09:00" → "Mo-Fr 09:00"
    text = re.sub(r";(?=\S)", "; ", text)
    text = re.sub(r"\s+", " ", text).strip()
    if text == expression:
        return None
    try:
        hours.parse(text)
    except ValueError:
        return None
    return text


def _padded_span(match: re.Match[str]) -> str:
    start_h, start_m, end_h, end_m = match.groups()
    return f"{int(start_h):02d}:{start_m or '00'}-{int(end_h):02d}:{end_m or '00'}"


def _fix(expression: str, fallback: str) -> str:
    better = suggestion(expression)
    return f"write `{better}`" if better else fallback


def character_notes(expression: str) -> list[HoursNote]:
    """Chinese day names, en dashes and full-width characters, each pointed at."""
    notes = []
    day = _DAY_PATTERN.search(expression)
    if day:
        notes.append(
            HoursNote(
                day.start(),
                f"`{day.group(0)}` is a Chinese day name; hours use Mo Tu We Th Fr Sa Su (and PH)",
                _fix(expression, "e.g. `Mo-Fr 09:00-17:00`"),
            )
        )
    for offset, ch in enumerate(expression):
        if ch in _DASHES:
            notes.append(
                HoursNote(offset, f"`{ch}` is a dash the hours do not read", _fix(expression, "type a plain `-`"))
            )
            break
    for offset, ch in enumerate(expression):
        if unicodedata.east_asian_width(ch) == "F":
            plain = unicodedata.normalize("NFKC", ch)
            notes.append(
                HoursNote(
                    offset, f"`{ch}` is a full-width character", _fix(expression, f"type the half-width `{plain}`")
                )
            )
            break
    return notes


def _rules(expression: str) -> list[tuple[int, str]]:
    """The `;`-separated rules with their offsets (a `;` inside a "comment" does not split)."""
    rules, start, quoted = [], 0, False
    for offset, ch in enumerate(expression):
        if ch == '"':
            quoted = not quoted
        elif ch == ";" and not quoted:
            rules.append((start, expression[start:offset]))
            start = offset + 1
    rules.append((start, expression[start:]))
    return [(start + len(rule) - len(rule.lstrip()), rule.strip()) for start, rule in rules if rule.strip()]


def times_without_days(expression: str) -> list[HoursNote]:
    """A rule that starts with a time means every day, weekends and holidays included."""
    notes = []
    for offset, rule in _rules(expression):
        if _STARTS_WITH_TIME.match(rule):
            rule = _TIME_SPAN.sub(_padded_span, rule)
            notes.append(
                HoursNote(
                    offset,
                    f"`{rule}` has no days, so it means every day, weekends and public holidays included",
                    f"if that is meant, say so: `Mo-Su {rule}`; for weekdays only: `Mo-Fr {rule}; PH off`",
                )
            )
    return notes


def _sample_days(start: dt.date) -> list[dt.date]:
    """Two ordinary weeks, then every day off and make-up day of the year ahead."""
    year = [start + dt.timedelta(days=n) for n in range(400)]
    special = [d for d in year[14:] if calendar.is_day_off(d) or calendar.is_make_up_day(d)]
    return year[:14] + special


def hidden_closures(expression: str, start: dt.date, timezone: str = "Asia/Shanghai") -> list[HoursNote]:
    """A closing rule (`PH off`) that a later rule overrides on every day it names: it does nothing."""
    rules = _rules(expression)
    notes = []
    for index, (offset, rule) in enumerate(rules):
        if index == len(rules) - 1 or not _CLOSED_STATE.search(rule):
            continue
        others = [r for n, (_, r) in enumerate(rules) if n != index]
        without, reordered = "; ".join(others), "; ".join([*others, rule])
        days = _sample_days(start)
        does_nothing = all(_periods(expression, d, timezone) == _periods(without, d, timezone) for d in days)
        # Hidden, not merely redundant: put last, it would close something.
        if does_nothing and any(_periods(expression, d, timezone) != _periods(reordered, d, timezone) for d in days):
            notes.append(
                HoursNote(
                    offset,
                    f"`{rule}` does nothing: a later rule overrides it (each rule replaces the ones before it "
                    "on the days it names)",
                    f"put closures last: `{reordered}`",
                )
            )
    return notes


def _periods(expression: str, day: dt.date, timezone: str) -> tuple[hours.Period, ...]:
    return hours.periods_on(expression, day, timezone)


def lint(
    expression: str, start: dt.date, timezone: str = "Asia/Shanghai", days_expected: bool = True
) -> list[HoursNote]:
    """Every note on a valid expression; `days_expected=False` for special hours of a given date."""
    notes = character_notes(expression)
    if days_expected:
        notes += times_without_days(expression)
    try:
        hours.parse(expression, timezone)
    except ValueError:
        return notes
    return notes + hidden_closures(expression, start, timezone)
