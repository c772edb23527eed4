"""Tests of kiosk/offline/."""
