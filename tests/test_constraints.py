"""constraints.txt pins every dependency pyproject.toml names, inside the range pyproject allows."""

from __future__ import annotations

import tomllib

from packaging.requirements import Requirement

from scripts.constraints import diff, normalise, read
from tests.helpers.buildings import ROOT

PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
PINS = read(ROOT / "constraints.txt")


def requirements(*groups: str) -> list[Requirement]:
    named = list(PROJECT["dependencies"]) if "runtime" in groups else []
    for group in groups:
        named += PROJECT["optional-dependencies"].get(group, [])
    return [Requirement(text) for text in named]


def test_every_runtime_dependency_is_pinned_within_its_range() -> None:
    for requirement in requirements("runtime"):
        pinned = PINS.get(normalise(requirement.name))
        assert pinned is not None, f"{requirement.name} is in pyproject.toml but not pinned in constraints.txt"
        assert requirement.specifier.contains(pinned, prereleases=True), (
            f"constraints.txt pins {requirement.name}=={pinned}, outside pyproject's {requirement.specifier}"
        )


def test_every_test_dependency_is_pinned_within_its_range() -> None:
    for requirement in requirements("test"):
        pinned = PINS.get(normalise(requirement.name))
        assert pinned is not None, f"{requirement.name} (test extra) is not pinned in constraints.txt"
        assert requirement.specifier.contains(pinned, prereleases=True)


def test_the_build_backend_is_pinned_too() -> None:
    # pip builds the project in an isolated environment; PIP_CONSTRAINT reaches it there as well.
    backend = Requirement(tomllib.loads((ROOT / "pyproject.toml").read_text())["build-system"]["requires"][0])
    assert backend.specifier.contains(PINS[normalise(backend.name)])


def test_the_test_command_installs_with_the_constraints() -> None:
    script = (ROOT / "scripts" / "test.sh").read_text(encoding="utf-8")
    assert 'PIP_CONSTRAINT="$PWD/constraints.txt"' in script
    assert script.index("PIP_CONSTRAINT=") < script.index("python3 -m pip install")


def test_names_are_compared_as_pip_compares_them() -> None:
    assert normalise("Flask_WTF") == normalise("flask-wtf") == "flask-wtf"
    assert normalise("ruamel.yaml") == "ruamel-yaml"


def test_a_refresh_names_each_version_that_moved() -> None:
    old = {"flask": "3.1.0", "pyyaml": "6.0.3", "gone": "1.0"}
    new = {"flask": "3.1.0", "pyyaml": "6.0.4", "fresh": "2.0"}
    assert diff(old, new) == [
        "  fresh: (not pinned) -> 2.0",
        "  gone: 1.0 -> (no longer needed)",
        "  pyyaml: 6.0.3 -> 6.0.4",
    ]
