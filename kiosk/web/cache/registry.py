"""What each app-wide hook means for a kept page, said where the hook is registered.

The fast path (`fastpath.py`) sends a kept page without Flask only when every before- and
after-request hook of the app is registered here, by the function itself (never by its name).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import Flask

Hook = Callable[..., Any]
REGISTRY = "kiosk.fastpath.hooks"


@dataclass
class KeptHooks:
    """The app-wide hooks whose owners said what they mean for a kept page.

    `skipped`: the hook has nothing to do on a kept page (its work was kept with the page, or this
    module does it); `rerun`: an after-request hook the fast path calls too, in a request context.
    A hook in neither sends every request through Flask, so a new hook is never skipped unread.
    """

    skipped: dict[Hook, str] = field(default_factory=dict)
    rerun: dict[Hook, str] = field(default_factory=dict)


def registry(app: Flask) -> KeptHooks:
    """The app's registered hooks (made on first use)."""
    return app.extensions.setdefault(REGISTRY, KeptHooks())


def skipped_for_kept_pages(app: Flask, hook: Hook, why: str) -> Hook:
    """Say that `hook` may be skipped for a kept page, and why (kept with the page, done here...)."""
    registry(app).skipped[hook] = why
    return hook


def rerun_for_kept_pages(app: Flask, hook: Hook, why: str) -> Hook:
    """Say that the after-request `hook` must also run for a kept page (as analytics counting does)."""
    registry(app).rerun[hook] = why
    return hook
