"""Time: opening schedules, open/closed status, events and the event feeds."""
