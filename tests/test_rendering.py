"""Every page type renders in the site's look, with French dates."""

import datetime
import re
from pathlib import Path

import pytest

from documents.factories import LibraryPageFactory, ResourceFactory
from home.factories import ContentPageFactory
from people.factories import PersonFactory
from sessions.factories import SessionIndexPageFactory, SessionPageFactory
from territoires.factories import TerritoryIndexPageFactory, TerritoryPageFactory
from territoires.models import KeyIssue, ShortTermAction, TeamMember

from .conftest import visible_text

pytestmark = pytest.mark.django_db


def test_home_page_renders_sessions_and_territories(client, home_page):
    sessions = SessionIndexPageFactory(parent=home_page)
    SessionPageFactory(parent=sessions, number=1, date=datetime.date(2014, 3, 27))
    territories = TerritoryIndexPageFactory(parent=home_page)
    TerritoryPageFactory(parent=territories, title="Vénissieux")
    response = client.get("/")
    assert response.status_code == 200
    text = visible_text(response)
    assert "27 mars 2014" in text
    assert "Vénissieux" in text
    assert 'lang="fr"' in response.content.decode()
    assert "Aller au contenu" in text


def test_content_page_renders_its_body(client, home_page):
    page = ContentPageFactory(
        parent=home_page,
        title="Mentions légales",
        slug="mentions-legales",
        body=[("heading", {"text": "Hébergement", "level": "h2"})],
    )
    response = client.get(page.url)
    assert response.status_code == 200
    assert "<h2>Hébergement</h2>" in response.content.decode()
    assert "Contenu d'exemple" not in visible_text(response)


def test_example_content_is_marked(client, home_page):
    page = ContentPageFactory(parent=home_page, example_content=True)
    assert "Contenu d'exemple" in visible_text(client.get(page.url))


def test_session_page_shows_date_place_and_programme(client, home_page):
    index = SessionIndexPageFactory(parent=home_page)
    session = SessionPageFactory(
        parent=index,
        number=4,
        date=datetime.date(2014, 9, 18),
        theme="Identifier des actions",
        programme=[
            ("slot", {"start": "10:00", "end": "11:30", "kind": "travaux", "title": "Ateliers"})
        ],
    )
    text = visible_text(client.get(session.url))
    assert "jeudi 18 septembre 2014" in text
    assert "La Verrière des Cordeliers, Sainte-Colombe (près de Vienne)" in text
    assert "10 h 00 – 11 h 30" in text
    assert "Ateliers" in text
    index_text = visible_text(client.get(index.url))
    assert "Séance 4 — Identifier des actions" in index_text


def test_territory_page_shows_team_issues_and_actions(client, home_page):
    index = TerritoryIndexPageFactory(parent=home_page)
    territory = TerritoryPageFactory(parent=index, title="Grenoble")
    person = PersonFactory(
        first_name="Amandine", last_name="Roux", role="responsable_emploi_insertion"
    )
    TeamMember.objects.create(territory=territory, person=person)
    KeyIssue.objects.create(territory=territory, title="Remettre en activité les locaux")
    ShortTermAction.objects.create(territory=territory, title="Appel à projets", state="engagee")
    text = visible_text(client.get(territory.url))
    assert "Responsable emploi-insertion Amandine Roux" in text
    assert "Remettre en activité les locaux" in text
    assert "Appel à projets Engagée" in text
    assert "Grenoble" in visible_text(client.get(index.url))


def _nav_text(response, label):
    html = response.content.decode()
    match = re.search(rf'<nav[^>]*aria-label="{label}".*?</nav>', html, flags=re.S)
    assert match, label
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(0)).split())


def test_menu_and_breadcrumbs_of_deep_pages(client, home_page):
    """Menu and breadcrumbs are read together: the trail still names an ancestor kept out of
    the menu, in the order of the tree, and the menu only the pages shown in menus."""
    index = TerritoryIndexPageFactory(parent=home_page, title="Les territoires", show_in_menus=True)
    territory = TerritoryPageFactory(parent=index, title="Grenoble")
    annexes = ContentPageFactory(parent=home_page, title="Annexes", show_in_menus=False)
    glossary = ContentPageFactory(parent=annexes, title="Glossaire")
    terms = ContentPageFactory(parent=glossary, title="Termes de la politique de la ville")

    response = client.get(territory.url)
    assert _nav_text(response, "Fil d’Ariane") == "Accueil Les territoires Grenoble"
    assert _nav_text(response, "Menu principal") == "Menu Accueil Les territoires"
    assert 'class="is-active">Les territoires' in response.content.decode()

    response = client.get(terms.url)
    assert (
        _nav_text(response, "Fil d’Ariane")
        == "Accueil Annexes Glossaire Termes de la politique de la ville"
    )
    assert _nav_text(response, "Menu principal") == "Menu Accueil Les territoires"


def test_library_page_lists_public_documents_with_format_and_size(client, home_page):
    library = LibraryPageFactory(parent=home_page)
    ResourceFactory(title="Programme de la séance 1")
    text = visible_text(client.get(library.url))
    assert "Programme de la séance 1" in text
    assert "PDF, 13 octets" in text


def test_library_page_says_when_it_is_empty(client, home_page):
    library = LibraryPageFactory(parent=home_page)
    assert "Aucune ressource n'est encore en ligne" in visible_text(client.get(library.url))


def test_unknown_url_gets_the_french_404_page_in_the_site_look(client, home_page):
    response = client.get("/cette-page-n-existe-pas/")
    assert response.status_code == 404
    text = visible_text(response)
    assert "Page introuvable" in text
    assert "Revenir à l'accueil" in text
    assert 'class="site-header"' in response.content.decode()


def test_server_error_gets_the_french_500_page(client, home_page, monkeypatch):
    from home.models import HomePage

    def explode(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(HomePage, "get_context", explode)
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 500
    assert "Une erreur est survenue" in visible_text(response)


@pytest.mark.parametrize(
    "url", ["/sessions/%00/", "/foo%00bar/", "/ressources/?theme=%00", "/recherche/?q%00=1"]
)
def test_a_nul_character_gets_a_french_400_not_a_500(client, home_page, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "Requête invalide" in visible_text(response)


def template_files():
    from django.conf import settings

    base = Path(settings.BASE_DIR)
    return [
        path
        for path in base.glob("*/templates/**/*.html")
        if not path.relative_to(base).parts[0].startswith(".")
    ]


def test_no_template_comment_runs_over_a_line():
    """Django's {# #} comment ends on its line: one that goes on is shown on the page as
    text (the print-source note once was, at the foot of every page)."""
    files = template_files()
    assert any(path.name == "base.html" for path in files)
    broken = [
        f"{path}:{number}"
        for path in files
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if "{#" in line and "#}" not in line[line.index("{#") :]
    ]
    assert broken == []
