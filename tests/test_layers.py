"""The layer contract: each folder of kiosk/ has a layer, nothing imports upward, and no import circles.

An import-linter-style check written as a test (no extra tool): every `import` in kiosk/,
including late imports inside functions, is read with `ast` and mapped to its folder's layer;
the same imports, module by module, must form no cycle anywhere, inside a layer too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.helpers.buildings import ROOT

PACKAGE = ROOT / "kiosk"
# Lowest first, one folder (or top-level module) per entry. A module may import from its own layer or below.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("kiosk.model",),  # plain data: the building, its vocabulary, hours, calendar, UI strings
    ("kiosk.ways", "kiosk.search", "kiosk.timetable"),  # what is computed from a building
    ("kiosk.load", "kiosk.doctor", "kiosk.speech"),  # from bytes to a Site, checking an install, spoken clips
    ("kiosk.interchange",),  # other formats in and out: `kiosk init`, `import`, `export` (IMDF, GeoJSON, DXF)
    ("kiosk.web",),  # pages for visitors: context, view models, render, blueprints, the page cache
    ("kiosk.staff", "kiosk.reports", "kiosk.offline"),  # built on the web layer: console, reports, offline copy
    ("kiosk.publish",),  # static site, boards and posters, made from the pages
    ("kiosk", "kiosk.cli", "kiosk.__main__", "kiosk.district"),  # the app factory, the command line, a district's apps
)


def layer_of(module: str) -> int:
    """The layer index of a kiosk module (the longest matching prefix wins)."""
    best = (-1, -1)
    for index, names in enumerate(LAYERS):
        for name in names:
            if (module == name or module.startswith(name + ".")) and len(name) > best[0]:
                best = (len(name), index)
    assert best[1] >= 0, f"{module} is in no layer: add it to LAYERS"
    return best[1]


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(source: str, module: str) -> set[str]:
    """Every kiosk module `source` imports, late imports included."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            base = node.module
            found.add(base)
            # `from kiosk.model import hours` imports the module kiosk.model.hours, not just the package.
            found |= {
                f"{base}.{alias.name}"
                for alias in node.names
                if (PACKAGE.parent / base.replace(".", "/") / f"{alias.name}.py").exists()
            }
    return {name for name in found if name == "kiosk" or name.startswith("kiosk.")} - {module}


def violations(sources: dict[str, str]) -> list[str]:
    """`a imports b` lines for every import of a higher layer."""
    found = []
    for module, source in sources.items():
        for imported in sorted(imports_of(source, module)):
            if imported == "kiosk" and module.startswith("kiosk"):
                continue  # the package itself (create_app) is only imported by the CLI
            if layer_of(imported) > layer_of(module):
                found.append(f"{module} imports {imported}")
    return found


def package_sources() -> dict[str, str]:
    return {module_name(p): p.read_text(encoding="utf-8") for p in PACKAGE.rglob("*.py")}


def test_no_module_imports_a_higher_layer() -> None:
    assert violations(package_sources()) == []


def test_the_model_imports_nothing_from_services() -> None:
    imported = imports_of((PACKAGE / "model" / "building.py").read_text(encoding="utf-8"), "kiosk.model.building")
    assert imported <= {
        "kiosk",
        "kiosk.model",
        "kiosk.model.hours",
        "kiosk.model.vocabulary",
        "kiosk.model.public_url",
        "kiosk.model.recurrence",
    }


@pytest.mark.parametrize(
    "line",
    [
        "from kiosk.ways.routing import build_network",
        "    from kiosk.search.index import build_index  # late",
        "import kiosk.load.site",
    ],
)
def test_the_contract_catches_the_model_importing_a_service(line: str) -> None:
    sources = package_sources()
    body = line.strip() if not line.startswith(" ") else f"def late():\n{line}\n"
    sources["kiosk.model.building"] += "\n" + body + "\n"
    assert any(v.startswith("kiosk.model.building imports kiosk.") for v in violations(sources))


def import_graph(sources: dict[str, str]) -> dict[str, set[str]]:
    """Which kiosk modules each module imports (late imports included)."""
    return {module: imports_of(source, module) & sources.keys() for module, source in sources.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The import circles: strongly connected groups of two or more modules (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for imported in sorted(graph[module]):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            group = []
            while not group or group[-1] != module:
                group.append(stack.pop())
            if len(group) > 1:
                found.append(sorted(group))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return found


def test_no_import_circles_anywhere() -> None:
    assert cycles(import_graph(package_sources())) == []


def test_the_circle_check_sees_a_circle_inside_one_folder() -> None:
    sources = package_sources()
    sources["kiosk.web.context"] += "\ndef late():\n    from kiosk.web.render import render\n"
    found = cycles(import_graph(sources))
    assert any({"kiosk.web.context", "kiosk.web.render"} <= set(group) for group in found), found


def test_every_module_is_in_a_layer() -> None:
    for module in package_sources():
        layer_of(module)
