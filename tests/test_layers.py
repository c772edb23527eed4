"""The layer contract: cli → app and views → services → model, and nothing imports upward.

An import-linter-style check written as a test (no extra tool): every `import` in kiosk/,
including late imports inside functions, is read with `ast` and mapped to its layer.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "kiosk"
# Lowest first. A module may import from its own layer or any layer below it.
LAYERS: tuple[tuple[str, ...], ...] = (
    # plain data and arithmetic; China's calendar sits here because hours are read with it
    (
        "kiosk.vocabulary",
        "kiosk.geometry",
        "kiosk.shapes",
        "kiosk.labels",
        "kiosk.calendar",
        "kiosk.hours",
        "kiosk.public_url",
    ),
    ("kiosk.recurrence",),  # how often an event may repeat: read by the model and the feeds
    ("kiosk.building",),  # the model: pure data
    (
        "kiosk.i18n",
        "kiosk.routing",
        "kiosk.starts",  # entrances and floors as where a route starts (issue 9)
        "kiosk.search",
        "kiosk.directions",
        "kiosk.plans",
        "kiosk.qr",
        "kiosk.checks",
        "kiosk.loader",
        "kiosk.site",
        "kiosk.store",
        "kiosk.urls",
        "kiosk.backgrounds",
        "kiosk.hosts",
        "kiosk.serving",
        "kiosk.searchbuild",
        "kiosk.offline",
        "kiosk.pagecache",
        "kiosk.preview",
        "kiosk.doctor",
        "kiosk.schedule",
        "kiosk.status",
        "kiosk.hours_lint",
        "kiosk.events",
        "kiosk.feeds",
        "kiosk.scans",
        "kiosk.reports",  # visitors' reports: the store, the token and the limits
        "kiosk.staff",  # the console's services: accounts, access, audit, yamledit, edits, history
        "kiosk.layout",  # issue 13: the building as a cross-section, for the layout page and the boards
        "kiosk.route_mode",  # lifts only or the shortest, and what a QR code carries of it
    ),  # services
    (
        "kiosk.views",
        "kiosk.staff.views",
        "kiosk.staff.beacon",
        "kiosk.staff.report_views",
        "kiosk.reports.views",
        "kiosk.build",
        "kiosk.printing",
        "kiosk.fastpath",
        "kiosk",
    ),  # the app: views, the factory, the static export, the fast path for kept pages
    ("kiosk.cli", "kiosk.__main__"),  # the command line
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
            # `from kiosk import hours` imports the module kiosk.hours, not just the package.
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
    imported = imports_of((PACKAGE / "building.py").read_text(encoding="utf-8"), "kiosk.building")
    assert imported <= {"kiosk", "kiosk.hours", "kiosk.vocabulary", "kiosk.public_url", "kiosk.recurrence"}


@pytest.mark.parametrize(
    "line",
    [
        "from kiosk.routing import build_network",
        "    from kiosk.search import build_index  # late",
        "import kiosk.i18n",
    ],
)
def test_the_contract_catches_the_model_importing_a_service(line: str) -> None:
    sources = package_sources()
    body = line.strip() if not line.startswith(" ") else f"def late():\n{line}\n"
    sources["kiosk.building"] += "\n" + body + "\n"
    assert any(v.startswith("kiosk.building imports kiosk.") for v in violations(sources))


def test_every_module_is_in_a_layer() -> None:
    for module in package_sources():
        layer_of(module)
