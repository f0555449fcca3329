"""Query budgets: each anonymous page type costs a known number of queries, and that number
does not grow with the content (10 vs 1,000 documents, 8 vs 80 territories, 5 vs 50
sessions). Counts are exact; a change that moves one must say why here."""

import datetime
import io
import zipfile

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from access.generation import new_generation
from documents.models import LibraryPage, Resource, ResourceCollectionPage
from editorial.models import Theme
from sessions.factories import SessionPageFactory
from sessions.models import SessionIndexPage, SessionPage
from territoires.factories import TerritoryPageFactory
from territoires.models import KeyIssue, ShortTermAction, TerritoryIndexPage, TerritoryPage

from .conftest import bulk_documents

pytestmark = pytest.mark.django_db

# Anonymous, uncached. Every page spends 8: the routing of Wagtail (site, home page, the page
# and its specific row: 4), the list of restrictions the visibility rule reads once per
# request (1: pages' and collections' together; the restriction check before serving reads
# it too: access.visibility.read_served_restrictions), the menu and the breadcrumbs (1, read
# together), the footer (1) and the partners (1). The rest is the page's own content.
LIBRARY = 13 if connection.vendor == "postgresql" else 14
CAPITALISATION = 14 if connection.vendor == "postgresql" else 16
BUDGETS = {
    "accueil": ("/", 11),
    "page de contenu": ("/la-formation/", 8),
    "liste des séances": ("/sessions/", 9),
    # + 3: the territories and, in one windowed query, the first documents of each at this
    # session (documents.crosslinks); the participants' area, for the note that points to it
    # (home.templatetags.participants; read with the menu for those who see it).
    "séance": ("session", 13),
    "liste des territoires": ("/territoires/", 9),
    # The territory's booklet link (home.booklet); + 3: its path through the sessions (the
    # sessions, then the first documents at each in one windowed query: documents.crosslinks)
    # and the participants' area, for the note that points to it.
    "territoire": ("territory", 17),
    # The budgets that depend on the database: on SQLite (the first-run fallback) the library
    # reads the listed documents' territories in a query of their own, where PostgreSQL reads
    # them with the documents (an array subquery; documents.library, `use_postgres`).
    "bibliothèque": ("/ressources/", LIBRARY),
    "bibliothèque, recherche et filtre": (
        "/ressources/?q=emploi&type=support_formation",
        LIBRARY,
    ),
    "collection": ("collection", 10),
    # + 6: the issues and the actions of the public territories, each with its themes in an
    # array (a second query each on SQLite), the syntheses with their themes, the steps and
    # their sessions, the booklet's link. The territories come with the issues (a join).
    "capitalisation": ("/capitalisation/", CAPITALISATION),
    # Wagtail's routing walks to the library (the home page's one-query shortcut finds no
    # page at a route's address: + 2), then the document with its session and organisation,
    # its visible territories, its published themes, the related documents (one query) and
    # the site's default licence.
    "page d’un document": ("document", 14),
    # + 1 since the pages' highlights come from PostgreSQL's headline function (one query for
    # the ten results), so that they mark exactly what the search matched.
    "recherche du site": ("/recherche/?q=emploi", 16),
    # The feed and the sitemap read the specific rows in one query per page type shown (the
    # capitalisation page made it one more, the open-data page one more again, then the
    # « Plan du site » and « Contact » page types).
    "flux Atom": ("/flux.xml", 16),
    # + 1 since the sitemap lists the pages of the public documents (documents.models,
    # LibraryPage.get_sitemap_urls): one query, whatever their number.
    "plan du site": ("/sitemap.xml", 17),
    "calendrier": ("/sessions/calendrier.ics", 6),  # restrictions read once, not twice
    # The page reads every dataset to count its rows and size its files: territories with
    # their neighbourhoods, issues, actions (each with its themes), sessions with their
    # places, documents with their session, territories and themes (PostgreSQL's array
    # subqueries; a query per list on SQLite), and the datasets' dates (1).
    "données ouvertes": ("/donnees-ouvertes/", 14 if connection.vendor == "postgresql" else 23),
    # A file: the restrictions, the page (its licence), the dataset, its date.
    "données ouvertes, documents CSV": (
        "/donnees-ouvertes/documents.csv",
        5,
    ),  # + the Site (licence)
    "données ouvertes, actions JSON": ("/donnees-ouvertes/actions.json", 4),
    "données ouvertes, territoires CSV": ("/donnees-ouvertes/territoires.csv", 4),
    "données ouvertes, schéma": ("/donnees-ouvertes/datapackage.json", 3),
    # The page and its tree of every visible page (1), whatever the number of pages.
    "page « Plan du site »": ("/plan-du-site/", 9),
    # The page and its form's fields (1); the partners' addresses come with the footer's.
    "page de contact": ("/contact/", 9),
}


