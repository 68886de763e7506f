#!/usr/bin/env bash
# Makes sure schemathesis (from PyPI, the version in requirements.txt beside this script) is
# installed in a virtual environment in the Wegwijs cache, and prints the path of its
# `schemathesis` executable on the last line. Installs only when the cached one is missing or
# another version; says what it does on stderr. Needs python3 with venv and pip (Debian:
# python3-venv, which .ci/run installs).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cache_dir="${WEGWIJS_CACHE_DIR:-$HOME/.cache/wegwijs}"
venv="$cache_dir/schemathesis-venv"
requirements="$here/requirements.txt"
wanted="$(grep -E '^schemathesis==' "$requirements")"

if [ -x "$venv/bin/schemathesis" ] && "$venv/bin/python" -m pip freeze 2>/dev/null | grep -qx "$wanted"; then
  echo "$venv/bin/schemathesis"
  exit 0
fi

if ! python3 -c 'import venv, ensurepip' 2>/dev/null; then
  echo "[schemathesis] python3 cannot make a virtual environment: install python3-venv (Debian) and try again" >&2
  exit 1
fi
echo "[schemathesis] installing $wanted into $venv" >&2
rm -rf "$venv"
mkdir -p "$cache_dir"
python3 -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements" >&2
echo "$venv/bin/schemathesis"
