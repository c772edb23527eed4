"""The timetable's fixtures: the second building with a calendar this week."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.tower import tower_with_calendar


@pytest.fixture
def tower(tmp_path: Path) -> Path:
    """A copy of the second building with a closure, special hours and an event this week."""
    return tower_with_calendar(tmp_path)