def resolve(url):
    if url == "session":
        return SessionPage.objects.get(number=1).url
    if url == "territory":
        return TerritoryPage.objects.get(slug="grenoble").url
    if url == "document":
        document = Resource.objects.filter(collection__name="Ressources publiques").get(
            title="Programme de la séance 1"
        )
        return LibraryPage.objects.get().document_path(document)
    if url == "collection":
        return ResourceCollectionPage.objects.live().public().order_by("path").first().url
    return url


def count(client, url):
    client.get(url)  # per-process caches (Wagtail's site root paths, content types) warm
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def counts(client, names):
    return {name: count(client, resolve(BUDGETS[name][0])) for name in names}


def test_each_page_type_keeps_its_budget(client, demo):
    measured = counts(client, BUDGETS)
    assert measured == {name: budget for name, (_url, budget) in BUDGETS.items()}


def test_pages_cost_the_same_with_1000_documents(client, demo):
    names = list(BUDGETS)
    before = counts(client, names)
    template = Resource.objects.filter(collection__name="Ressources publiques").first()
    session = SessionPage.objects.get(number=1)
    territory = TerritoryPage.objects.get(slug="grenoble")
    created = bulk_documents(
        1000 - Resource.objects.count(), "Document de référence", template, session=session
    )
    Resource.territories.through.objects.bulk_create(
        Resource.territories.through(resource_id=document.pk, territorypage_id=territory.pk)
        for document in created
    )
    assert Resource.objects.count() == 1000
    assert counts(client, names) == before


def test_pages_cost_the_same_with_80_territories_and_50_sessions(client, demo):
    names = [
        "accueil",
        "liste des séances",
        "séance",
        "liste des territoires",
        "territoire",
        "capitalisation",
        "données ouvertes",
        "données ouvertes, actions JSON",
        "données ouvertes, territoires CSV",
    ]
    before = counts(client, names)
    territories = TerritoryIndexPage.objects.get()
    themes = list(Theme.objects.all())
    for n in range(80 - TerritoryPage.objects.count()):
        TerritoryPageFactory(
            parent=territories,
            title=f"Territoire {n}",
            slug=f"territoire-{n}",
            latitude="45.5",
            longitude="5.0",
            key_issues=[KeyIssue(title=f"Enjeu {n}", themes=themes[: n % 3 + 1])],
            actions=[ShortTermAction(title=f"Action {n}", themes=themes[n % 3 :][:1])],
        )
    sessions = SessionIndexPage.objects.get()
    for number in range(6, 51):
        SessionPageFactory(
            parent=sessions,
            number=number,
            date=datetime.date(2015, 1, 1) + datetime.timedelta(days=number),
        )
    assert TerritoryPage.objects.count() == 80
    assert SessionPage.objects.count() == 50
    assert KeyIssue.themes.through.objects.count() > 150
    assert counts(client, names) == before


# « Télécharger la sélection » (documents.views.selection_archive), anonymous: the
# restrictions (1), the selection's ids with its number and size (1: the library's counting
# query, no facet counted), the library and the site for its address (2: the note of a
# missing file links back to it) and the documents (1); a facet of rows reads its visible rows
# (+ 1 for the sessions here). The files come from storage: however many documents, the
# database is asked as often.
ARCHIVES = {
    "/documents/selection.zip?type=document_reference": 5,
    "/documents/selection.zip?seance=1": 6,
}


def archive_queries(client, url):
    b"".join(client.get(url).streaming_content)  # warm, as count() does
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        assert response.status_code == 200, url
        b"".join(response.streaming_content)
    return len(queries)


def test_the_selections_archive_costs_the_same_whatever_its_number_of_documents(client, demo):
    assert {url: archive_queries(client, url) for url in ARCHIVES} == ARCHIVES
    template = Resource.objects.filter(collection__name="Ressources publiques").first()
    session = SessionPage.objects.get(number=1)
    bulk_documents(80, "Document de référence", template, session=session)
    response = client.get("/documents/selection.zip?seance=1")
    assert len(zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))).namelist()) > 80
    assert {url: archive_queries(client, url) for url in ARCHIVES} == ARCHIVES


# Logged in as the demo participant, uncached: the 8 of every page; the session, then the user
# with their groups in one statement (2: people.backends; the groups are left prefetched for the
# visibility rule and for Wagtail's own check of a page restricted to groups, which reads the
# restriction, known by its id, and its groups: 2). No second-factor device (participants have
# none) and no permission read for the staff's userbar (it is asked only of the staff). The
# area's own (6): the sessions, the territories, the directory (which also gives the user's
# territory and its team), the documents by session and type (one window query, with their
# « réservé » mark), the documents new since the last visit, the library's link; and, for a
# participant of a team, how many of their deposits wait or were refused (1: documents.deposits).
PARTICIPANTS_AREA = 19
# As production serves it (FRAGMENT_CACHE_SECONDS), once another participant has opened it
# since the content last changed: the menu, the footer, the partners, and the area's sessions,
# territories, directory, unfiltered documents and library link are shared by the audience
# (access.shared), and the routing and the restrictions are kept for every request
# (home.middleware.KeptRouteMiddleware, access.visibility). What stays is the user and their
# rights (the session, the user with their groups, Wagtail's check of the area's restriction:
# 4) and what is theirs: the news since their last visit and their deposits. Issue #19 asks ≤ 15.
PARTICIPANTS_AREA_SHARED = 6


