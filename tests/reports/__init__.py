"""Tests of kiosk/reports/."""
