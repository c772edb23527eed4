"""China's official calendar: days off (放假, bridged weekdays included) and make-up working days (补班).

The State Council announces each year's arrangement late in the year before; the `holidays`
package carries it. This module answers, for one date: is it an official day off (what an
hours rule's `PH` means), is it a make-up working day, what is the holiday called, and which
date opening-hours-py should read so that the building's hours come out right.

Rules (also in the README):
- An official day off is a day the package lists, plus a Saturday or Sunday inside the same
  run of days off (Sunday 4 October inside the National Day week is a holiday too).
- A make-up working day (a Saturday or Sunday the arrangement makes a working day) follows the
  hours of a normal Monday–Friday day: we read the hours of the Friday before it, as if no
  holiday were near.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache, lru_cache
from types import ModuleType

Lang = str  # as kiosk.model.building.Lang; not imported, kiosk.model.building imports us through hours

# The package's language codes for ours; any other language reads the English names (as `Text` falls back).
_PACKAGE_LANGUAGE = {"zh": "zh_CN", "zh-hans": "zh_CN", "zh-hant": "zh_TW", "en": "en_US"}
_PACKAGE_FALLBACK = "en_US"
# Looking further than this for the edge of a run of days off means something is wrong.
_LONGEST_RUN = 14
# The package writes the days moved by the arrangement like this; the visitor wants the festival.
_MOVED_DAY = re.compile(r"^(休息日|Day off)")
_SUFFIX = re.compile(r"\s*(（补假）|\(observed\))$")


def _package() -> ModuleType:
    """The `holidays` package, imported on the first question about a date: with China's calendar it costs
    about 0.1 s of CPU (it loads every country it knows), which `kiosk serve` need not pay before it answers."""
    import holidays

    return holidays


@cache
def _listed(year: int, lang: Lang = "zh") -> dict[dt.date, str]:
    """The package's days off in `year`, named in `lang`."""
    language = _PACKAGE_LANGUAGE.get(lang, _PACKAGE_FALLBACK)
    return dict(_package().China(years=year, language=language).items())


@cache
def _make_up_days(year: int) -> frozenset[dt.date]:
    """The weekend days the arrangement of `year` makes working days."""
    calendar = _package().China(years=year)
    return frozenset(day for day in calendar.weekend_workdays if day.year == year)


def _is_listed(day: dt.date) -> bool:
    return day in _listed(day.year)


def make_up_days(year: int) -> tuple[dt.date, ...]:
    """The Saturdays and Sundays of `year` worked as weekdays (补班), in order (none before announced)."""
    return tuple(sorted(_make_up_days(year)))


def is_make_up_day(day: dt.date) -> bool:
    """Whether `day` is a Saturday or Sunday that is an official working day (补班)."""
    return day in _make_up_days(day.year)


def _is_weekend_rest(day: dt.date) -> bool:
    return day.weekday() >= 5 and not is_make_up_day(day)


def _run_of_days_off(day: dt.date) -> list[dt.date]:
    """The days off around `day` (weekends and listed days), in order; empty on a working day."""
    if not (_is_listed(day) or _is_weekend_rest(day)):
        return []
    run = [day]
    for step in (-1, 1):
        other = day + dt.timedelta(days=step)
        while len(run) < _LONGEST_RUN and (_is_listed(other) or _is_weekend_rest(other)):
            run.append(other)
            other += dt.timedelta(days=step)
    return sorted(run)


@lru_cache(maxsize=4096)
def is_day_off(day: dt.date) -> bool:
    """Whether `day` is an official day off: a listed holiday or a weekend day inside a holiday run."""
    if is_make_up_day(day):
        return False
    return _is_listed(day) or any(_is_listed(other) for other in _run_of_days_off(day))


def _festival(name: str) -> str:
    return _SUFFIX.sub("", name.split(";")[-1].strip())


@lru_cache(maxsize=4096)
def holiday_name(day: dt.date, lang: Lang) -> str | None:
    """The festival `day` belongs to (国庆节 / National Day), or None on an ordinary day."""
    if not is_day_off(day):
        return None
    names = [_listed(other.year, lang).get(other) for other in _run_of_days_off(day)]
    festivals = [_festival(name) for name in names if name and not _MOVED_DAY.match(name)]
    own = _listed(day.year, lang).get(day)
    if own and not _MOVED_DAY.match(own):
        return _festival(own)
    # A bridged weekday or a weekend inside the run takes the run's most named festival.
    return max(festivals, key=festivals.count) if festivals else None


def arrangement_known(year: int) -> bool:
    """Whether the installed package carries the State Council's arrangement for `year`.

    The package computes the festivals of any year, but the moved days (调休) appear only once
    the arrangement is published; a year without any make-up day is taken as not yet known.
    """
    return bool(_make_up_days(year)) or any(_MOVED_DAY.match(n) for n in _listed(year, "zh").values())


def package_version() -> str:
    """The version of the installed `holidays` package, for `kiosk check` and /healthz."""
    return str(_package().__version__)


def hours_reading_day(day: dt.date) -> dt.date:
    """The date whose ordinary (non-holiday) hours apply on `day`.

    A make-up working day reads the Friday before it; every other day reads itself. Days off
    are handled by the caller, which reads the hours' `PH` rules.
    """
    if is_make_up_day(day):
        return day - dt.timedelta(days=day.weekday() - 4)
    return day


# The State Council publishes next year's arrangement in late autumn; before then, nobody has it.
_ANNOUNCED_FROM_MONTH = 11


def coverage_warning(today: dt.date) -> str | None:
    """A sentence for staff when the installed calendar lacks this year's or (from November) next year's days."""
    missing = [year for year in (today.year, today.year + 1) if not arrangement_known(year)]
    if today.month < _ANNOUNCED_FROM_MONTH:
        missing = [year for year in missing if year == today.year]
    if not missing:
        return None
    years = ", ".join(map(str, missing))
    return (
        f"the installed `holidays` package ({package_version()}) does not know China's holiday arrangement "
        f"for {years} yet: days off and make-up working days of {years} follow the festivals only "
        "— run `pip install -U holidays` once the State Council has published it"
    )
