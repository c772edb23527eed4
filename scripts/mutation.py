"""Mutation testing of the core modules with mutmut: does a small wrong change to the code fail a test?

Slow (minutes per module on two cores), so it runs by hand, not in CI. It needs the `mutation`
extra (`pip install mutmut`). From the repository root:

    python scripts/mutation.py                      # every core module
    python scripts/mutation.py search urls          # some of them
    python scripts/mutation.py hours --sample 60    # at most 60 mutants of each module, at random
    python scripts/mutation.py search --survivors   # and the diff of every surviving mutant

It copies the working tree (committed or not) to `.mutation/`, points mutmut at the chosen
modules there and runs the non-browser tests against each mutant; mutmut runs only the tests that
execute the mutated function. It prints, per module, the mutants killed (a test failed or timed
out), survived (every test passed) and untested (no test runs the function), and the score:
killed / (killed + survived + untested). Exit status 0 whatever the score: this is a measurement.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import subprocess
import sys
import tomllib
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORKDIR = ROOT / ".mutation"

# The modules whose mistakes a visitor or a member of staff would see. directions and routing
# are being reworked (issue 9): run them by name once that lands.
CORE = ["hours", "search", "urls", "qr", "loader", "checks", "directions", "routing"]

# Statuses of `mutmut results --all true`, grouped by what they say about the tests.
KILLED = {"killed", "timeout", "caught by type check", "segfault"}
SURVIVED = {"survived", "suspicious"}
UNTESTED = {"no tests"}
PYTEST_ARGS = ["--ignore=tests/browser", "-p", "no:cacheprovider", "-q", "-x"]
# A mutant name no module has: a run filtered by it generates every mutant and stops.
NOTHING = "kiosk.__generate_only__"


def copy_tree(target: Path) -> None:
    """Copy the files git knows of (tracked, or new and not ignored) into `target`, afresh."""
    shutil.rmtree(target, ignore_errors=True)
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)


def configure(target: Path, modules: list[str]) -> None:
    """Add a [tool.mutmut] table for `modules` to the copy's pyproject.toml."""
    pyproject = target / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    tomllib.loads(text)  # fail early on a broken file rather than inside mutmut
    top_level = sorted({p.name for p in target.iterdir()} - {"kiosk", "mutants", "tests", "pyproject.toml"})

    def toml_list(items: list[str]) -> str:
        return "[" + ", ".join(f'"{item}"' for item in items) + "]"

    text += f"""
[tool.mutmut]
source_paths = ["kiosk"]
only_mutate = {toml_list([f"kiosk/{module}.py" for module in modules])}
also_copy = {toml_list(top_level)}
pytest_add_cli_args = {toml_list(PYTEST_ARGS)}
pytest_add_cli_args_test_selection = ["tests"]
use_git_change_detection = false
"""
    pyproject.write_text(text, encoding="utf-8")


def mutmut(target: Path, *args: str, check: bool = True) -> str:
    """Run one mutmut command in the copy and return what it printed."""
    done = subprocess.run(
        [sys.executable, "-m", "mutmut", *args], cwd=target, capture_output=True, text=True, check=False
    )
    if check and done.returncode != 0:
        sys.stderr.write(done.stdout[-4000:] + done.stderr[-4000:])
        raise SystemExit(f"mutmut {' '.join(args)[:80]} failed with exit status {done.returncode}")
    return done.stdout


def results(target: Path) -> dict[str, str]:
    """Every mutant's name and status."""
    found = {}
    for line in mutmut(target, "results", "--all", "true").splitlines():
        name, sep, state = line.strip().rpartition(": ")
        if sep and name.startswith("kiosk."):
            found[name] = state
    return found


def module_of(mutant: str) -> str:
    """`kiosk.search.x_normalize__mutmut_3` → `search`."""
    return mutant.split(".")[1]


def sample(names: list[str], modules: list[str], size: int, seed: int) -> list[str]:
    """At most `size` mutants of each module, chosen at random (the same ones for the same seed)."""
    by_module: dict[str, list[str]] = defaultdict(list)
    for name in sorted(names):
        by_module[module_of(name)].append(name)
    chooser = random.Random(seed)
    chosen = []
    for module in modules:
        mutants = by_module.get(module, [])
        chosen += mutants if len(mutants) <= size else chooser.sample(mutants, size)
    return chosen


def report(statuses: dict[str, str], modules: list[str]) -> list[str]:
    """Print the score of each module; return the surviving mutants' names."""
    counts: dict[str, Counter[str]] = {module: Counter() for module in modules}
    survivors = []
    for name, state in statuses.items():
        group = "killed" if state in KILLED else "survived" if state in SURVIVED else state
        group = "untested" if state in UNTESTED else group
        counts[module_of(name)][group] += 1
        if group in ("survived", "untested"):
            survivors.append(name)
    print(f"{'module':<12}{'mutants':>8}{'killed':>8}{'survived':>9}{'untested':>9}{'score':>8}")
    for module in modules:
        c = counts[module]
        judged = c["killed"] + c["survived"] + c["untested"]
        score = f"{100 * c['killed'] / judged:.1f}%" if judged else "-"
        print(f"{module:<12}{judged:>8}{c['killed']:>8}{c['survived']:>9}{c['untested']:>9}{score:>8}")
    return sorted(survivors)


def main() -> None:
    """Mutate the chosen modules, run the tests against each mutant, print the scores."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", default=CORE, help=f"kiosk modules (default: {' '.join(CORE)})")
    parser.add_argument("--sample", type=int, default=0, help="test at most this many mutants per module")
    parser.add_argument("--seed", type=int, default=15, help="random seed of --sample")
    parser.add_argument("--jobs", type=int, default=2, help="mutants tested at once")
    parser.add_argument("--survivors", action="store_true", help="print the diff of every surviving mutant")
    options = parser.parse_args()
    unknown = [m for m in options.modules if not (ROOT / "kiosk" / f"{m}.py").is_file()]
    if unknown:
        parser.error(f"no such module: {', '.join(unknown)}")

    copy_tree(WORKDIR)
    configure(WORKDIR, options.modules)
    jobs = f"--max-children={options.jobs}"
    if options.sample:
        mutmut(WORKDIR, "run", jobs, NOTHING, check=False)  # generates the mutants, tests none
        chosen = sample(list(results(WORKDIR)), options.modules, options.sample, options.seed)
        mutmut(WORKDIR, "run", jobs, *chosen)
        statuses = {name: state for name, state in results(WORKDIR).items() if name in set(chosen)}
    else:
        mutmut(WORKDIR, "run", jobs)
        statuses = results(WORKDIR)
    if not statuses:
        raise SystemExit("mutmut made no mutants: is the module empty, or the copy broken?")
    survivors = report(statuses, options.modules)
    if survivors:
        print("\nsurvivors (see one with: cd .mutation && python -m mutmut show NAME):")
        for name in survivors:
            print(f"  {name}: {statuses[name]}")
            if options.survivors:
                diff = mutmut(WORKDIR, "show", name, check=False)
                print(re.sub(r"(?m)^", "      ", diff.strip()))


if __name__ == "__main__":
    main()
