"""The next seven days of a space's hours, ready for `_week.html`: dates, hours, and why a day differs."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.model.building import Space
from kiosk.model.hours import comment_in
from kiosk.timetable import schedule
from kiosk.web.context import PageContext, is_static_export
from kiosk.web.models.things import date_text


@dataclass(frozen=True)
class WeekRow:
    """One line of the 7-day table."""

    iso: str
    date: str
    hours: str
    marks: tuple[str, ...]  # holiday name, closure or special reason, make-up day
    is_today: bool
    is_open: bool


@dataclass(frozen=True)
class Week:
    """The 7-day table and the comments of the hours rules in force that week ("booking required")."""

    rows: tuple[WeekRow, ...]
    comments: tuple[str, ...]
    # A static export (`kiosk build`): the date it was made, said to phones without JavaScript,
    # whose table then runs `EXPORT_DAYS` days and marks no day as today (the day it is read is unknown).
    made_on: str = ""


EXPORT_DAYS = 28  # as far ahead as the export's hours.json (kiosk/publish/build.py HOURS_DAYS)


def _row(page: PageContext, plan: schedule.DayPlan, is_today: bool) -> WeekRow:
    lang = page.lang
    marks = [name for name in (plan.holiday(lang),) if name]
    if plan.make_up_day:
        marks.append(page.t("week.make_up"))
    if plan.closure is not None:
        marks.append(plan.closure(lang))
    if plan.special is not None:
        marks.append(plan.special(lang))
    opening = ", ".join(map(str, plan.periods)) if plan.periods else page.t("week.closed")
    return WeekRow(plan.day.isoformat(), date_text(page, plan.day), opening, tuple(marks), is_today, plan.is_open)


def week_of(page: PageContext, space: Space | None) -> Week:
    """The next 7 days of `space` (or the building), today first, in the page's language."""
    today = page.now.date()
    exported = is_static_export()
    plans = schedule.week(page.building, space, today, EXPORT_DAYS if exported else 7)
    comments: list[str] = []
    for plan in plans:
        for comment in plan.comments:
            said = comment_in(comment, page.lang)
            if said not in comments:
                comments.append(said)
    rows = tuple(_row(page, plan, plan.day == today and not exported) for plan in plans)
    return Week(rows, tuple(comments), date_text(page, today) if exported else "")


def today_marks(page: PageContext) -> tuple[str, ...]:
    """Why the building's today differs from usual (a festival, a closure, special hours), for the home page."""
    plan = schedule.day_plan(page.building, None, page.now.date())
    return _row(page, plan, True).marks
