"""The model: the building as typed, frozen data, its vocabulary, hours, calendar and UI strings."""
