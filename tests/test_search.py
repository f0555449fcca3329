"""Site-wide search: pages and documents together, highlighted, paginated, private-safe."""

import re
from html import unescape

from django.core.files.base import ContentFile
from django.db import connection

from wagtail.models import Collection, CollectionViewRestriction
from wagtail.search.index import insert_or_update_object

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
    insert_or_update_object(secret)
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
def test_french_stemming(client, site):
    text = visible_text(client.get("/recherche/?q=commerces"))
    assert "Le commerce de proximité" in text


@pytest.mark.parametrize(
    ("query", "page", "document"),
    [
        ("proximite", "Le commerce de proximité", "Commerce de proximité : étude"),
        ("venissieux", "Les Minguettes", "Vénissieux : portrait économique"),
        ("VÉNISSIEUX", "Les Minguettes", "Vénissieux : portrait économique"),
    ],
)
def test_accents_and_case_are_ignored_on_both_databases(client, site, query, page, document):
    """SQLite, the first-run default, folds accents as PostgreSQL's configuration does, in
    the pages and in the documents (their title and their text)."""
    ContentPageFactory(parent=site, title="Les Minguettes", slug="minguettes", lead="À Vénissieux.")
    ResourceFactory(title="Commerce de proximité : étude")
    ResourceFactory(title="Vénissieux : portrait économique")
    LibraryPageFactory(parent=site, slug="ressources")
    response = client.get(f"/recherche/?q={query}")
    text = visible_text(response)
    assert page in text
    assert document in text
    library = visible_text(client.get(f"/ressources/?q={query}"))
    assert document in library


@pytest.mark.parametrize("query", ["'\";--", '"', "--", "***", "« »", "'); --"])
def test_a_search_without_words_says_so_in_french(client, site, query):
    """Punctuation alone is no search (SQLite's full-text syntax once failed on a quote, and
    the visitor read « service indisponible »): a French sentence says what to type."""
    response = client.get("/recherche/", {"q": query})
    assert response.status_code == 200
    text = visible_text(response)
    assert "ne contient aucun mot à chercher" in text
    assert "page pour" not in text


@pytest.mark.parametrize(
    "query", ['"commerce', "commerce'", '"commerce"', "(commerce)", "commerce --", "commerce*"]
)
def test_stray_quotes_and_operators_around_words_still_find(client, site, query):
    response = client.get("/recherche/", {"q": query})
    assert response.status_code == 200
    assert "Le commerce de proximité" in visible_text(response)


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
    assert response.context["results"]["library_url"] == "/ressources/?q=introuvable"
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


@pytest.fixture
def portraits(home_page):
    """A territory whose issues and actions alone say « emploi », a session whose programme
    alone says it, and a document that says it in the middle of its text."""
    from demo.content import stream
    from documents.collections import public_collection
    from sessions.factories import SessionIndexPageFactory, SessionPageFactory
    from territoires.factories import TerritoryIndexPageFactory, TerritoryPageFactory
    from territoires.models import KeyIssue, PriorityNeighbourhood, ShortTermAction

    territories = TerritoryIndexPageFactory(parent=home_page)
    grenoble = TerritoryPageFactory(
        parent=territories,
        title="Grenoble",
        summary="Une agglomération de montagne.",
        neighbourhoods=[PriorityNeighbourhood(name="Villeneuve", municipality="Échirolles")],
        key_issues=[
            KeyIssue(title="Le commerce", description="Des cellules vacantes en pied d'immeuble."),
            KeyIssue(
                title="L'accès à l'emploi",
                description="Les habitants accèdent peu aux emplois de la zone. Les "
                "entreprises recrutent ailleurs.",
            ),
        ],
        actions=[ShortTermAction(title="Forum de l'emploi dans le quartier")],
    )
    # Indexed again with its issues, as publishing a revision does (they are saved after it).
    insert_or_update_object(grenoble)
    sessions = SessionIndexPageFactory(parent=home_page)
    SessionPageFactory(
        parent=sessions,
        theme="Une culture commune",
        programme=stream(
            [
                ("slot", {"start": "12:30", "end": "13:45", "kind": "pause", "title": "Déjeuner"}),
                (
                    "slot",
                    {
                        "start": "13:45",
                        "end": "15:15",
                        "kind": "intervention",
                        "title": "Outils et dispositifs : création d'activité, commerce, emploi",
                        "speakers": "ARADEL",
                    },
                ),
                (
                    "slot",
                    {"start": "15:15", "kind": "restitution", "title": "Ce que nous retenons"},
                ),
            ]
        ),
    )
    LibraryPageFactory(parent=home_page, slug="ressources")
    sentences = [
        "Le quartier compte quatre mille habitants.",
        "Les demandeurs d'emploi y sont deux fois plus nombreux qu'ailleurs.",
        "Le centre commercial a perdu la moitié de ses enseignes.",
    ]
    ResourceFactory(
        title="Portrait",
        collection=public_collection(),
        file=ContentFile(files.pdf(sections=[("Portrait", sentences)]), name="portrait.pdf"),
    )
    return home_page


def _excerpts(html, css_class):
    return re.findall(rf'<p class="{css_class}">(.*?)</p>', html, flags=re.S)


