#!/usr/bin/env bash
# Serve the demo site production-like: gunicorn, DEBUG off, static files by whitenoise.
# Uses DATABASE_URL when set, SQLite under var/ otherwise. Safe to run again: the demo
# command creates only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

mkdir -p var
if [ -z "${SECRET_KEY:-}" ]; then
  if [ ! -s var/secret_key ]; then
    (umask 077 && .venv/bin/python -c "import secrets; print(secrets.token_urlsafe(50))" > var/secret_key)
  fi
  SECRET_KEY=$(cat var/secret_key)
  export SECRET_KEY
fi

HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}
# The address visitors reach: HOST, or localhost when listening on every interface
# (HOST=0.0.0.0), or SITE_HOST; WAGTAILADMIN_BASE_URL, when given, is the public address.
SITE_HOST=${SITE_HOST:-$HOST}
[ "$SITE_HOST" = "0.0.0.0" ] && SITE_HOST=localhost
export DJANGO_SETTINGS_MODULE=config.settings.production
export ALLOWED_HOSTS=${ALLOWED_HOSTS:-127.0.0.1,localhost,$HOST}
export WAGTAILADMIN_BASE_URL=${WAGTAILADMIN_BASE_URL:-http://$SITE_HOST:$PORT}
# Plain HTTP on this machine: no HTTPS redirect, no secure-only cookies, no HSTS.
export SECURE_SSL_REDIRECT=${SECURE_SSL_REDIRECT:-false}
export SECURE_COOKIES=${SECURE_COOKIES:-false}
export SECURE_HSTS_SECONDS=${SECURE_HSTS_SECONDS:-0}

if [ -n "${DATABASE_URL:-}" ]; then
  echo "Base de données : DATABASE_URL"
else
  echo "Base de données : SQLite (var/db.sqlite3)"
fi
# What the set-up prints is kept to a line per step; the address and the demo's accounts come
# last, above the server's log.
.venv/bin/python manage.py migrate --noinput --verbosity 0
echo "Base de données à jour."
.venv/bin/python manage.py setup_roles
# make run serves the demo: it asks for the demo content explicitly (--force), which the
# production settings otherwise refuse. Its e-mails (a page submitted for review) are held,
# not sent nor printed; its report, with the accounts, is printed at the end.
demo_report=$(.venv/bin/python manage.py load_demo --force)
# Page links (sitemap, canonical and Open Graph addresses, robots.txt, calendars, e-mails) use
# the Site's address: the public one, the same as the admin's (printed below).
.venv/bin/python manage.py set_site_address --url "$WAGTAILADMIN_BASE_URL" >/dev/null
.venv/bin/python manage.py collectstatic --noinput --verbosity 0
# The capitalisation booklets (PDF), so that the first visit finds them; the scheduler makes
# them again when the content changes. A failure (Pango missing) does not stop the site.
.venv/bin/python manage.py build_booklets || echo "Livrets PDF non générés : voir ci-dessus." >&2

cat <<TXT

Le site de démonstration est servi sur $WAGTAILADMIN_BASE_URL/
Administration : $WAGTAILADMIN_BASE_URL/admin/
$demo_report
Arrêt : Ctrl+C.

TXT
# The periodic jobs (home.scheduler: scheduled publishing every minute, the daily purge of
# personal data…) run beside the site in one process, started again if it stops, and stopped
# with the site (Ctrl+C stops the whole group; the trap covers gunicorn stopping alone).
supervise_scheduler() {
  local child=""
  trap 'kill "$child" 2>/dev/null; exit 0' TERM INT
  while true; do
    .venv/bin/python manage.py run_scheduler &
    child=$!
    wait "$child" || true
    echo "Tâches périodiques interrompues : relance dans 5 s." >&2
    sleep 5 &
    wait $!
  done
}
supervise_scheduler &
scheduler=$!
trap 'kill "$scheduler" 2>/dev/null' EXIT

.venv/bin/gunicorn config.wsgi:application \
  --bind "$HOST:$PORT" \
  --workers "${WEB_CONCURRENCY:-2}" \
  --access-logfile - \
  --forwarded-allow-ips "${FORWARDED_ALLOW_IPS:-127.0.0.1}"
