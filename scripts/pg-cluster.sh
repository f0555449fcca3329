# Sourced by the test and benchmark scripts: a throwaway PostgreSQL cluster.
# start_cluster sets PG_BIN, PG_PORT and PG_VERSION (or returns 1 without server binaries);
# stop_cluster stops it and removes its folder.

PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
PG_CLUSTER=""
PG_AS=""

start_cluster() {
  [ -n "$PG_BIN" ] && [ -x "$PG_BIN/initdb" ] || return 1
  PG_CLUSTER=$(mktemp -d /tmp/deu-pg.XXXXXX)
  if [ "$(id -u)" = 0 ]; then
    # PostgreSQL refuses to run as root: the cluster belongs to the postgres user.
    chown postgres: "$PG_CLUSTER"
    PG_AS="runuser -u postgres --"
  fi
  $PG_AS "$PG_BIN/initdb" -D "$PG_CLUSTER/data" -U postgres --auth=trust -E UTF8 \
    --locale=C.UTF-8 >"$PG_CLUSTER/initdb.log"
  # Ports 32768-60999 can be held by outgoing connections here: pick one below.
  for _ in 1 2 3 4 5; do
    PG_PORT=$((20000 + RANDOM % 12000))
    if $PG_AS "$PG_BIN/pg_ctl" -D "$PG_CLUSTER/data" -l "$PG_CLUSTER/server.log" -w -t 30 \
        -o "-p $PG_PORT -k $PG_CLUSTER -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        start >/dev/null; then
      PG_VERSION=$("$PG_BIN/postgres" --version | awk '{print $3}')
      return 0
    fi
  done
  echo "Impossible de démarrer PostgreSQL :" >&2
  cat "$PG_CLUSTER/server.log" >&2
  return 2
}

stop_cluster() {
  if [ -n "$PG_CLUSTER" ]; then
    $PG_AS "$PG_BIN/pg_ctl" -D "$PG_CLUSTER/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$PG_CLUSTER"
    PG_CLUSTER=""
  fi
}
