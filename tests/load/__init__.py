"""Tests of kiosk/load/."""
