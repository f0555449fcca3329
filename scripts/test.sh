#!/usr/bin/env bash
# Run the whole suite. Where PostgreSQL's server binaries are found, start a throwaway cluster,
# run on it and remove it; otherwise run on SQLite and say so. Arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
cluster=""

stop_cluster() {
  if [ -n "$cluster" ]; then
    $as_pg "$pg_bin/pg_ctl" -D "$cluster/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$cluster"
  fi
}

if [ -n "${DATABASE_URL:-}" ]; then
  echo "Tests sur la base de DATABASE_URL."
elif [ -n "$pg_bin" ] && [ -x "$pg_bin/initdb" ]; then
  cluster=$(mktemp -d /tmp/deu-test-pg.XXXXXX)
  as_pg=""
  if [ "$(id -u)" = 0 ]; then
    # PostgreSQL refuses to run as root: the cluster belongs to the postgres user.
    chown postgres: "$cluster"
    as_pg="runuser -u postgres --"
  fi
  trap stop_cluster EXIT
  $as_pg "$pg_bin/initdb" -D "$cluster/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$cluster/initdb.log"
  started=""
  # Ports 32768-60999 can be held by outgoing connections here: pick one below.
  for _ in 1 2 3 4 5; do
    port=$((20000 + RANDOM % 12000))
    if $as_pg "$pg_bin/pg_ctl" -D "$cluster/data" -l "$cluster/server.log" -w -t 30 \
        -o "-p $port -k $cluster -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        start >/dev/null; then
      started=yes
      break
    fi
  done
  if [ -z "$started" ]; then
    echo "Impossible de démarrer PostgreSQL :" >&2
    cat "$cluster/server.log" >&2
    exit 1
  fi
  export DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres"
  echo "Tests sur PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') (grappe jetable, port $port)."
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
.venv/bin/python -m pytest "$@"
