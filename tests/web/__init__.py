"""Tests of kiosk/web/."""
