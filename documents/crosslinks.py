"""Sessions and territories, linked through what the territories produced at each session:
the documents of a session tagged with a territory. Here, where documents, sessions and
territories meet (imports flow one way: sessions and territories know nothing of each other's
documents).

A session page lists, territory by territory, the documents of that session; a territory page
lists its path through the sessions. Both read what this request's user may see (documents,
sessions, territories), in two queries whatever their number: the pages, then the first
documents of each in one windowed query."""

from urllib.parse import urlencode

from django.db.models import F, Window
from django.db.models.functions import RowNumber

from access.request_memo import remembered
from access.visibility import visible_documents
from documents.models import LIBRARY_URL_KEY, LibraryPage, Resource
from sessions.models import SessionPage
from territoires.models import TerritoryPage

# Documents named per territory or per session; the rest is in the library, filtered.
SHOWN = 4


def _library_url(request):
    """The library's address for this user ("" when they may not see it): read with the menu,
    as the links to documents' pages read it (no query of its own then)."""

    def read():
        library = LibraryPage.for_request(request)
        return (library.get_url(request) or "") if library is not None else ""

    return remembered(request, LIBRARY_URL_KEY, read)


def _firsts(documents, key, keys):
    """{key value: ([the first SHOWN documents], more?)} for each of `keys`, in one query:
    each group ranked by type then title, one document more read to know if more follow."""
    groups = {value: [] for value in keys}
    if not keys:
        return {}
    rows = (
        documents.filter(**{f"{key}__in": list(keys)})
        .annotate(
            group=F(key),
            rank=Window(
                RowNumber(),
                partition_by=[F(key)],
                order_by=[F("kind").asc(), F("title").asc(), F("pk").asc()],
            ),
        )
        .filter(rank__lte=SHOWN + 1)
        .order_by("rank")
    )
    for document in rows:
        groups[document.group].append(document)
    return {value: (found[:SHOWN], len(found) > SHOWN) for value, found in groups.items()}


def _filtered_library(request, session, territory):
    base = _library_url(request)
    if not base:
        return ""
    return f"{base}?{urlencode({'seance': session.number, 'territoire': territory.slug})}"


def session_territories(session, request):
    """What each territory produced at this session, for this request's user:
    [(territory, [documents], library address of the rest or "")], every visible territory
    in the series' order (those without a document too: the group met at every session)."""
    territories = list(TerritoryPage.visible_in(request).only("id", "title", "slug", "url_path"))
    documents = visible_documents(Resource.objects.for_listing().filter(session=session), request)
    firsts = _firsts(documents, "territories", [territory.pk for territory in territories])
    rows = []
    for territory in territories:
        shown, more = firsts[territory.pk]
        rows.append(
            (territory, shown, _filtered_library(request, session, territory) if more else "")
        )
    return rows


def territory_sessions(territory, request):
    """The territory's path through the sessions, for this request's user:
    [(session, [documents of this territory at it], library address of the rest or "")],
    every visible session in order (those without a document too)."""
    sessions = list(
        # Not the place that session lists read with each session.
        SessionPage.visible_in(request)
        .select_related(None)
        .only("id", "title", "number", "date", "url_path", "path")
    )
    documents = visible_documents(
        Resource.objects.for_listing().filter(territories=territory), request
    )
    firsts = _firsts(documents, "session", [session.pk for session in sessions])
    rows = []
    for session in sessions:
        shown, more = firsts[session.pk]
        rows.append(
            (session, shown, _filtered_library(request, session, territory) if more else "")
        )
    return rows
