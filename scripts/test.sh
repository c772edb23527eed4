#!/usr/bin/env bash
# Install what the whole test suite needs on a fresh Debian/Ubuntu machine, then run it:
# Chromium and CJK fonts for the browser tests, nginx for the deploy kit's site, espeak-ng and sox
# for the spoken clips, the project
# with its test extras; then ruff (lint + format), mypy and pytest. Extra arguments go to
# pytest (e.g. -k search).
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || missing+=(fonts-noto-cjk)
# The deploy kit's nginx site is tested with a real nginx in front of waitress.
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx)
# Read aloud (issue 28): clips are rendered with espeak-ng and made smaller with sox.
command -v espeak-ng >/dev/null || missing+=(espeak-ng)
command -v sox >/dev/null || missing+=(sox)
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  echo "Installing ${missing[*]} (Debian packages) ..."
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

export PIP_ROOT_USER_ACTION=ignore PIP_DISABLE_PIP_VERSION_CHECK=1
# The versions the suite last passed with (constraints.txt), also for the build backend pip installs in
# its isolated build environment: a release of anything, setuptools included, cannot turn CI red overnight.
# `bash scripts/newest.sh` tries the newest releases.
export PIP_CONSTRAINT="$PWD/constraints.txt"
python3 -m pip install -q -e ".[test]"

python3 -m ruff check .
python3 -m ruff format --check .
python3 -m mypy kiosk
python3 -m pytest "$@"
