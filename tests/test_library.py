"""The resource library: search, facets, sorting, pagination and bad parameters."""

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from documents.factories import LibraryPageFactory, ResourceFactory
from documents.models import Resource
from editorial.models import Theme
from sessions.factories import SessionIndexPageFactory, SessionPageFactory
from territoires.factories import TerritoryIndexPageFactory, TerritoryPageFactory

from . import files
from .conftest import bulk_documents, visible_text

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="French stemming and accent folding are PostgreSQL features (CI runs on it)",
)


@pytest.fixture
def library(home_page):
    page = LibraryPageFactory(parent=home_page)
    sessions = SessionIndexPageFactory(parent=home_page)
    territories = TerritoryIndexPageFactory(parent=home_page)
    s1 = SessionPageFactory(parent=sessions, number=1)
    s3 = SessionPageFactory(parent=sessions, number=3)
    grenoble = TerritoryPageFactory(parent=territories, title="Grenoble", slug="grenoble")
    venissieux = TerritoryPageFactory(parent=territories, title="Vénissieux", slug="venissieux")
    emploi = Theme.objects.create(name="Emploi et insertion", slug="emploi")
    docs = {
        "support3": ResourceFactory(
            title="Support de formation de la séance 3",
            kind="support_formation",
            session=s3,
            document_date=date(2014, 5, 27),
        ),
        "fiche": ResourceFactory(
            title="Fiche action Grenoble",
            kind="fiche_action",
            session=s3,
            document_date=date(2014, 9, 18),
            file=files_pdf("Développement économique du quartier Mistral"),
        ),
        "programme": ResourceFactory(
            title="Programme de la séance 1",
            kind="programme",
            session=s1,
            document_date=date(2014, 3, 27),
        ),
        "reference": ResourceFactory(
            title="Repères sur les contrats de ville", kind="document_reference"
        ),
    }
    docs["fiche"].territories.set([grenoble])
    docs["fiche"].themes.set([emploi])
    docs["support3"].territories.set([grenoble, venissieux])
    for document in docs.values():
        document.refresh_search_vector()
    page.docs = docs
    return page


def files_pdf(text):
    from django.core.files.base import ContentFile

    return ContentFile(files.pdf(sections=[("Texte", [text])]), name="fiche.pdf")


def titles(response):
    return [d.title for d in response.context["page_obj"].object_list]


def test_lists_every_visible_document_with_type_date_format_and_links(client, library):
    response = client.get("/ressources/")
    assert response.status_code == 200
    assert titles(response)[0] == "Fiche action Grenoble"  # newest first
    text = visible_text(response)
    assert "4 ressources" in text
    assert "Fiche action · 18 septembre 2014 · PDF" in text
    html = response.content.decode()
    assert 'href="/sessions/seance-3/"' in html
    assert 'href="/territoires/grenoble/"' in html


def test_facets_count_and_combine(client, library):
    response = client.get(
        "/ressources/?type=support_formation&type=fiche_action&territoire=grenoble"
    )
    assert sorted(titles(response)) == [
        "Fiche action Grenoble",
        "Support de formation de la séance 3",
    ]
    facets = {f.param: {v.value: v.count for v in f.values} for f in response.context["facets"]}
    # Counts of a facet ignore its own selection, so other types stay offered.
    assert facets["type"] == {"fiche_action": 1, "support_formation": 1}
    assert facets["territoire"] == {"grenoble": 2, "venissieux": 1}
    assert facets["seance"] == {"3": 2}
    response = client.get("/ressources/?seance=3&theme=emploi")
    assert titles(response) == ["Fiche action Grenoble"]
    response = client.get("/ressources/?annee=2014&format=pdf&seance=1")
    assert titles(response) == ["Programme de la séance 1"]


