"""The library at a touch (issue #18, point 7): active filters as chips that remove them,
« Filtrer (n) », facets that fold away when they offer nothing, the form that still works
without script, and « Télécharger la sélection », a ZIP of the current selection."""

import io
import re
import zipfile
from datetime import date

from django.core.files.base import ContentFile

import pytest

from documents import library as library_module
from documents.factories import LibraryPageFactory, ResourceFactory
from editorial.models import Theme
from sessions.factories import SessionIndexPageFactory, SessionPageFactory
from territoires.factories import TerritoryIndexPageFactory, TerritoryPageFactory

from . import files
from .conftest import visible_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(home_page):
    page = LibraryPageFactory(parent=home_page)
    sessions = SessionIndexPageFactory(parent=home_page)
    territories = TerritoryIndexPageFactory(parent=home_page)
    s1 = SessionPageFactory(parent=sessions, number=1)
    s3 = SessionPageFactory(parent=sessions, number=3)
    grenoble = TerritoryPageFactory(parent=territories, title="Grenoble", slug="grenoble")
    emploi = Theme.objects.create(name="Emploi et insertion", slug="emploi")
    support = ResourceFactory(
        title="Support de la séance 3",
        kind="support_formation",
        session=s3,
        document_date=date(2014, 5, 27),
        file=ContentFile(files.pdf(title="Support"), name="support.pdf"),
    )
    fiche = ResourceFactory(
        title="Fiche action Grenoble",
        kind="fiche_action",
        session=s3,
        document_date=date(2014, 9, 18),
        file=ContentFile(files.pdf(title="Fiche"), name="fiche.pdf"),
    )
    ResourceFactory(
        title="Programme de la séance 1",
        kind="programme",
        session=s1,
        document_date=date(2014, 3, 27),
        file=ContentFile(files.pdf(title="Programme"), name="programme.pdf"),
    )
    fiche.territories.set([grenoble])
    fiche.themes.set([emploi])
    support.themes.set([emploi])
    return page


def html_of(response):
    return response.content.decode()


def chips(response):
    """(accessible name, address) of each chip."""
    found = re.findall(r'<a class="chip" href="([^"]*)">(.*?)</a>', html_of(response), re.S)
    return [
        (re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", label).replace("×", "")).strip(), url)
        for url, label in found
    ]


def test_each_active_filter_is_a_chip_that_removes_it(client, library):
    response = client.get("/ressources/?q=fiche&theme=emploi&seance=3&type=fiche_action")
    found = chips(response)
    assert [name for name, _url in found] == [
        "Retirer le filtre Mots : fiche",
        "Retirer le filtre Type de document : Fiche action",
        "Retirer le filtre Séance : Séance 3",
        "Retirer le filtre Thème : Emploi et insertion",
    ]
    by_name = dict(found)
    # Each chip is the same search without its own filter (a real link: no script needed).
    theme_removed = by_name["Retirer le filtre Thème : Emploi et insertion"].replace("&amp;", "&")
    assert "theme=" not in theme_removed
    assert "seance=3" in theme_removed and "type=fiche_action" in theme_removed
    assert "q=fiche" in theme_removed
    words_removed = by_name["Retirer le filtre Mots : fiche"].replace("&amp;", "&")
    assert "q=" not in words_removed and "theme=emploi" in words_removed
    # « Tout effacer » stands beside them.
    assert re.search(
        r'</ul>\s*<a class="library__clear" href="/ressources/">Tout effacer</a>', html_of(response)
    )
    # Following a chip gives the search without that filter.
    after = client.get(
        "/ressources/"
        + by_name["Retirer le filtre Thème : Emploi et insertion"].replace("&amp;", "&")
    )
    assert "Retirer le filtre Thème" not in visible_text(after)
    assert "Retirer le filtre Séance : Séance 3" in visible_text(after)


def test_no_filter_no_chip_and_no_clearing(client, library):
    response = client.get("/ressources/")
    assert chips(response) == []
    assert "Tout effacer" not in visible_text(response)


def test_a_restricted_or_unknown_value_is_shown_as_typed_never_named(client, library):
    response = client.get("/ressources/?seance=9")
    assert [name for name, _url in chips(response)] == ["Retirer le filtre Séance : 9"]


def test_filter_button_counts_the_active_filters(client, library):
    html = html_of(client.get("/ressources/?theme=emploi&seance=3&seance=1&q=fiche"))
    # The facets' values (the words have their box): seen « Filtrer (3) », heard « … 3
    # filtres actifs ».
    assert 'Filtrer (3<span class="visually-hidden"> filtres actifs</span>)</button>' in html
    html = html_of(client.get("/ressources/"))
    assert 'aria-controls="library-filters">Filtrer</button>' in html  # none chosen: no number


def test_without_script_the_form_still_applies_and_leads_to_the_filters(client, library):
    html = html_of(client.get("/ressources/"))
    assert '<form class="library__form" id="library-form" method="get"' in html
    assert (
        '<button type="submit" class="library__apply button-secondary">Appliquer les filtres'
        in html
    )
    assert '<a class="library__to-filters" href="#library-filters">Aller aux filtres' in html
    assert 'id="library-filters"' in html
    # The script is a file of its own, deferred (the CSP forbids inline scripts).
    assert re.search(r'<script src="/static/documents/library[^"]*\.js" defer></script>', html)


def test_a_facet_whose_one_value_every_result_has_folds_away(client, library):
    response = client.get("/ressources/")
    text = visible_text(response)
    html = html_of(response)
    # Every document is a PDF of 2014: « Format » and « Année » offer nothing.
    assert "<legend>Format</legend>" not in html
    assert "<legend>Année</legend>" not in html
    # A one-valued facet that narrows the results stays (one document of three has a theme
    # ... two have it: « Thème » offers « Emploi et insertion (2) »).
    assert "<legend>Thème</legend>" in html
    assert "<legend>Territoire</legend>" in html  # Grenoble (1) of 3
    assert "Emploi et insertion (2)" in text
    # Chosen, a folded facet's value shows, as a chip and in its group (to be unticked).
    response = client.get("/ressources/?format=pdf")
    assert "Retirer le filtre Format : PDF" in visible_text(response)
    assert "<legend>Format</legend>" in html_of(response)


# « Télécharger la sélection »


def archive_names(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))).namelist()


