"""The console's words, each in Chinese and English (`labels.toml`): Chinese first, English beside it."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

LABELS = Path(__file__).with_name("labels.toml")


@cache
def labels() -> dict[str, tuple[str, str]]:
    """Every label as (Chinese, English)."""
    with LABELS.open("rb") as handle:
        return {key: (str(pair[0]), str(pair[1])) for key, pair in tomllib.load(handle).items()}


def label(key: str, **params: object) -> tuple[str, str]:
    """One label in both languages, with `{name}` placeholders filled in; the key itself if missing."""
    zh, en = labels().get(key, (key, key))
    return (zh.format(**params), en.format(**params)) if params else (zh, en)


def plain(key: str, **params: object) -> str:
    """A label as one line, for flash messages and the audit log: "中文 / English"."""
    zh, en = label(key, **params)
    return f"{zh} / {en}"
