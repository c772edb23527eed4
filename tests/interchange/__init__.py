"""Tests of kiosk/interchange/."""
