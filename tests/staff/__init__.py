"""Tests of kiosk/staff/."""
