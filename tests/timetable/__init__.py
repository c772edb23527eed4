"""Tests of kiosk/timetable/."""
