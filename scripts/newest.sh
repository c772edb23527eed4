#!/usr/bin/env bash
# Is a new release of a dependency about to break us? Install the newest release of every dependency
# (runtime and test extras, ignoring constraints.txt) into a throwaway venv, say which versions changed
# since constraints.txt, then run the whole suite there: ruff, mypy, pytest.
#   bash scripts/newest.sh            check only
#   bash scripts/newest.sh --write    also write the versions to constraints.txt when the suite passes
# Extra arguments after the flags go to pytest. The Debian packages scripts/test.sh installs must be there.
set -euo pipefail
cd "$(dirname "$0")/.."
write=no
if [ "${1:-}" = "--write" ]; then write=yes; shift; fi

venv="$(mktemp -d)/venv"
trap 'rm -rf "$(dirname "$venv")"' EXIT
python3 -m venv "$venv"
export PIP_ROOT_USER_ACTION=ignore PIP_DISABLE_PIP_VERSION_CHECK=1
"$venv/bin/python" -m pip install -q --upgrade pip setuptools wheel
"$venv/bin/python" -m pip install -q --upgrade --no-cache-dir ".[test]"
"$venv/bin/python" -m pip uninstall -q -y kiosk
newest="$(dirname "$venv")/newest.txt"
"$venv/bin/python" -m pip freeze --all --exclude-editable | grep -v -i -E '^(pip|kiosk)==' | sort -f >"$newest"
"$venv/bin/python" scripts/constraints.py diff constraints.txt "$newest"

"$venv/bin/python" -m pip install -q --no-deps -e .
status=0
(
  export PATH="$venv/bin:$PATH"
  python -m ruff check . && python -m ruff format --check . && python -m mypy kiosk && python -m pytest "$@"
) || status=$?
if [ "$status" -ne 0 ]; then
  echo "newest.sh: the suite FAILED with the newest releases above; constraints.txt is unchanged." >&2
  exit "$status"
fi
echo "newest.sh: the suite passes with the newest releases."
if [ "$write" = yes ]; then
  "$venv/bin/python" scripts/constraints.py write constraints.txt "$newest"
  echo "newest.sh: constraints.txt now holds them; commit it."
fi
