"""Tests of kiosk/model/."""
