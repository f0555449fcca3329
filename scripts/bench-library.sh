#!/usr/bin/env bash
# Library and search timings on a throwaway PostgreSQL cluster, with production settings.
# Usage: scripts/bench-library.sh [number of documents, default 10000]
#   (make bench-library DOCUMENTS=1000|10000|100000; REPEAT, ROUNDS: requests per case and
#   rounds, default 30 and 3)
# The whole-page cache is off (PAGE_CACHE_SECONDS=0: every request is computed); the values
# shared per audience are kept as production keeps them (FRAGMENT_CACHE_SECONDS, 600 s unless
# set), and printed with the figures.
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-10000}
source scripts/pg-cluster.sh
start_cluster || { echo "Ce banc d’essai demande PostgreSQL." >&2; exit 1; }
export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres"
export DJANGO_SETTINGS_MODULE=config.settings.production
export SECRET_KEY
SECRET_KEY=$(.venv/bin/python -c "import secrets; print(secrets.token_urlsafe(50))")
export ALLOWED_HOSTS=localhost SECURE_SSL_REDIRECT=false SECURE_COOKIES=false SECURE_HSTS_SECONDS=0
export PAGE_CACHE_SECONDS=0
export VAR_DIR
VAR_DIR=$(mktemp -d /tmp/deu-bench.XXXXXX)
trap 'stop_cluster; rm -rf "$VAR_DIR"' EXIT
export STATIC_ROOT="$VAR_DIR/static"
changed=$(git diff --quiet HEAD || echo " (modifiée)")
echo "Version : $(git rev-parse --short HEAD)$changed ; PostgreSQL $PG_VERSION ; $(nproc) cœurs"
.venv/bin/python manage.py collectstatic --noinput -v0
.venv/bin/python manage.py migrate --noinput -v0
.venv/bin/python manage.py load_demo --force >/dev/null
start=$(date +%s)
.venv/bin/python manage.py generate_documents --force "$count"
# Statistics and visibility maps now, not by autovacuum during the measures.
.venv/bin/python manage.py shell -v0 -c "
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute('VACUUM ANALYZE')
"
echo "Génération et VACUUM ANALYZE : $(($(date +%s) - start)) s"
.venv/bin/python manage.py bench_search --force --repeat "${REPEAT:-30}" --rounds "${ROUNDS:-3}"
