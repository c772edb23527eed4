"""constraints.txt: the exact versions the suite last passed with (`scripts/newest.sh` refreshes it)."""

from __future__ import annotations

import sys
from pathlib import Path

HEADER = """\
# The exact versions the whole suite last passed with; scripts/test.sh installs with them, so a
# dependency's new release cannot turn CI red overnight. pyproject.toml keeps the ranges users install
# with. Refresh: `bash scripts/newest.sh --write` (the newest releases, kept only if the suite passes).
"""


def read(path: Path) -> dict[str, str]:
    """Package name (normalised) → pinned version, from a `name==version` file."""
    pins = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if "==" in line:
            name, version = line.split("==", 1)
            pins[normalise(name)] = version.strip()
    return pins


def normalise(name: str) -> str:
    """PEP 503's form of a distribution name: `Flask_WTF` and `flask-wtf` are one package."""
    return "-".join(name.replace("_", "-").replace(".", "-").lower().split("-"))


def diff(old: dict[str, str], new: dict[str, str]) -> list[str]:
    """One line per package whose version differs between the two sets of pins."""
    lines = []
    for name in sorted(old.keys() | new.keys()):
        before, after = old.get(name), new.get(name)
        if before != after:
            lines.append(f"  {name}: {before or '(not pinned)'} -> {after or '(no longer needed)'}")
    return lines


def main(argv: list[str]) -> int:
    """`diff OLD NEW` prints what changed; `write OLD NEW` writes NEW's pins to OLD with the header."""
    command, old_path, new_path = argv
    old = read(Path(old_path)) if Path(old_path).exists() else {}
    new = read(Path(new_path))
    if command == "diff":
        changed = diff(old, new)
        print(f"Newest releases vs {old_path}: " + ("no change" if not changed else f"{len(changed)} changed"))
        print("\n".join(changed))
        return 0
    body = "".join(f"{name}=={version}\n" for name, version in sorted(new.items()))
    Path(old_path).write_text(HEADER + body, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
