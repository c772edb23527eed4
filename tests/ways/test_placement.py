"""Names placed on a plan: lines broken where a reader expects, names that do not fit moved out or numbered."""

from __future__ import annotations

import pytest

from kiosk.ways.placement import Box, Obstacles, lines_box, place_all, split_even, wrap


@pytest.mark.parametrize("text", ["新泾镇民间文化艺术展示馆", "非遗工作室", "社会保险与住房公积金服务大厅", "图书馆"])
def test_chinese_is_never_left_with_one_character_on_a_line(text: str):
    for count in range(1, 5):
        assert all(len(line) > 1 for line in split_even(text, count)) or len(text) == 1
    for width in range(40, 400, 20):
        lines = wrap(text, width, 20)
        assert "".join(lines) == text and (len(lines) == 1 or all(len(line) > 1 for line in lines))


def test_english_words_stay_whole_and_break_after_hyphens():
    assert wrap("Lobby", 10, 20) == ["Lobby"]
    assert wrap("Multi-purpose Lecture Theatre", 100, 20) == ["Multi-", "purpose", "Lecture", "Theatre"]


def test_names_that_do_not_fit_move_out_with_a_leader_and_never_overlap():
    obstacles = Obstacles(Box(0, 0, 600, 400))
    obstacles.add_box(Box(280, 180, 320, 220))  # an icon in the middle of the big room
    rooms = [
        ("Security Office", [(100, 100), (140, 100), (140, 140), (100, 140)], 24.0),  # far too small
        ("Great Hall", [(200, 100), (400, 100), (400, 300), (200, 300)], 24.0),
    ]
    placed = place_all(rooms, 20.0, obstacles)
    small, big = placed
    assert small.leader is not None
    assert big.leader is None and not lines_box(big.lines, big.x, big.y, big.font).overlaps(Box(280, 180, 320, 220))
    a, b = (lines_box(p.lines, p.x, p.y, p.font) for p in placed)
    assert not a.overlaps(b)


def test_a_crowd_of_rooms_too_small_for_their_names_is_numbered_in_reading_order():
    obstacles = Obstacles(Box(0, 0, 800, 400))
    counters = [
        (f"Counter {n} Social insurance", [(x, 50), (x + 40, 50), (x + 40, 150), (x, 150)], 24.0)
        for n, x in zip(range(6, 0, -1), range(500, 0, -80), strict=False)
    ]  # given right to left
    placed = place_all(counters, 20.0, obstacles)
    assert [p.key for p in placed] == [6, 5, 4, 3, 2, 1]  # numbered left to right, as read
    assert [p.lines for p in placed] == [(str(k),) for k in (6, 5, 4, 3, 2, 1)] and all(
        p.leader is None for p in placed
    )
    few = place_all(counters[:2], 20.0, Obstacles(Box(0, 0, 800, 400)))
    assert all(p.key is None for p in few)  # two names fit outside with leaders: no key needed
