"""Buildings in and out: `kiosk import` reads DXF, IMDF and GeoJSON into floors.yaml; `kiosk export` writes IMDF."""
