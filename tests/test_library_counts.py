"""The library's facet counts, number of matches and order, against an oracle written from
their definition and read document by document through the ORM: for each facet, the
documents that pass every other facet's selection, counted by this facet's values; only
visible documents, sessions and territories. Run on the demo site (with its participant-only
collection) plus generated documents, a participant-only session and territory, for the four
users."""

from datetime import date

from django.contrib.auth.models import AnonymousUser
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import F
from django.test import RequestFactory

import pytest

from access.visibility import visible_documents, visible_pages
from documents import library
from documents.library import FACETS, LibrarySearch
from documents.models import Resource
from editorial.models import Theme
from sessions.models import SessionPage
from territoires.models import TerritoryPage

from .conftest import bulk_documents

pytestmark = pytest.mark.django_db

PARAMS = [
    {},
    {"type": ["compte_rendu"]},
    {"type": ["compte_rendu", "document_travail"], "seance": ["2"]},
    {"territoire": ["grenoble"], "annee": ["2014"]},
    {"theme": ["emploi-et-insertion", "commerce"], "format": ["pdf"]},
    {"seance": ["1", "5"], "territoire": ["grenoble", "venissieux"], "type": ["fiche_action"]},
    {"seance": ["99"]},
    {"territoire": ["inconnu"], "tri": ["titre"]},
    {"q": ["emploi"]},
    {"q": ["commerce"], "type": ["document_reference"], "tri": ["date"]},
    {"annee": ["2015"], "format": ["docx", "pdf"], "tri": ["titre"]},
]


@pytest.fixture
def content(demo, restrict_to_participants):
    template = Resource.objects.filter(collection__name="Ressources publiques").first()
    sessions = list(SessionPage.objects.order_by("number"))
    territories = list(TerritoryPage.objects.order_by("pk"))
    themes = list(Theme.objects.all())
    for index, document in enumerate(bulk_documents(60, "Document de mesure", template)):
        Resource.objects.filter(pk=document.pk).update(
            session=sessions[index % len(sessions)] if index % 4 else None,
            kind=Resource.Kind.values[index % len(Resource.Kind.values)],
            document_date=None if index % 7 == 0 else date(2014 + index % 2, 1, 1 + index % 28),
            file_format=["pdf", "docx", ""][index % 3],
        )
        document.territories.set(territories[index % 3 : index % 3 + index % 3])
        document.themes.set(themes[: index % 3])
    # A session and a territory for participants only: not offered, not matched, not named.
    restrict_to_participants(sessions[4])
    restrict_to_participants(TerritoryPage.objects.get(slug="grenoble"))


@pytest.fixture
def viewer(request, audience):
    """The audience's user, for requests built without the client."""
    if audience.audience == "anonymous":
        return AnonymousUser()
    return request.getfixturevalue(audience.audience)


def user_request(user, params):
    request = RequestFactory().get("/ressources/", params)
    request.user = user
    return request


def oracle(request, params):
    sessions = {
        pk: str(number)
        for pk, number in visible_pages(SessionPage.objects.all(), request).values_list(
            "pk", "number"
        )
    }
    territories = dict(
        visible_pages(TerritoryPage.objects.all(), request).values_list("pk", "slug")
    )
    documents = visible_documents(Resource.objects.all(), request).prefetch_related(
        "territories", "themes"
    )
    if params.get("q"):
        words = SearchQuery(params["q"][0], config="french_unaccent", search_type="websearch")
        documents = documents.filter(search_vector=words)
    rows = []
    for document in documents:
        values = [
            {document.kind},
            {sessions[document.session_id]} if document.session_id in sessions else set(),
            {territories[t.pk] for t in document.territories.all() if t.pk in territories},
            {theme.slug for theme in document.themes.all()},
            {str(document.document_date.year)} if document.document_date else set(),
            {document.file_format} if document.file_format else set(),
        ]
        rows.append((document, values))
    selected = [set(params.get(param, [])) for param, _label in FACETS]

    def passes(values, skip=None):
        return all(
            not wanted or wanted & values[index]
            for index, wanted in enumerate(selected)
            if index != skip
        )

    counts = [{} for _ in FACETS]
    for _document, values in rows:
        for index in range(len(FACETS)):
            if passes(values, skip=index):
                for value in values[index]:
                    counts[index][value] = counts[index].get(value, 0) + 1
    matching = [document for document, values in rows if passes(values)]
    return counts, matching


