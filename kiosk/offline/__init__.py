"""The kiosk working while the server is down: the offline manifest and its service worker views."""
