#!/usr/bin/env bash
# make bench: the production-like server (gunicorn, production settings, a throwaway
# PostgreSQL) with the demo plus 10,000 documents and 500 pages, loaded by wrk from another
# process; prints requests per second, p50/p95/p99, errors, the server's CPU milliseconds per
# request and each page's throughput against a static file's, with the anonymous page cache
# on, then off, then for a logged-in participant (beside the anonymous uncached figures). Usage: scripts/bench.sh [seconds per URL, default 10]
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "Ce banc d’essai demande wrk (apt-get install wrk)." >&2; exit 1; }
source scripts/bench-server.sh
DURATION=${1:-10}
prepare_site
urls=$(.venv/bin/python manage.py shell -v 0 -c "
from django.templatetags.static import static
from documents.collections import public_collection
from documents.models import Resource
document = Resource.objects.filter(collection=public_collection()).order_by('pk').first()
print('accueil /')
print('séance /sessions/seance-1/')
print('territoire /territoires/grenoble/')
print('bibliothèque /ressources/')
print('bibliothèque,_facette_et_recherche /ressources/?q=emploi&type=document_reference')
print('recherche_du_site /recherche/?q=commerce')
print('téléchargement', document.url)
print('fichier_statique', static('css/site.css'))
print('plancher /_plancher/')
")

# The floor's view (config.bench_urls) exists in these settings only.
export DJANGO_SETTINGS_MODULE=config.settings.bench
for mode in cache sans-cache; do
  if [ "$mode" = cache ]; then export PAGE_CACHE_SECONDS=600; else export PAGE_CACHE_SECONDS=0; fi
  export BENCH_RESULTS="$VAR_DIR/$mode.json"
  start_server
  echo
  echo "== Cache des pages anonymes : $mode (2 workers gunicorn, wrk : 2 fils, 4 connexions, ${DURATION} s par adresse) =="
  .venv/bin/python scripts/bench.py "http://127.0.0.1:$PORT" "$server" \
    "$PG_CLUSTER/data/postmaster.pid" "$DURATION" <<<"$urls"
  stop_server
done

# A participant (the demo's), logged in: never in the anonymous cache; each page beside the
# anonymous uncached figure of the same page (#20: at most 1.5 times).
participant_urls=$(printf '%s\n' "$urls" | grep -v '^téléchargement '
  echo 'espace_des_participants /espace-participants/')
export BENCH_COOKIE
BENCH_COOKIE=$(.venv/bin/python manage.py shell -v 0 -c "
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
client = Client()
client.force_login(get_user_model().objects.get(username='participant'))
print(f'{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}')
")
export PAGE_CACHE_SECONDS=0 BENCH_COMPARE="$VAR_DIR/sans-cache.json"
unset BENCH_RESULTS
start_server
echo
echo "== Participant connecté, sans cache des pages (2 workers gunicorn, wrk : 2 fils, 4 connexions, ${DURATION} s par adresse) =="
.venv/bin/python scripts/bench.py "http://127.0.0.1:$PORT" "$server" \
  "$PG_CLUSTER/data/postmaster.pid" "$DURATION" <<<"$participant_urls"
stop_server
