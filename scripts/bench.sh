#!/usr/bin/env bash
# make bench: the production-like server (gunicorn, production settings, a throwaway
# PostgreSQL) with the demo plus 10,000 documents and 500 pages, loaded by wrk from another
# process; prints requests per second, p50/p95/p99, errors, the server's CPU milliseconds per
# request and each page's throughput against a static file's, with the anonymous page cache
# on, then off. Usage: scripts/bench.sh [seconds per URL, default 10]
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "Ce banc d’essai demande wrk (apt-get install wrk)." >&2; exit 1; }
source scripts/pg-cluster.sh
start_cluster || { echo "Ce banc d’essai demande PostgreSQL." >&2; exit 1; }
export VAR_DIR
VAR_DIR=$(mktemp -d /tmp/deu-bench.XXXXXX)
server=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null || true
  stop_cluster
  rm -rf "$VAR_DIR"
}
trap cleanup EXIT

export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres"
export DJANGO_SETTINGS_MODULE=config.settings.production
export SECRET_KEY
SECRET_KEY=$(.venv/bin/python -c "import secrets; print(secrets.token_urlsafe(50))")
export ALLOWED_HOSTS=127.0.0.1 SECURE_SSL_REDIRECT=false SECURE_COOKIES=false SECURE_HSTS_SECONDS=0
export STATIC_ROOT="$VAR_DIR/static"
PORT=${BENCH_PORT:-$((20000 + RANDOM % 10000))}
DURATION=${1:-10}

echo "Préparation : démo, ${DOCUMENTS:-10000} documents, ${PAGES:-500} pages…"
.venv/bin/python manage.py migrate --noinput -v0
.venv/bin/python manage.py setup_roles >/dev/null
.venv/bin/python manage.py load_demo --force >/dev/null
.venv/bin/python manage.py generate_documents --force "${DOCUMENTS:-10000}" >/dev/null
.venv/bin/python manage.py generate_pages --force "${PAGES:-500}" >/dev/null
.venv/bin/python manage.py collectstatic --noinput -v0
urls=$(.venv/bin/python manage.py shell -v 0 -c "
from django.templatetags.static import static
from documents.collections import public_collection
from documents.models import Resource
document = Resource.objects.filter(collection=public_collection()).order_by('pk').first()
print('accueil /')
print('séance /sessions/seance-1/')
print('territoire /territoires/grenoble/')
print('bibliothèque,_facette_et_recherche /ressources/?q=emploi&type=document_reference')
print('recherche_du_site /recherche/?q=commerce')
print('téléchargement', document.url)
print('fichier_statique', static('css/site.css'))
")

for mode in cache sans-cache; do
  if [ "$mode" = cache ]; then export PAGE_CACHE_SECONDS=600; else export PAGE_CACHE_SECONDS=0; fi
  .venv/bin/gunicorn config.wsgi:application --bind "127.0.0.1:$PORT" --workers 2 \
    --log-level warning &
  server=$!
  for _ in $(seq 50); do
    .venv/bin/python -c "import urllib.request, sys; urllib.request.urlopen(sys.argv[1])" \
      "http://127.0.0.1:$PORT/robots.txt" 2>/dev/null && break
    sleep 0.2
  done
  echo
  echo "== Cache des pages anonymes : $mode (2 workers gunicorn, wrk : 2 fils, 4 connexions, ${DURATION} s par adresse) =="
  .venv/bin/python scripts/bench.py "http://127.0.0.1:$PORT" "$server" \
    "$PG_CLUSTER/data/postmaster.pid" "$DURATION" <<<"$urls"
  kill "$server"
  wait "$server" 2>/dev/null || true
  server=""
done
