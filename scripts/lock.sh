#!/usr/bin/env bash
# make lock: pins requirements.in (what the site needs) into requirements.lock, then
# requirements-dev.in (tests and tooling, with the runtime at requirements.lock's versions)
# into requirements-dev.lock, with uv pip compile. Each package gets the SHA-256 of every file
# published for its version, so `pip install --require-hashes` refuses any other file.
# One resolution for every platform and every Python from 3.11.0 (--universal): where a
# package differs, a marker says where each line applies (pip skips the others). CI installs
# and tests the lines that apply to Linux x86_64, CPython 3.11.
# The pins in place are kept unless an input asks otherwise; to move a package that no .in
# file pins: make lock LOCK_ARGS="--upgrade-package NAME".
#
# make check-locks (and make test): scripts/lock.sh --check compiles into copies of the locks
# and fails, with the difference, when one does not match its input. It asks the package
# registry which files each version has.
set -euo pipefail
cd "$(dirname "$0")/.."
# uv comes from requirements-dev.lock: the same version everywhere writes the same files.
UV=${UV:-.venv/bin/uv}

compile() {
  "$UV" pip compile --quiet --no-config --universal --python-version 3.11 --generate-hashes \
    --custom-compile-command "make lock" "$@"
}

if [ "${1:-}" != --check ]; then
  compile requirements.in -o requirements.lock "$@"
  compile requirements-dev.in -o requirements-dev.lock "$@"
  exit 0
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
for lock in requirements.lock requirements-dev.lock; do
  input=${lock%.lock}.in
  cp "$lock" "$tmp/$lock"
  compile "$input" -o "$tmp/$lock"
  if ! diff -u "$lock" "$tmp/$lock" >"$tmp/diff"; then
    echo "$lock ne correspond pas à $input : lancez make lock et validez le résultat." >&2
    cat "$tmp/diff" >&2
    status=1
  fi
done
if [ $status -eq 0 ]; then
  echo "Verrous conformes à leurs entrées : requirements.lock, requirements-dev.lock."
fi
exit $status
