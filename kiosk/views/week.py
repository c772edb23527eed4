"""The next seven days of a space's hours, ready for `_week.html`: dates, hours, and why a day differs."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask

from kiosk import schedule
from kiosk.building import Lang, Space
from kiosk.hours import comment_in
from kiosk.i18n import translate
from kiosk.views.context import building, now, request_lang


@dataclass(frozen=True)
class WeekRow:
    """One line of the 7-day table."""

    iso: str
    date: str
    hours: str
    marks: tuple[str, ...]  # holiday name, closure or special reason, make-up day
    is_today: bool
    is_open: bool


def _row(plan: schedule.DayPlan, lang: Lang, is_today: bool) -> WeekRow:
    say = lambda key, **params: translate(lang, key, **params)  # noqa: E731
    day = plan.day
    date = say(
        "week.date",
        weekday=say(f"weekday.{day.weekday()}"),
        day=day.day,
        month_name=say(f"month.{day.month}"),
    )
    marks = [name for name in (plan.holiday(lang),) if name]
    if plan.make_up_day:
        marks.append(say("week.make_up"))
    if plan.closure is not None:
        marks.append(plan.closure(lang))
    if plan.special is not None:
        marks.append(plan.special(lang))
    opening = ", ".join(map(str, plan.periods)) if plan.periods else say("week.closed")
    return WeekRow(day.isoformat(), date, opening, tuple(marks), is_today, plan.is_open)


def week_of(space: Space | None) -> list[WeekRow]:
    """The next 7 days of `space` (or the building), today first, in the page's language."""
    lang, today = request_lang(), now().date()
    return [_row(plan, lang, plan.day == today) for plan in schedule.week(building(), space, today)]


def comments_of(space: Space | None) -> list[str]:
    """The comments of the hours rules in force this week ("booking required"), in the page's language."""
    lang, found = request_lang(), []
    for plan in schedule.week(building(), space, now().date()):
        for comment in plan.comments:
            said = comment_in(comment, lang)
            if said not in found:
                found.append(said)
    return found


def init_app(app: Flask) -> None:
    """Give templates `week_of` and `hour_comments`."""

    @app.context_processor
    def week_helpers() -> dict[str, object]:
        return {"week_of": week_of, "hour_comments": comments_of}
