#!/usr/bin/env bash
# make load: 64 concurrent clients for 60 s on make bench's server (demo + 10,000 documents
# + 500 pages) over public pages, library queries, searches, downloads and a participant's
# pages; then the same load while PostgreSQL is stopped for 10 s and started again, with a
# line per second, and a check that content and workflow states are the same afterwards.
# Usage: scripts/load.sh [seconds, default 60]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bench-server.sh
SECONDS_OF_LOAD=${1:-60}
prepare_site
export PAGE_CACHE_SECONDS=600
mix="$VAR_DIR/mix.txt"
.venv/bin/python manage.py shell -v 0 -c "
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore
from documents.collections import public_collection
from documents.models import Resource
from home.models import ParticipantsAreaPage
user = get_user_model().objects.get(username='participant')
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = 'django.contrib.auth.backends.ModelBackend'
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
public = Resource.objects.filter(collection=public_collection()).order_by('pk').first()
restricted = Resource.objects.exclude(collection=public_collection()).order_by('pk').first()
print('cookie 0', session.session_key)
for weight, path in [(20, '/'), (10, '/sessions/'), (10, '/sessions/seance-1/'),
                     (10, '/territoires/grenoble/'), (5, '/la-formation/'),
                     (10, '/ressources/?q=emploi&type=document_reference'),
                     (5, '/ressources/?territoire=grenoble&tri=date'),
                     (5, '/recherche/?q=commerce'), (5, '/recherche/?q=quartier+emploi'),
                     (10, public.url), (3, '/flux.xml'), (2, '/sessions/calendrier.ics')]:
    print('anonyme', weight, path)
for weight, path in [(5, ParticipantsAreaPage.objects.get().url), (3, restricted.url),
                     (3, '/sessions/seance-5/')]:
    print('participant', weight, path)
" >"$mix"

state() {
  .venv/bin/python manage.py shell -v 0 -c "
from wagtail.models import Page, Revision, WorkflowState
from django.contrib.auth import get_user_model
from documents.models import Resource
print(Page.objects.count(), Page.objects.live().count(), Revision.objects.count(),
      Resource.objects.count(), get_user_model().objects.count(),
      sorted(WorkflowState.objects.values_list('status', flat=True)))
"
}

start_server
echo
echo "== Charge : 64 clients, ${SECONDS_OF_LOAD} s, cache des pages actif =="
.venv/bin/python scripts/load.py "$PORT" "$mix" --seconds "$SECONDS_OF_LOAD"

before=$(state)
echo
echo "== Panne de la base : 64 clients, 40 s ; PostgreSQL arrêté de t=10 s à t=20 s =="
.venv/bin/python scripts/load.py "$PORT" "$mix" --seconds 40 --timeline &
load=$!
sleep 10
$PG_AS "$PG_BIN/pg_ctl" -D "$PG_CLUSTER/data" -m fast stop >/dev/null
sleep 10
$PG_AS "$PG_BIN/pg_ctl" -D "$PG_CLUSTER/data" -l "$PG_CLUSTER/server.log" -w -t 30 \
  -o "-p $PG_PORT -k $PG_CLUSTER -c listen_addresses=127.0.0.1" start >/dev/null
wait "$load"
after=$(state)
echo
echo "Contenu et circuits avant la panne : $before"
echo "Contenu et circuits après la panne : $after"
[ "$before" = "$after" ] && echo "Identiques." || { echo "DIFFÉRENTS." >&2; exit 1; }
