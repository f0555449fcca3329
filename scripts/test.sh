#!/usr/bin/env bash
# Run the whole suite. Where PostgreSQL's server binaries are found, start a throwaway cluster,
# run on it and remove it; otherwise run on SQLite and say so. Arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/pg-cluster.sh

if [ -n "${DATABASE_URL:-}" ]; then
  echo "Tests sur la base de DATABASE_URL."
elif start_cluster; then
  trap stop_cluster EXIT
  export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres"
  echo "Tests sur PostgreSQL $PG_VERSION (grappe jetable, port $PG_PORT)."
elif [ "${CI:-}" = true ]; then
  echo "Serveur PostgreSQL introuvable : la CI doit tester sur PostgreSQL (voir .ci/run)." >&2
  exit 1
else
  echo "Serveur PostgreSQL introuvable : les tests tournent sur SQLite (la CI, elle, teste sur PostgreSQL)."
fi

export DJANGO_SETTINGS_MODULE=config.settings.test
.venv/bin/python manage.py check --fail-level WARNING
.venv/bin/python manage.py makemigrations --check --dry-run
.venv/bin/ruff check .
.venv/bin/ruff format --check .
# The locks must be what their inputs give (scripts/lock.sh; asks the package registry).
scripts/lock.sh --check
# In parallel (pytest-xdist), one process per core, each on its own test database
# (test_…_gw0, test_…_gw1) and its own demo (tests/snapshot.py); PYTEST_WORKERS=0 runs in one
# process.
workers=(-n "${PYTEST_WORKERS:-auto}")
# Each pytest run writes a JUnit report under var/rapports-de-tests/ (kept for the details);
# scripts/test_summary.py reads them all and ends the output with one line for the whole run
# (pytest's last line counts only its own selection, « 12 passed, 442 deselected »). Its exit
# code is the run's: a phase that failed, ran no test (pytest's 5) or could not run fails it.
reports=var/rapports-de-tests
rm -rf "$reports" && mkdir -p "$reports"
phases=()
start=$(date +%s)

run_phase() {  # label, report name, pytest arguments…
  local label=$1 report="$reports/$2.xml" began code=0
  shift 2
  began=$(date +%s)
  .venv/bin/python -m pytest --junitxml="$report" "$@" || code=$?
  phases+=("$label:$code:$report:$(($(date +%s) - began))")
  # Ctrl+C stops the run: no further phase, no summary.
  [ "$code" -ne 2 ] || exit 2
}

if [ $# -eq 0 ]; then
  title="Suite complète"
  run_phase "hors navigateur" hors-navigateur -m "not browser" "${workers[@]}"
  # Browser tests use transactional databases (Django's live server reads from another
  # connection) and flush them: they run apart, so no other test sees an emptied database.
  # They run even when the first phase failed, so that the summary covers the whole suite.
  if [ -x /usr/bin/chromium ]; then
    run_phase "dans le navigateur" navigateur -m browser "${workers[@]}"
  elif [ "${CI:-}" = true ]; then
    echo "Chromium introuvable : la CI doit lancer les tests dans un navigateur (voir .ci/run)." >&2
    phases+=("dans le navigateur:absent:Chromium introuvable, exigé en CI")
    missing_in_ci=1
  else
    echo "Chromium introuvable (/usr/bin/chromium) : tests dans le navigateur non lancés."
    echo "Installez-le (apt-get install chromium) pour les lancer ; la CI, elle, les lance."
    phases+=("dans le navigateur:absent:Chromium introuvable")
  fi
  # SQLite is what a first `make run` serves (no DATABASE_URL): its search is another engine
  # (FTS5, and a comparison without accents for the library), and the signed-in account is
  # read with a statement of its own (people.backends), so the search, hostile-input and
  # account tests run on it too. Only these files: the rest of the suite is the same on both.
  if [[ "${DATABASE_URL:-}" == postgres* ]]; then
    postgres_url=$DATABASE_URL
    unset DATABASE_URL
    run_phase "recherche, saisies hostiles et comptes sur SQLite" sqlite -m "not browser" "${workers[@]}" \
      tests/test_search.py tests/test_hostile_input.py tests/test_privacy_accounts.py
    export DATABASE_URL=$postgres_url
  fi
else
  title="Sélection"
  run_phase "sélection" selection "$@"
fi
code=0
.venv/bin/python scripts/test_summary.py "$title" "$(($(date +%s) - start))" "${phases[@]}" ||
  code=$?
exit $((code || ${missing_in_ci:-0}))
