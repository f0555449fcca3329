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
# make check-locks (and make test): scripts/lock.sh --check compiles both again, aside,
# and fails, with the difference, when a lock does not match its input. It asks the package
# registry which files each version has.
set -euo pipefail
cd "$(dirname "$0")/.."
# uv comes from requirements-dev.lock: the same version everywhere writes the same files.
# After moving uv's own pin, run `make lock` twice: the second run writes with the new uv.
UV=${UV:-.venv/bin/uv}

# compile INPUT LOCK OUT [uv options]: resolves INPUT into OUT, preferring the versions that
# LOCK pins but not its hashes, which are read again from the index: a hash edited by hand
# cannot survive a `make lock`, and the check sees it.
compile() {
  local input=$1 lock=$2 out=$3
  shift 3
  if [ -f "$lock" ]; then
    sed -e '/^ *--hash=/d' -e 's/ \\$//' "$lock" >"$out"
  fi
  "$UV" pip compile --quiet --no-config --universal --python-version 3.11 --generate-hashes \
    --custom-compile-command "make lock" "$input" -o "$out" "$@"
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if [ "${1:-}" != --check ]; then
  # The runtime first: requirements-dev.in is constrained by requirements.lock.
  for lock in requirements.lock requirements-dev.lock; do
    compile "${lock%.lock}.in" "$lock" "$tmp/$lock" "$@"
    cp "$tmp/$lock" "$lock"
  done
  exit 0
fi

status=0
for lock in requirements.lock requirements-dev.lock; do
  input=${lock%.lock}.in
  if ! compile "$input" "$lock" "$tmp/$lock"; then
    echo "$lock : $input ne se résout pas (voir ci-dessus) ; corrigez les entrées, puis make lock." >&2
    status=1
  elif ! diff -u "$lock" "$tmp/$lock" >"$tmp/diff"; then
    echo "$lock ne correspond pas à $input : lancez make lock et validez le résultat." >&2
    cat "$tmp/diff" >&2
    status=1
  fi
done
if [ $status -eq 0 ]; then
  echo "Verrous conformes à leurs entrées : requirements.lock, requirements-dev.lock."
fi
exit $status