@postgres_only
def test_relevance_reads_the_whole_text_up_to_full_rank_max_matches(client, library, monkeypatch):
    """Up to FULL_RANK_MAX matches, a document whose text says the words again and again comes
    first; beyond, the relevance is that of titles, descriptions and metadata (both say
    « emploi » once there: the newest first), and the page says so."""
    insistent = ResourceFactory(
        title="Étude A",
        description="Note sur l’emploi",
        kind="document_reference",
        document_date=date(2013, 1, 1),
    )
    recent = ResourceFactory(
        title="Étude B",
        description="Note sur l’emploi",
        kind="document_reference",
        document_date=date(2014, 1, 1),
    )
    Resource.objects.filter(pk=insistent.pk).update(
        extracted_text="L’emploi des jeunes, l’emploi des femmes, l’emploi local. " * 20
    )
    for document in (insistent, recent):
        Resource.objects.get(pk=document.pk).refresh_search_vector()
    note = "elles sont classées d'après leur titre, leur description et leurs métadonnées"

    response = client.get("/ressources/?q=emploi&type=document_reference")
    assert titles(response)[:2] == ["Étude A", "Étude B"]
    assert note not in visible_text(response)

    monkeypatch.setattr("documents.library.FULL_RANK_MAX", 1)
    response = client.get("/ressources/?q=emploi&type=document_reference")
    assert titles(response)[:2] == ["Étude B", "Étude A"]
    assert "Plus de 1 ressources correspondent : " + note in visible_text(response)
    # Sorted by date or title, the relevance is not read: nothing to say.
    response = client.get("/ressources/?q=emploi&type=document_reference&tri=date")
    assert note not in visible_text(response)


@postgres_only
def test_a_search_gives_back_the_planners_settings(client, library):
    """The library tells PostgreSQL's planner to find words through the index for its own
    query only: within a transaction (as in this test), what follows plans as before."""
    with CaptureQueriesContext(connection) as queries:
        assert "Fiche action Grenoble" in titles(client.get("/ressources/?q=emploi"))
    assert any("enable_seqscan = off" in query["sql"] for query in queries.captured_queries)
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('enable_seqscan')")
        assert cursor.fetchone() == ("on",)


def test_sort_by_title_and_a_shareable_url_for_every_state(client, library):
    response = client.get("/ressources/?tri=titre")
    assert titles(response) == sorted(titles(response))
    html = response.content.decode()
    assert 'name="type" value="programme"' in html
    assert "?tri=date" in html


def test_search_text_inside_the_files(client, library):
    response = client.get("/ressources/?q=Mistral")
    assert titles(response) == ["Fiche action Grenoble"]
    assert "<mark>Mistral</mark>" in response.content.decode()


@postgres_only
def test_search_is_french_and_accent_insensitive(client, library):
    response = client.get("/ressources/?q=developpement+economique")
    assert titles(response) == ["Fiche action Grenoble"]
    # French stemming: « contrat » finds « contrats ».
    assert titles(client.get("/ressources/?q=contrat")) == ["Repères sur les contrats de ville"]
    # Metadata is searched too: the session's number and the territory's name.
    assert "Fiche action Grenoble" in titles(client.get("/ressources/?q=Vénissieux+OR+Grenoble"))


def test_empty_state_helps(client, library):
    text = visible_text(client.get("/ressources/?q=zzzzzz"))
    assert "Aucune ressource ne correspond à cette recherche" in text
    assert "Voir toutes les ressources" in text


@pytest.mark.parametrize(
    "query",
    [
        "?type=<script>alert(1)</script>",
        "?page=-1",
        "?page=99999",
        "?page=abc",
        "?seance=abc&annee=deux-mille",
        "?territoire=%01&theme=../../etc",
        "?tri=<b>&format=exe",
        "?q=" + "a" * 10_000,
        "?q=%22%22%22&q=&q=-(",
        "?q=!!!%20%26%20|%20:*",
    ],
)
def test_garbage_parameters_never_fail(client, library, query):
    response = client.get("/ressources/" + query)
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_pagination(client, library, settings):
    ResourceFactory.create_batch(25, kind="synthese")
    first = client.get("/ressources/?type=synthese")
    assert len(titles(first)) == 20
    assert "Page 1 sur 2" in visible_text(first)
    second = client.get("/ressources/?type=synthese&page=2")
    assert len(titles(second)) == 5
    assert set(titles(first)).isdisjoint(titles(second))


