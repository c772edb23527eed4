"""Tests of kiosk/speech/."""
