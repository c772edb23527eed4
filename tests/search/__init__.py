"""Tests of kiosk/search/."""