def relevance_order(matching, words):
    """The ids of `matching` by relevance, then date (newest first, none last), then id: the
    rank on the whole search vector up to library.FULL_RANK_MAX matches, on the head beyond."""
    query = SearchQuery(words, config="french_unaccent", search_type="websearch")
    vector = "head_vector" if len(matching) > library.FULL_RANK_MAX else "search_vector"
    ranks = dict(
        Resource.objects.filter(pk__in=[d.pk for d in matching])
        .annotate(rank=SearchRank(F(vector), query))
        .values_list("pk", "rank")
    )
    expected = sorted(
        matching,
        key=lambda d: (ranks[d.pk], d.document_date is not None, d.document_date, d.pk),
        reverse=True,
    )
    return [document.pk for document in expected]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the oracle searches as PostgreSQL")
def test_counts_matches_and_order_follow_their_definition(viewer, content):
    for params in PARAMS:
        check(user_request(viewer, params), params)


def check(request, params):
    counts, matching = oracle(request, params)
    search = LibrarySearch(request)
    shown = {
        facet.param: {value.value: value.count for value in facet.values if value.count}
        for facet in search.facets()
    }
    for index, (param, _label) in enumerate(FACETS):
        assert shown.get(param, {}) == counts[index], (params, param)
    page = search.page(page_size=1000)
    assert page.paginator.count == len(matching), params
    ids = [document.pk for document in page.object_list]
    assert sorted(ids) == sorted(document.pk for document in matching)
    if search.sort == "date":
        expected = sorted(matching, key=lambda d: (d.document_date or date.min, d.pk), reverse=True)
        assert ids == [document.pk for document in expected]
    elif search.sort == "titre":
        expected = sorted(matching, key=lambda d: (d.title.lower(), d.pk))
        assert ids == [document.pk for document in expected]
    else:
        assert ids == relevance_order(matching, params["q"][0]), params
    # Any page is its window of the whole order; a page out of range shows the last one.
    last = max(1, -(-len(ids) // 3))
    for number in (2, 3, 10**9):
        shown = min(number, last)
        paged = LibrarySearch(request).page(page_size=3, number=number)
        expected = ids[(shown - 1) * 3 : shown * 3]
        assert [document.pk for document in paged.object_list] == expected, (params, number)
    for document in page.object_list:
        visible = set(
            visible_pages(TerritoryPage.objects.all(), request).values_list("pk", flat=True)
        )
        linked = {t.pk for t in document.territories.all()} & visible
        assert {t.pk for t in document.visible_territories} == linked


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the oracle searches as PostgreSQL")
def test_many_matches_are_ranked_on_their_head(viewer, content, monkeypatch):
    """Beyond FULL_RANK_MAX matches, the relevance is the head's (title, description,
    metadata): same counts, same matches, in that order, each page its window of it."""
    monkeypatch.setattr(library, "FULL_RANK_MAX", 2)
    for params in PARAMS:
        if params.get("q"):
            request = user_request(viewer, params)
            assert len(oracle(request, params)[1]) > 2, params  # the head's rank is used
            check(request, params)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the oracle searches as PostgreSQL")
def test_shared_counts_stay_each_audiences_own(viewer, content, settings, participant, outsider):
    """The counts are shared per audience until content changes (access.shared): asked first
    by the other users, then twice by this one (the second time from the cache), they are
    still this user's, by the oracle."""
    settings.FRAGMENT_CACHE_SECONDS = 300
    for params in PARAMS:
        for other in (AnonymousUser(), participant, outsider):
            LibrarySearch(user_request(other, params)).page(page_size=1000)
        check(user_request(viewer, params), params)
        check(user_request(viewer, params), params)


def test_shared_counts_follow_a_new_document(demo, settings, client):
    settings.FRAGMENT_CACHE_SECONDS = 300
    before = LibrarySearch(user_request(AnonymousUser(), {})).page().paginator.count
    assert LibrarySearch(user_request(AnonymousUser(), {})).page().paginator.count == before
    template = Resource.objects.filter(collection__name="Ressources publiques").first()
    document = Resource.objects.get(pk=bulk_documents(1, "Nouveau document", template)[0].pk)
    document.save()  # what an upload or an edit in the admin sends
    after = LibrarySearch(user_request(AnonymousUser(), {})).page().paginator.count
    assert after == before + 1
