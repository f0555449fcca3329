# Sourced by bench.sh and load.sh: the production-like site on a throwaway PostgreSQL.
# prepare_site: cluster, production settings, demo + DOCUMENTS documents + PAGES pages.
# start_server / stop_server: gunicorn with 2 workers on 127.0.0.1:$PORT.
source scripts/pg-cluster.sh

server=""
cleanup() {
  stop_server
  stop_cluster
  [ -n "${VAR_DIR:-}" ] && rm -rf "$VAR_DIR"
}

prepare_site() {
  start_cluster || { echo "Ce banc d’essai demande PostgreSQL." >&2; exit 1; }
  export VAR_DIR
  VAR_DIR=$(mktemp -d /tmp/deu-bench.XXXXXX)
  trap cleanup EXIT
  export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres"
  export DJANGO_SETTINGS_MODULE=config.settings.production
  export SECRET_KEY
  SECRET_KEY=$(.venv/bin/python -c "import secrets; print(secrets.token_urlsafe(50))")
  export ALLOWED_HOSTS=127.0.0.1 SECURE_SSL_REDIRECT=false SECURE_COOKIES=false
  export SECURE_HSTS_SECONDS=0 STATIC_ROOT="$VAR_DIR/static"
  PORT=${BENCH_PORT:-$((20000 + RANDOM % 10000))}
  echo "Préparation : démo, ${DOCUMENTS:-10000} documents, ${PAGES:-500} pages…"
  .venv/bin/python manage.py migrate --noinput -v0
  .venv/bin/python manage.py setup_roles >/dev/null
  .venv/bin/python manage.py load_demo --force >/dev/null
  .venv/bin/python manage.py generate_documents --force "${DOCUMENTS:-10000}" >/dev/null
  .venv/bin/python manage.py generate_pages --force "${PAGES:-500}" >/dev/null
  .venv/bin/python manage.py collectstatic --noinput -v0
  # Statistics and visibility maps now, not by autovacuum during the first measured
  # addresses (its CPU would be counted as theirs).
  .venv/bin/python manage.py shell -v0 -c "
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute('VACUUM ANALYZE')
"
}

start_server() {
  .venv/bin/gunicorn config.wsgi:application --bind "127.0.0.1:$PORT" --workers 2 \
    --timeout 30 --log-level warning &
  server=$!
  for _ in $(seq 50); do
    .venv/bin/python -c "import urllib.request, sys; urllib.request.urlopen(sys.argv[1])" \
      "http://127.0.0.1:$PORT/robots.txt" 2>/dev/null && return 0
    sleep 0.2
  done
  echo "gunicorn ne répond pas." >&2
  exit 1
}

stop_server() {
  if [ -n "$server" ]; then
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
    server=""
  fi
}
