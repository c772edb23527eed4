"""Tests of kiosk/web/views/."""
