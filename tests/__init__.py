"""The test suite: one folder per folder of kiosk/, shared helpers in tests/helpers/."""