def _bulk(count):
    bulk_documents(count)


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_query_count_does_not_grow_with_the_number_of_documents(client, library):
    url = "/ressources/?type=document_reference&tri=titre"
    _bulk(10)
    count_queries(client, url)  # warm the per-process caches (site root, settings)
    small = count_queries(client, url)
    _bulk(490)
    assert Resource.objects.count() == 504
    assert count_queries(client, url) == small


def test_downloads_are_counted_per_month_and_reported_to_editors(client, library, admin_user):
    from datetime import date

    from documents.models import DownloadCount

    document = library.docs["programme"]
    for _ in range(3):
        response = client.get(document.url, headers={"User-Agent": FIREFOX})
        assert response.status_code == 200
        b"".join(response.streaming_content)
    month = date.today().replace(day=1)
    assert DownloadCount.objects.get(document=document, month=month).count == 3
    client.force_login(admin_user)
    report = client.get("/admin/rapports/telechargements/")
    assert report.status_code == 200
    html = report.content.decode()
    assert "Programme de la séance 1" in html
    assert "Téléchargements des documents" in html
    assert "téléchargements complets par des personnes" in html
    export = client.get("/admin/rapports/telechargements/?export=csv")
    assert "Programme de la séance 1" in b"".join(export.streaming_content).decode()


FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"


@pytest.mark.parametrize(
    ("method", "headers", "read", "counted"),
    [
        ("get", {"User-Agent": FIREFOX}, "all", 1),
        ("head", {"User-Agent": FIREFOX}, "all", 0),
        ("get", {"User-Agent": FIREFOX, "Range": "bytes=0-99"}, "all", 0),
        ("get", {"User-Agent": "Mozilla/5.0 (compatible; Googlebot/2.1)"}, "all", 0),
        ("get", {"User-Agent": "curl/8.5.0"}, "all", 0),
        ("get", {}, "all", 0),
        ("get", {"User-Agent": FIREFOX}, "first chunk", 0),
        ("get", {"User-Agent": FIREFOX, "If-None-Match": "etag"}, "all", 0),
    ],
    ids=["browser", "head", "range", "crawler", "tool", "no-agent", "interrupted", "not-modified"],
)
def test_only_whole_downloads_by_people_are_counted(
    client, library, method, headers, read, counted
):
    from documents.models import DownloadCount

    document = library.docs["programme"]
    if headers.get("If-None-Match"):
        headers["If-None-Match"] = client.get(document.url)["ETag"]
    response = getattr(client, method)(document.url, headers=headers)
    if response.streaming:
        chunks = iter(response.streaming_content)
        if read == "all":
            b"".join(chunks)
        else:
            next(chunks)  # the client goes away: the server reads no further
    assert sum(DownloadCount.objects.values_list("count", flat=True)) == counted


def test_stable_url_survives_replacing_the_file(client, library):
    from django.core.files.base import ContentFile

    document = library.docs["programme"]
    url = document.url
    document.file = ContentFile(files.pdf(title="Version corrigée"), name="programme-v2.pdf")
    document.file_size = None
    document.original_filename = "programme-v2.pdf"
    document.save()
    response = client.get(url)
    assert response.status_code == 200
    assert 'filename="programme-v2.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    "url", ["/ressources/?annee=%C2%B2&seance=%C2%B3", "/recherche/?q=a&annee=%C2%B2"]
)
def test_unicode_digits_are_ignored_not_a_500(client, library, url):
    assert client.get(url).status_code == 200


