"""Tests of kiosk/web/cache/."""
