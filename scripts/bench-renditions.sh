#!/usr/bin/env bash
# CPU per request of a public image rendition (scripts/bench_renditions.py) on a throwaway
# PostgreSQL database. Usage: scripts/bench-renditions.sh [checkout folder, default .]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
tree=${1:-$here}
source "$here/scripts/pg-cluster.sh"
start_cluster || { echo "Ce banc d’essai demande PostgreSQL." >&2; exit 1; }
trap stop_cluster EXIT
export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres"
cd "$tree"
"$here/.venv/bin/python" "$here/scripts/bench_renditions.py"
