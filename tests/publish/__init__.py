"""Tests of kiosk/publish/."""
