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
if [ $# -eq 0 ]; then
  start=$(date +%s)
  .venv/bin/python -m pytest -m "not browser" "${workers[@]}"
  # Browser tests use transactional databases (Django's live server reads from another
  # connection) and flush them: they run apart, so no other test sees an emptied database.
  if [ -x /usr/bin/chromium ]; then
    .venv/bin/python -m pytest -m browser "${workers[@]}"
  elif [ "${CI:-}" = true ]; then
    echo "Chromium introuvable : la CI doit lancer les tests dans un navigateur (voir .ci/run)." >&2
    exit 1
  else
    echo "Chromium introuvable (/usr/bin/chromium) : tests dans le navigateur non lancés."
    echo "Installez-le (apt-get install chromium) pour les lancer ; la CI, elle, les lance."
  fi
  # SQLite is what a first `make run` serves (no DATABASE_URL): its search is another engine
  # (FTS5, and LIKE for the library), so the search and hostile-input tests run on it too.
  # Only these files: the rest of the suite is the same on both.
  if [[ "${DATABASE_URL:-}" == postgres* ]]; then
    echo "Recherche et saisies hostiles, aussi sur SQLite (la base d’un premier lancement) :"
    env -u DATABASE_URL .venv/bin/python -m pytest -m "not browser" "${workers[@]}" -q \
      tests/test_search.py tests/test_hostile_input.py
  fi
  echo "Suite complète : $(($(date +%s) - start)) s."
else
  .venv/bin/python -m pytest "$@"
fi
