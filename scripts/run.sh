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
export DJANGO_SETTINGS_MODULE=config.settings.production
export ALLOWED_HOSTS=${ALLOWED_HOSTS:-127.0.0.1,localhost,$HOST}
export WAGTAILADMIN_BASE_URL=${WAGTAILADMIN_BASE_URL:-http://$HOST:$PORT}
# Plain HTTP on this machine: no HTTPS redirect, no secure-only cookies, no HSTS.
export SECURE_SSL_REDIRECT=${SECURE_SSL_REDIRECT:-false}
export SECURE_COOKIES=${SECURE_COOKIES:-false}
export SECURE_HSTS_SECONDS=${SECURE_HSTS_SECONDS:-0}

if [ -n "${DATABASE_URL:-}" ]; then
  echo "Base de données : DATABASE_URL"
else
  echo "Base de données : SQLite (var/db.sqlite3)"
fi
.venv/bin/python manage.py migrate --noinput
.venv/bin/python manage.py setup_roles
# make run serves the demo: it asks for the demo content explicitly (--force), which the
# production settings otherwise refuse.
.venv/bin/python manage.py load_demo --force
.venv/bin/python manage.py collectstatic --noinput --verbosity 0
# Login records past ACCESS_LOG_RETENTION_DAYS and expired sessions (daily in production).
.venv/bin/python manage.py purge_personal_data

cat <<TXT

Le site de démonstration est servi sur http://$HOST:$PORT/
Administration : http://$HOST:$PORT/admin/
Mot de passe des comptes de démonstration : celui de DEMO_PASSWORD (par défaut formation-deu-2014).
Arrêt : Ctrl+C.

TXT
exec .venv/bin/gunicorn config.wsgi:application \
  --bind "$HOST:$PORT" \
  --workers "${WEB_CONCURRENCY:-2}" \
  --access-logfile - \
  --forwarded-allow-ips "${FORWARDED_ALLOW_IPS:-127.0.0.1}"
