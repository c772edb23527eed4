"""A problem in a building file: where it is, what is wrong, how to fix it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or doubtful) in the file, with where it is and how to fix it."""

    file: str
    line: int
    column: int
    message: str
    hint: str = ""
    severity: str = "error"

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        label = "warning: " if self.severity == "warning" else ""
        return f"{where}: {label}{self.message}" + (f" — {self.hint}" if self.hint else "")


class BuildingFileError(Exception):
    """floors.yaml could not be loaded; `problems` says every reason."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
