"""Mutation testing of the core modules with mutmut: does a small wrong change to the code fail a test?

Slow (minutes per module on two cores), so it runs by hand, not in CI. It needs the `mutation`
extra (`pip install mutmut`). From the repository root:

    python scripts/mutation.py                      # every core module
    python scripts/mutation.py search urls          # some of them
    python scripts/mutation.py hours --sample 60    # at most 60 mutants of each module, at random
    python scripts/mutation.py search --survivors   # and the diff of every surviving mutant
    python scripts/mutation.py urls --whole-suite   # survivors re-run against every non-browser test
    python scripts/mutation.py staff.edits          # a module in a package: dotted, as Python names it

For each module it copies the working tree (committed or not) to `.mutation/<module>/`, points
mutmut at that module and runs the module's own tests (TESTS below) against each mutant. (The
whole suite would do, but every test builds the search index and the building, so a surviving
mutant there costs minutes on two cores.) mutmut runs only the tests it saw call the mutated
function, which misses two things: a module- or session-scoped fixture is built during the first
test that uses it only, and module-level code (urls.CARRIED_PARAMS, built by calling a function)
runs at import, before a mutant is switched on. So each survivor is then run once more against
all of the module's tests (or, with --whole-suite, every non-browser test) with the mutant on
from the start; one that fails a test there counts as killed.

It prints, per module, the mutants killed (a test failed or timed out), survived (every test
passed) and untested (no test runs the function), and the score: killed / (killed + survived +
untested); "(rerun)" counts the killed that only the second run caught. Exit status 0 whatever
the score: this is a measurement.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import time
import tomllib
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORKDIR = ROOT / ".mutation"

# The modules whose mistakes a visitor or a member of staff would see.
CORE = [
    "model.hours",
    "search.index",
    "web.urls",
    "web.qr",
    "load.reading",
    "load.explaining",
    "load.loader",
    "load.checks",
    "ways.directions",
    "ways.routing",
    "model.calendar",
    "timetable.schedule",
    "timetable.status",
    "staff.edits",
    "staff.yamledit",
    "staff.history",
    "staff.accounts",
    "staff.analytics",
    "staff.lockout_store",
    "staff.meanwhile",
    "staff.beacon",
]
# The tests that pin each module down: its own file, and the pages that show what it computes.
# One file's bytes to a building is read, explained and loaded by three modules the same tests pin down.
LOAD_TESTS = [
    "tests/load/test_loader.py",
    "tests/load/test_messages.py",
    "tests/model/test_hours_lint.py",
    "tests/load/test_store.py",
    "tests/load/test_hints.py",
    "tests/load/test_reading.py",
    "tests/load/test_explaining.py",
    "tests/load/test_reading_either_parser.py",
]
TESTS = {
    "model.hours": ["tests/model/test_hours.py"],
    "search.index": ["tests/search/test_index.py"],
    "web.urls": [
        "tests/web/views/test_pages.py",
        "tests/web/test_chrome.py",
        "tests/web/test_qr.py",
        "tests/web/test_second_building.py",
    ],
    "web.qr": ["tests/web/test_qr.py", "tests/test_cli.py"],
    "load.loader": LOAD_TESTS,
    "load.reading": LOAD_TESTS,
    "load.explaining": LOAD_TESTS,
    "load.checks": [
        "tests/load/test_loader.py",
        "tests/ways/test_plans.py",
        "tests/ways/test_routing.py",
        "tests/web/test_second_building.py",
        "tests/load/test_checks.py",
    ],
    "ways.directions": [
        "tests/ways/test_directions.py",
        "tests/ways/test_routing.py",
        "tests/ways/test_plan_routes.py",
    ],
    "ways.routing": [
        "tests/ways/test_routing.py",
        "tests/ways/test_directions.py",
        "tests/ways/test_plan_routes.py",
        "tests/ways/test_starts.py",
    ],
    "model.calendar": ["tests/model/test_calendar_days.py", "tests/model/test_calendar.py"],
    "timetable.schedule": ["tests/timetable/test_schedule.py", "tests/model/test_calendar.py"],
    "timetable.status": ["tests/timetable/test_status.py", "tests/model/test_calendar.py"],
    "staff.edits": ["tests/staff/test_edits.py", "tests/staff/test_forms.py", "tests/staff/test_edit_results.py"],
    "staff.yamledit": [
        "tests/staff/test_edits.py",
        "tests/staff/test_yamledit.py",
    ],
    "staff.history": ["tests/staff/test_history.py"],
    "staff.accounts": ["tests/staff/test_accounts.py", "tests/staff/test_lockout_store.py"],
    "staff.analytics": ["tests/staff/test_analytics.py", "tests/staff/test_counting.py"],
    "staff.lockout_store": ["tests/staff/test_lockout_store.py", "tests/staff/test_accounts.py"],
    "staff.meanwhile": ["tests/staff/test_meanwhile.py"],
    "staff.beacon": ["tests/staff/test_beacon.py"],
}

# Statuses of `mutmut results --all true`, grouped by what they say about the tests.
RERUN_KILLED = "killed on a rerun"
KILLED = {"killed", "timeout", "caught by type check", "segfault", RERUN_KILLED}
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


def source_of(module: str) -> str:
    """`staff.edits` → `kiosk/staff/edits.py`."""
    return f"kiosk/{module.replace('.', '/')}.py"


def configure(target: Path, module: str) -> None:
    """Add a [tool.mutmut] table for `module` and its tests to the copy's pyproject.toml."""
    pyproject = target / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    tomllib.loads(text)  # fail early on a broken file rather than inside mutmut
    top_level = sorted({p.name for p in target.iterdir()} - {"kiosk", "mutants", "tests", "pyproject.toml"})

    def toml_list(items: list[str]) -> str:
        return "[" + ", ".join(f'"{item}"' for item in items) + "]"

    text += f"""
[tool.mutmut]
source_paths = ["kiosk"]
only_mutate = ["{source_of(module)}"]
also_copy = {toml_list(top_level)}
pytest_add_cli_args = {toml_list(PYTEST_ARGS)}
pytest_add_cli_args_test_selection = {toml_list(TESTS.get(module, ["tests"]))}
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
    """`kiosk.search.index.x_normalize__mutmut_3` → `search`; `kiosk.staff.edits.x_f__mutmut_1` → `staff.edits`."""
    return mutant.removeprefix("kiosk.").rpartition(".")[0]


def sample(names: list[str], size: int, seed: int) -> list[str]:
    """At most `size` of the mutants, chosen at random (the same ones for the same seed)."""
    names = sorted(names)
    return names if len(names) <= size else sorted(random.Random(seed).sample(names, size))


# A mutant can make a loop endless (a negative stairs cost once sent the route search round for good):
# a re-run that takes this long is a kill, as mutmut counts its own timeouts.
RERUN_TIMEOUT_S = 600


def killed_when_rerun(target: Path, mutant: str, tests: list[str]) -> bool:
    """Whether some of `tests` fails (or hangs) with `mutant` on from the start (mutmut's trampolines read it)."""
    try:
        done = subprocess.run(
            [sys.executable, "-m", "pytest", *PYTEST_ARGS, *tests],
            cwd=target / "mutants",
            env={**os.environ, "MUTANT_UNDER_TEST": mutant},
            capture_output=True,
            check=False,
            timeout=RERUN_TIMEOUT_S,
        )
    except subprocess.TimeoutExpired:
        return True
    return done.returncode != 0


def confirm(target: Path, statuses: dict[str, str], tests: list[str], jobs: int) -> None:
    """Re-run each survivor against all of `tests`; mark those some test kills."""
    survivors = [name for name, state in statuses.items() if state in SURVIVED | UNTESTED]
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        verdicts = pool.map(lambda name: killed_when_rerun(target, name, tests), survivors)
        for name, killed in zip(survivors, verdicts, strict=True):
            if killed:
                statuses[name] = RERUN_KILLED


def run_module(module: str, options: argparse.Namespace) -> dict[str, str]:
    """Mutate one module, test every (or every sampled) mutant, and return each one's status."""
    target = WORKDIR / module
    copy_tree(target)
    configure(target, module)
    jobs = f"--max-children={options.jobs}"
    if not options.sample:
        mutmut(target, "run", jobs)
        return results(target)
    mutmut(target, "run", jobs, NOTHING, check=False)  # generates the mutants, tests none
    chosen = sample(list(results(target)), options.sample, options.seed)
    mutmut(target, "run", jobs, *chosen)
    return {name: state for name, state in results(target).items() if name in set(chosen)}


def report(statuses: dict[str, str], modules: list[str]) -> list[str]:
    """Print the score of each module; return the surviving mutants' names."""
    counts: dict[str, Counter[str]] = {module: Counter() for module in modules}
    survivors = []
    for name, state in statuses.items():
        group = "killed" if state in KILLED else "survived" if state in SURVIVED else state
        group = "untested" if state in UNTESTED else group
        counts[module_of(name)][group] += 1
        counts[module_of(name)]["rerun"] += state == RERUN_KILLED
        if group in ("survived", "untested"):
            survivors.append(name)
    print(f"{'module':<16}{'mutants':>8}{'killed':>8}{'(rerun)':>8}{'survived':>9}{'untested':>9}{'score':>8}")
    for module in modules:
        c = counts[module]
        judged = c["killed"] + c["survived"] + c["untested"]
        score = f"{100 * c['killed'] / judged:.1f}%" if judged else "-"
        print(f"{module:<16}{judged:>8}{c['killed']:>8}{c['rerun']:>8}{c['survived']:>9}{c['untested']:>9}{score:>8}")
    return sorted(survivors)


def main() -> None:
    """Mutate the chosen modules, run the tests against each mutant, print the scores."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", default=CORE, help=f"kiosk modules (default: {' '.join(CORE)})")
    parser.add_argument("--sample", type=int, default=0, help="test at most this many mutants per module")
    parser.add_argument("--seed", type=int, default=15, help="random seed of --sample")
    parser.add_argument("--jobs", type=int, default=2, help="mutants tested at once")
    parser.add_argument("--survivors", action="store_true", help="print the diff of every surviving mutant")
    parser.add_argument("--quick", action="store_true", help="take mutmut's survivors as they are (see above)")
    parser.add_argument("--whole-suite", action="store_true", help="re-run survivors against every non-browser test")
    options = parser.parse_args()
    unknown = [m for m in options.modules if not (ROOT / source_of(m)).is_file()]
    if unknown:
        parser.error(f"no such module: {', '.join(unknown)}")

    statuses: dict[str, str] = {}
    for module in options.modules:
        started = time.monotonic()
        found = run_module(module, options)
        if not found:
            raise SystemExit(f"mutmut made no mutants of {module}: is the module empty, or the copy broken?")
        if not options.quick:
            tests = ["tests"] if options.whole_suite else TESTS.get(module, ["tests"])
            confirm(WORKDIR / module, found, tests, options.jobs)
        statuses.update(found)
        print(f"{module}: {len(found)} mutants in {time.monotonic() - started:.0f} s", file=sys.stderr)
    survivors = report(statuses, options.modules)
    if survivors:
        print("\nsurvivors (see one with: cd .mutation/MODULE && python -m mutmut show NAME):")
        for name in survivors:
            print(f"  {name}: {statuses[name]}")
            if options.survivors:
                diff = mutmut(WORKDIR / module_of(name), "show", name, check=False)
                print(re.sub(r"(?m)^", "      ", diff.strip()))


if __name__ == "__main__":
    main()
