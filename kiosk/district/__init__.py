"""A district's buildings on one server: one Flask app per building, mounted under `/<building-id>/`.

`app` joins them (werkzeug's DispatcherMiddleware: each building keeps its own store, reloads, last good
version and page cache), `home` is the district's own pages (`/<lang>/`, `/healthz`) and `elsewhere` the
"also at other centres" search results a building's search page is handed.
"""
