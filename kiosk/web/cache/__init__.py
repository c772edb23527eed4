"""Kept pages: the page cache, its Flask hooks, and the WSGI fast path that sends them before Flask."""