def test_the_library_offers_the_selections_archive_at_its_address(client, library):
    response = client.get("/ressources/?seance=3&tri=titre")
    html = html_of(response).replace("&amp;", "&")
    match = re.search(
        r'<a class="button-secondary" href="([^"]+)">Télécharger la sélection</a>', html
    )
    assert match
    assert match.group(1) == "/documents/selection.zip?seance=3&tri=titre"
    assert "ZIP, 2 documents" in visible_text(response)
    names = archive_names(client.get(match.group(1)))
    assert names == ["fiche.pdf", "support.pdf"]  # the library's order (here by title)


def test_the_archive_follows_the_words_and_every_facet(client, library):
    assert archive_names(client.get("/documents/selection.zip?theme=emploi&type=fiche_action")) == [
        "fiche.pdf"
    ]
    names = archive_names(client.get("/documents/selection.zip"))
    assert sorted(names) == ["fiche.pdf", "programme.pdf", "support.pdf"]
    response = client.get("/documents/selection.zip")
    assert response["Content-Disposition"] == 'attachment; filename="ressources-selection.zip"'
    assert response["Cache-Control"] == "private, no-store"


def test_an_empty_selection_is_a_clear_page_not_an_empty_archive(client, library):
    response = client.get("/documents/selection.zip?q=zzzzzz")
    assert response.status_code == 404
    assert "Aucun document de cette sélection ne vous est accessible" in visible_text(response)


def test_a_selection_too_large_is_refused_with_a_clear_message(client, library, monkeypatch):
    monkeypatch.setattr(library_module, "ARCHIVE_MAX_DOCUMENTS", 2)
    response = client.get("/documents/selection.zip?annee=2014")
    assert response.status_code == 400
    text = visible_text(response)
    assert "Cette sélection compte 3 documents" in text
    assert "trop pour une seule archive, qui en réunit au plus 2 et 200 Mo" in text
    assert "Affinez la sélection" in text
    assert 'href="/ressources/?annee=2014"' in html_of(response)
    # The library says so instead of offering the button.
    response = client.get("/ressources/")
    assert "Télécharger la sélection" not in visible_text(response)
    assert "Cette sélection compte 3 documents" in visible_text(response)
    assert "Télécharger la sélection" in visible_text(client.get("/ressources/?seance=3"))


def test_a_selection_too_heavy_is_refused_too(client, library, monkeypatch):
    monkeypatch.setattr(library_module, "ARCHIVE_MAX_BYTES", 10)
    response = client.get("/documents/selection.zip?seance=3")
    assert response.status_code == 400
    assert "qui en réunit au plus 100 et 10 octets" in visible_text(response)


@pytest.mark.parametrize(
    "query", ["?seance=%00", "?type=../../etc", "?q=" + "x" * 5000, "?annee=٣", "?page=-1"]
)
def test_garbage_parameters_never_fail_the_archive(client, library, query):
    assert client.get("/documents/selection.zip" + query).status_code in (200, 400, 404)
