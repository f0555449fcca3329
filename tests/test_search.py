"""Site-wide search: pages and documents together, highlighted, paginated, private-safe."""

import re

from django.core.files.base import ContentFile
from django.db import connection

from wagtail.models import Collection, CollectionViewRestriction

import pytest

from documents.factories import LibraryPageFactory, ResourceFactory
from home.factories import ContentPageFactory

from . import files
from .conftest import visible_text

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="French stemming and accent folding are PostgreSQL features (CI runs on it)",
)


@pytest.fixture
def site(home_page, restrict_to_participants, restricted_groups):
    ContentPageFactory(
        parent=home_page,
        title="Le commerce de proximité",
        slug="commerce",
        lead="Les commerces de pied d'immeuble dans les quartiers prioritaires.",
    )
    secret = ContentPageFactory(
        parent=home_page,
        title="Commerce : notes confidentielles",
        slug="notes",
        lead="Les commerces que seuls les participants connaissent.",
    )
    restrict_to_participants(secret)
    private = Collection.get_first_root_node().add_child(name="Privé")
    restriction = CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.GROUPS
    )
    restriction.groups.add(*restricted_groups)
    ResourceFactory(title="Commerce : étude publique")
    ResourceFactory(title="Commerce : étude réservée", collection=private)
    return home_page


def test_pages_and_documents_together_with_highlights(client, site):
    response = client.get("/recherche/?q=commerce")
    assert response.status_code == 200
    text = visible_text(response)
    assert "Le commerce de proximité" in text
    assert "Commerce : étude publique" in text
    assert "<mark>" in response.content.decode()


def test_search_never_names_or_counts_restricted_things(audience, site):
    response = audience.get("/recherche/?q=commerce")
    text = visible_text(response)
    html = response.content.decode()
    assert ("notes confidentielles" in text) == audience.may_see_restricted
    assert ("étude réservée" in text) == audience.may_see_restricted
    assert ("seuls les participants" in html) == audience.may_see_restricted
    if audience.may_see_restricted:
        assert "2 pages pour" in text
        assert "2 documents" in text
    else:
        assert "1 page pour" in text
        assert "1 document " in text


@postgres_only
def test_french_stemming_and_accents(client, site):
    text = visible_text(client.get("/recherche/?q=proximite"))
    assert "Le commerce de proximité" in text
    text = visible_text(client.get("/recherche/?q=commerces"))
    assert "Le commerce de proximité" in text


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?q=",
        "?q=" + "é" * 10_000,
        "?q=%01",
        "?q=a&page=-3",
        "?q=a&page=zzz",
        "?q=(((",
        "?q=*:*",
    ],
)
def test_bad_queries_never_fail(client, site, query):
    assert client.get("/recherche/" + query).status_code == 200


def test_pagination_of_pages(client, site):
    for n in range(12):
        ContentPageFactory(parent=site, title=f"Commerce numéro {n}", slug=f"commerce-{n}")
    first = client.get("/recherche/?q=commerce")
    assert "Page 1 sur 2" in visible_text(first)
    second = client.get("/recherche/?q=commerce&page=2")
    assert "Page 2 sur 2" in visible_text(second)


def test_a_nul_character_is_a_bad_request(client, site):
    assert client.get("/recherche/?q=%00").status_code == 400


@pytest.mark.parametrize("in_menu", [True, False], ids=["dans le menu", "hors du menu"])
def test_search_sends_its_words_to_the_library(client, site, in_menu):
    """The library is found with the menu's sections, or on its own when kept out of them."""
    LibraryPageFactory(parent=site, show_in_menus=in_menu)
    response = client.get("/recherche/?q=introuvable")
    assert response.context["library_url"] == "/ressources/?q=introuvable"
    assert 'cherchez dans les <a href="/ressources/?q=introuvable">ressources</a>' in (
        response.content.decode()
    )


def test_a_restricted_library_is_offered_only_to_those_who_may_see_it(
    audience, site, restrict_to_participants
):
    restrict_to_participants(LibraryPageFactory(parent=site, show_in_menus=True))
    response = audience.get("/recherche/?q=introuvable")
    html = response.content.decode()
    assert ('href="/ressources/' in html) == audience.may_see_restricted


def _marked(html):
    return [word.casefold() for word in re.findall(r"<mark>([^<]*)</mark>", html)]


@postgres_only
@pytest.mark.parametrize(
    ("query", "marked", "not_marked"),
    [
        ("emploi", {"emploi"}, {"emplacement"}),
        ("ville", {"ville", "villes"}, {"villages"}),
        ("economique", {"économique"}, set()),
    ],
)
def test_highlights_mark_exactly_what_the_search_matched(
    client, home_page, query, marked, not_marked
):
    """Pages (site search) and documents (library) are highlighted by the same rule, the
    database's: the words the French search matched, not every word that begins alike."""
    from documents.collections import public_collection

    sentence = (
        "L'emploi du centre-ville, près des villes et des villages : l'emplacement du "
        "développement économique, le commerce, les commerces et les commerçants."
    )
    ContentPageFactory(parent=home_page, title="Portrait", slug="portrait", lead=sentence)
    LibraryPageFactory(parent=home_page, slug="ressources")
    ResourceFactory(
        title="Étude",
        collection=public_collection(),
        file=ContentFile(files.pdf(sections=[("Texte", [sentence])]), name="etude.pdf"),
    )
    for url in (f"/recherche/?q={query}", f"/ressources/?q={query}"):
        html = client.get(url).content.decode()
        found = set(_marked(html))
        assert marked <= found, (url, found)
        assert not (not_marked & found), (url, found)


def test_without_stemming_whole_words_are_marked():
    """SQLite's search matches whole words: its highlights do the same."""
    from editorial.excerpts import excerpt

    passage = str(excerpt("L'emplacement de l'emploi, les villages et la ville.", "emploi ville"))
    assert _marked(passage) == ["emploi", "ville"]