def _result_excerpts(response):
    """{result's title: its excerpt}, in the page's text (French spaces and quotes folded)."""
    found = {}
    page = response.content.decode()
    for item in re.findall(r'<li class="search-result">(.*?)</li>', page, flags=re.S):
        title = re.search(r"<a [^>]*>(.*?)</a>", item).group(1)
        excerpt = (_excerpts(item, "search-result__excerpt") or [""])[0]
        excerpt = unescape(excerpt).replace("\u00a0", " ").replace("\u202f", " ")
        found[title] = excerpt.replace("’", "'")
    return found


def test_a_territory_is_quoted_from_its_issues_and_actions(client, portraits):
    excerpt = _result_excerpts(client.get("/recherche/?q=emploi"))["Grenoble"]
    # The issue that matched, as a sentence: its title, then what it says.
    assert excerpt.startswith("L'accès à l'<mark>emploi</mark> : Les habitants")
    assert re.sub("</?mark>", "", excerpt) == (
        "L'accès à l'emploi : Les habitants accèdent peu aux emplois de la zone. Les "
        "entreprises recrutent ailleurs."
    )
    excerpt = _result_excerpts(client.get("/recherche/?q=villeneuve"))["Grenoble"]
    assert excerpt == "<mark>Villeneuve</mark> (Échirolles)."


def test_a_session_is_quoted_from_its_programme_row_by_row(client, portraits):
    excerpts = _result_excerpts(client.get("/recherche/?q=emploi"))
    assert excerpts["Séance 1"] == (
        "Intervention extérieure : Outils et dispositifs : création d'activité, "
        "commerce, <mark>emploi</mark> (ARADEL)."
    )
    excerpts = _result_excerpts(client.get("/recherche/?q=dejeuner"))
    assert excerpts["Séance 1"] == "<mark>Déjeuner</mark>."


def test_a_document_is_quoted_by_whole_sentences_without_a_double_ellipsis(client, portraits):
    for url in ("/recherche/?q=emploi", "/ressources/?q=emploi"):
        html = client.get(url).content.decode()
        (excerpt,) = _excerpts(html, "document__excerpt")
        text = re.sub(r"</?mark>", "", excerpt)
        assert "<mark>emploi</mark>" in excerpt, url
        assert "Les demandeurs d&#x27;emploi y sont deux fois plus nombreux" in text, url
        assert "… …" not in text and not text.startswith("…"), url


def test_excerpts_quote_nothing_restricted(
    audience, portraits, restrict_to_participants, restricted_groups
):
    """A restricted territory's issues and a restricted document's text never reach an
    excerpt for those who may not see them; those who may see them read them."""
    from territoires.factories import TerritoryPageFactory
    from territoires.models import KeyIssue, TerritoryIndexPage

    secret = TerritoryPageFactory(
        parent=TerritoryIndexPage.objects.get(),
        title="Territoire discret",
        key_issues=[KeyIssue(title="Note interne", description="Emploi confidentiel.")],
    )
    insert_or_update_object(secret)
    restrict_to_participants(secret)
    private = Collection.get_first_root_node().add_child(name="Privé")
    restriction = CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.GROUPS
    )
    restriction.groups.add(*restricted_groups)
    ResourceFactory(
        title="Compte rendu interne",
        collection=private,
        file=ContentFile(files.pdf(sections=[("Interne", ["Un emploi réservé."])]), name="i.pdf"),
    )
    html = audience.get("/recherche/?q=emploi").content.decode()
    for secret in ("Emploi</mark> confidentiel", "Un <mark>emploi</mark> réservé"):
        assert (secret in html) == audience.may_see_restricted, (audience.audience, secret)


def test_excerpt_rules():
    """The sentence around the first match, then its neighbours while they fit; clauses of a
    sentence too long; one ellipsis where a sentence is cut; lines never run together."""
    from editorial.excerpts import excerpt

    text = "Une première phrase. Puis l'emploi au centre. Une troisième.\n\nDéjeuner."
    assert str(excerpt(text, "emploi")) == (
        "Une première phrase. Puis l&#x27;<mark>emploi</mark> au centre. Une troisième."
    )
    long = "Au début, " + "une longue incise, " * 30 + "puis l'emploi, " + "encore, " * 40 + "fin."
    passage = str(excerpt(long, "emploi"))
    assert passage.startswith("… ") and passage.endswith(" …")
    assert passage.count("…") == 2 and "<mark>emploi</mark>" in passage
    assert len(re.sub("<[^>]+>", "", passage)) <= 270
    assert str(excerpt("Pause\nDéjeuner\nIntervention sur l'emploi", "emploi")) == (
        "Intervention sur l&#x27;<mark>emploi</mark>"
    )
    # A PDF's wrapped line reads on.
    assert str(excerpt("porte d'entrée vers\nl'emploi.", "emploi")).startswith("porte d")


def test_without_stemming_whole_words_are_marked():
    """SQLite's search matches whole words: its highlights do the same."""
    from editorial.excerpts import excerpt

    passage = str(excerpt("L'emplacement de l'emploi, les villages et la ville.", "emploi ville"))
    assert _marked(passage) == ["emploi", "ville"]
