#!/usr/bin/env bash
# Library and search timings at 10,000 documents on a throwaway PostgreSQL cluster.
# Usage: scripts/bench-library.sh [number of documents, default 10000]
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-10000}
source scripts/pg-cluster.sh
start_cluster || { echo "Ce banc d’essai demande PostgreSQL." >&2; exit 1; }
export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres"
export DJANGO_SETTINGS_MODULE=config.settings.dev
export VAR_DIR
VAR_DIR=$(mktemp -d /tmp/deu-bench.XXXXXX)
trap 'stop_cluster; rm -rf "$VAR_DIR"' EXIT
export STATIC_ROOT="$VAR_DIR/static"
.venv/bin/python manage.py collectstatic --noinput -v0
.venv/bin/python manage.py migrate --noinput -v0
.venv/bin/python manage.py load_demo >/dev/null
.venv/bin/python manage.py generate_documents "$count"
.venv/bin/python manage.py bench_search --repeat "${REPEAT:-30}"