def area_count(client):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="participant"))
    return count(client, "/espace-participants/")


@pytest.fixture
def shared_values(settings):
    """Production's shared values (access.shared) on, in a cache of this test's own."""
    from django.core.cache import caches

    settings.FRAGMENT_CACHE_SECONDS = 600
    caches["pages"].clear()
    yield
    caches["pages"].clear()


@pytest.fixture(params=["uncached", "shared"])
def either_way(request):
    """The area's cost must not grow with the content, uncached and as production serves it
    (a change of content draws a new generation: the first request after it reads afresh,
    the second is counted)."""
    if request.param == "shared":
        request.getfixturevalue("shared_values")


# As production serves a public page to a visitor without an account when the page cache
# misses (FRAGMENT_CACHE_SECONDS, a body already rendered for this audience since the content
# last changed): the site, the route, the restrictions, the head, the menu, the breadcrumbs,
# the body and the footer are all kept (home.middleware.KeptRouteMiddleware,
# access.visibility, access.shared): no query at all.
SHARED_PUBLIC_PAGES = [
    "/",
    "/la-formation/",
    "/sessions/",
    "session",
    "/territoires/",
    "territory",
    "/ressources/",
    "/ressources/?q=emploi&type=support_formation",
    "/capitalisation/",
    "/recherche/?q=emploi",
]


def test_public_pages_read_nothing_as_production_serves_them(client, demo, shared_values):
    assert {url: count(client, resolve(url)) for url in SHARED_PUBLIC_PAGES} == dict.fromkeys(
        SHARED_PUBLIC_PAGES, 0
    )


def test_the_participants_area_keeps_its_budget_as_production_serves_it(
    client, demo, shared_values
):
    assert area_count(client) == PARTICIPANTS_AREA_SHARED


def test_the_participants_area_keeps_its_budget(client, demo):
    assert area_count(client) == PARTICIPANTS_AREA


def test_the_participants_area_costs_the_same_with_1000_documents(client, demo, either_way):
    before = area_count(client)
    restricted = Resource.objects.filter(kind="document_travail").first()
    territory = TerritoryPage.objects.get(slug="grenoble")
    for number in range(1, 6):
        session = SessionPage.objects.get(number=number)
        created = bulk_documents(
            200 - (number == 1) * Resource.objects.count(),
            f"Document de travail {number}",
            restricted,
            kind="document_travail",
            session=session,
        )
        Resource.territories.through.objects.bulk_create(
            Resource.territories.through(resource_id=document.pk, territorypage_id=territory.pk)
            for document in created
        )
    assert Resource.objects.count() == 1000
    new_generation()  # bulk_create sends no signal: what a save would have done
    assert area_count(client) == before


# The proposals of the participant's territory (territoires.proposals): the area's 19 less its
# own 7; Wagtail's routing walks to the area (the home page's one-query shortcut finds no page
# at a route's address: + 1); + 4: the user's territories, their issues, their actions (the
# form's choices), their proposals (however many).
PARTICIPANTS_PROPOSALS = 17


def proposals_count(client):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="participant"))
    return count(client, "/espace-participants/propositions/")


def test_the_participants_proposals_keep_their_budget_whatever_their_number(client, demo):
    from territoires.models import TerritoryProposal

    assert proposals_count(client) == PARTICIPANTS_PROPOSALS
    territory = TerritoryPage.objects.get(slug="grenoble")
    TerritoryProposal.objects.bulk_create(
        TerritoryProposal(territory=territory, kind="ajout_enjeu", title=f"Enjeu {n}")
        for n in range(100)
    )
    assert proposals_count(client) == PARTICIPANTS_PROPOSALS


def test_the_participants_area_costs_the_same_with_100_pending_deposits(client, demo, either_way):
    """Deposits waiting for the staff (documents.deposits), the participant's own and others':
    the area counts its user's in one query, whatever their number."""
    from django.contrib.auth import get_user_model

    from documents.models import Deposit

    before = area_count(client)
    participant = get_user_model().objects.get(username="participant")
    territory = TerritoryPage.objects.get(slug="grenoble")
    restricted = Resource.objects.filter(kind="document_travail").first()
    waiting = bulk_documents(100, "Dépôt", restricted, kind="document_travail", released_at=None)
    Deposit.objects.bulk_create(
        Deposit(
            document=document,
            depositor=participant if n % 2 else None,
            territory=territory,
            state=Deposit.State.REFUSED if n % 10 == 0 else Deposit.State.PENDING,
        )
        for n, document in enumerate(waiting)
    )
    new_generation()  # bulk_create sends no signal: what a save would have done
    assert area_count(client) == before
