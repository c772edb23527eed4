"""Buildings in and out of other formats: a new floors.yaml (`kiosk init`), IMDF and GeoJSON exports."""
