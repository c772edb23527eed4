"""A module imported on first use, for what `kiosk serve` need not load before it answers (cold start)."""

from __future__ import annotations

import importlib
from typing import Any


class LazyModule:
    """Stands for module `name` and imports it at the first attribute read.

    Unlike importlib.util.LazyLoader, every read goes through `importlib.import_module`, whose import lock
    makes the first use safe from several waitress threads at once; after that it is a dictionary lookup.
    Modules using it import the real module under TYPE_CHECKING, so mypy still checks every name.
    """

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attribute: str) -> Any:
        return getattr(importlib.import_module(self._name), attribute)

    def __repr__(self) -> str:
        return f"<lazy module {self._name}>"
