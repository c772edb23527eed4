"""Tests of kiosk/ways/."""
