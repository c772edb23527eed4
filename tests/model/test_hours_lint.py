"""`kiosk check` on hours staff type: day names, dashes, full-width characters, missing days, hidden closures."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from kiosk.load.loader import check_building
from kiosk.model import hours_lint

TODAY = dt.date(2026, 11, 27)


@pytest.mark.parametrize(
    ("written", "fixed"),
    [
        ("周一至周五 9-17", "Mo-Fr 09:00-17:00"),
        ("星期一至星期日 8:30—17:00", "Mo-Su 08:30-17:00"),
        ("Mo-Su 08:30–17:00", "Mo-Su 08:30-17:00"),
        ("Mo-Su 08:30-17:00；PH off", "Mo-Su 08:30-17:00; PH off"),
        ("Mo-Fr 09：00-17：00", "Mo-Fr 09:00-17:00"),
    ],
)
def test_suggestions_rewrite_what_staff_type(written: str, fixed: str) -> None:
    assert hours_lint.suggestion(written) == fixed


def test_character_notes_point_at_the_column() -> None:
    (note,) = hours_lint.character_notes("Mo-Su 08:30–17:00")
    assert note.offset == 11 and "dash" in note.message and "Mo-Su 08:30-17:00" in note.hint
    (note,) = hours_lint.character_notes("Mo-Su 08:30-17:00；PH off")
    assert note.offset == 17 and "full-width" in note.message


def test_times_without_days() -> None:
    (note,) = hours_lint.lint("9:00-17:00", TODAY)
    assert "every day" in note.message and "Mo-Su 09:00-17:00" in note.hint
    assert hours_lint.lint("9:00-17:00", TODAY, days_expected=False) == []


def test_a_later_rule_hiding_an_earlier_closure() -> None:
    (note,) = hours_lint.lint("PH off; Mo-Su 08:30-17:00", TODAY)
    assert "does nothing" in note.message and "`Mo-Su 08:30-17:00; PH off`" in note.hint
    assert hours_lint.lint("Mo-Su 08:30-17:00; PH off", TODAY) == []
    assert hours_lint.lint("Mo-Fr 09:00-11:30,13:30-17:00; PH off", TODAY) == []
    # A closure of days a later rule does not name still works: nothing to say.
    assert hours_lint.lint("Mo off; Tu-Su 09:00-17:00", TODAY) == []


def test_good_hours_get_no_notes() -> None:
    for good in ("Mo-Su 08:30-17:00", "24/7", 'Tu,Th 09:00-12:00 "需预约 / booking required"; PH off'):
        assert hours_lint.lint(good, TODAY) == [], good


def test_check_points_at_the_en_dash_with_line_and_column(edited: Callable[..., Path]) -> None:
    path = edited("  hours: Mo-Su 08:30-17:00\n", "  hours: Mo-Su 08:30–17:00\n")
    building, problems = check_building(path)
    assert building is None
    (problem,) = [p for p in problems if "dash" in p.message]
    line = path.read_text(encoding="utf-8").splitlines()[problem.line - 1]
    assert line[problem.column - 1] == "–"
    assert "write `Mo-Su 08:30-17:00`" in str(problem)


def test_check_suggests_osm_for_chinese_day_names(edited: Callable[..., Path]) -> None:
    path = edited("    hours: Tu-Su 09:00-16:30\n", '    hours: "周二至周日 9:00-16:30"\n')
    _, problems = check_building(path)
    (problem,) = [p for p in problems if "Chinese day name" in p.message]
    line = path.read_text(encoding="utf-8").splitlines()[problem.line - 1]
    assert line[problem.column - 1] == "周"
    assert "write `Tu-Su 09:00-16:30`" in problem.hint


def test_check_warns_on_hidden_closure_and_missing_days(edited: Callable[..., Path]) -> None:
    edited("  hours: Mo-Su 08:30-17:00\n", "  hours: PH off; Mo-Su 08:30-17:00\n")
    path = edited("    hours: Tu-Su 09:00-16:30\n", "    hours: 09:00-16:30\n")
    building, problems = check_building(path)
    assert building is not None
    warnings = [str(p) for p in problems if p.severity == "warning"]
    assert any("`PH off` does nothing" in w and "Mo-Su 08:30-17:00; PH off" in w for w in warnings), warnings
    assert any("has no days" in w and "Mo-Su 09:00-16:30" in w for w in warnings), warnings