@postgres_only
def test_search_vector_follows_links_made_after_saving(client, library):
    """The admin saves territories and themes after the document: the vector must follow."""
    document = library.docs["reference"]
    venissieux = library.docs["support3"].territories.get(slug="venissieux")
    assert titles(client.get("/ressources/?q=Vénissieux")) == [
        "Support de formation de la séance 3"
    ]
    document.territories.add(venissieux)
    assert "Repères sur les contrats de ville" in titles(client.get("/ressources/?q=Vénissieux"))


@postgres_only
def test_a_restricted_territorys_name_does_not_make_documents_findable(
    client, library, restrict_to_participants
):
    venissieux = library.docs["support3"].territories.get(slug="venissieux")
    assert titles(client.get("/ressources/?q=Vénissieux")) == [
        "Support de formation de la séance 3"
    ]
    restrict_to_participants(venissieux)
    assert titles(client.get("/ressources/?q=Vénissieux")) == []


@postgres_only
def test_a_territory_moved_under_a_restricted_section_stops_lending_its_name(
    client, library, home_page, restrict_to_participants
):
    """Moving a page changes who may see it without touching any restriction."""
    venissieux = library.docs["support3"].territories.get(slug="venissieux")
    public_section = venissieux.get_parent()
    hidden_section = TerritoryIndexPageFactory(
        parent=home_page, title="Territoires en préparation", slug="en-preparation"
    )
    restrict_to_participants(hidden_section)
    venissieux.move(hidden_section, pos="last-child")
    assert titles(client.get("/ressources/?q=Vénissieux")) == []
    venissieux.refresh_from_db()
    venissieux.move(public_section, pos="last-child")
    assert titles(client.get("/ressources/?q=Vénissieux")) == [
        "Support de formation de la séance 3"
    ]


@postgres_only
def test_an_alias_of_a_restricted_territory_does_not_lend_its_name(
    client, library, restrict_to_participants
):
    """Wagtail serves an alias under its source's restrictions, wherever the alias stands."""
    venissieux = library.docs["support3"].territories.get(slug="venissieux")
    hidden = TerritoryPageFactory(
        parent=venissieux.get_parent(), title="Saint-Fons", slug="saint-fons"
    )
    alias = hidden.create_alias(update_slug="saint-fons-alias")
    library.docs["reference"].territories.add(alias)
    assert titles(client.get("/ressources/?q=Saint-Fons")) == ["Repères sur les contrats de ville"]
    restrict_to_participants(hidden)  # the source only: Wagtail copied nothing to the alias
    assert titles(client.get("/ressources/?q=Saint-Fons")) == []


def test_downloads_report_shows_an_editor_only_the_documents_they_may_edit(client, library):
    from datetime import date

    from django.contrib.auth.models import Group, Permission

    from wagtail.models import Collection, GroupCollectionPermission

    from documents.collections import default_private_collection
    from documents.models import DownloadCount
    from people.factories import UserFactory

    private_doc = ResourceFactory(
        title="Compte rendu réservé", collection=default_private_collection()
    )
    month = date.today().replace(day=1)
    DownloadCount.objects.create(document=library.docs["programme"], month=month, count=4)
    DownloadCount.objects.create(document=private_doc, month=month, count=7)
    group = Group.objects.create(name="Éditeurs du public")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    public = library.docs["programme"].collection
    # Wagtail grants document rights with wagtaildocs' own permissions, whatever the model.
    for codename in ("add_document", "change_document"):
        permission = Permission.objects.get(
            codename=codename, content_type__app_label="wagtaildocs"
        )
        GroupCollectionPermission.objects.create(
            group=group, collection=public, permission=permission
        )
    editor = UserFactory(username="editrice-publique")
    editor.groups.add(group)
    client.force_login(editor)
    response = client.get("/admin/rapports/telechargements/")
    assert response.status_code == 200, response.get("Location")
    html = response.content.decode()
    assert "Programme de la séance 1" in html
    assert "Compte rendu réservé" not in html
    assert Collection.objects.filter(pk=private_doc.collection_id).exists()
