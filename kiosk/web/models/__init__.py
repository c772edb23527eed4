"""View models: frozen values the templates read, made from the page context (never rendering)."""
