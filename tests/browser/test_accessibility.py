"""axe-core (Deque's accessibility engine, shipped by axe-playwright-python) in Chromium, on
every page type at desktop and mobile widths: no violation of WCAG 2.1 A and AA rules."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from capitalisation.models import OpenDataPage
from documents.models import LibraryPage, Resource, ResourceCollectionPage
from home.models import ContactPage, ContentPage, SitemapPage
from sessions.models import SessionIndexPage, SessionPage
from territoires.models import TerritoryIndexPage, TerritoryPage

from .steps import log_in_to_the_site

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WIDTHS = {"bureau": {"width": 1280, "height": 900}, "mobile": {"width": 375, "height": 740}}
RULES = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def public_urls():
    return {
        "accueil": "/",
        "page de contenu": ContentPage.objects.get(slug="la-formation").url,
        # Legal pages: passages marked « Contenu d’exemple », the durations list.
        "déclaration d’accessibilité": ContentPage.objects.get(slug="accessibilite").url,
        "données personnelles": ContentPage.objects.get(slug="donnees-personnelles").url,
        "liste des séances": SessionIndexPage.objects.get().url,
        "séance": SessionPage.objects.get(number=1).url,
        "liste des territoires": TerritoryIndexPage.objects.get().url,
        "territoire": TerritoryPage.objects.get(slug="grenoble").url,
        "bibliothèque": LibraryPage.objects.get().url + "?q=emploi&type=support_formation",
        "collection": ResourceCollectionPage.objects.live().public().first().url,
        "page d’un document": LibraryPage.objects.get().document_path(
            Resource.objects.get(title="Programme de la séance 1")
        ),
        "capitalisation": "/capitalisation/",
        "capitalisation filtrée": "/capitalisation/?theme=emploi-et-insertion&etat=engagee",
        "capitalisation, filtre inconnu": "/capitalisation/?territoire=atlantide",
        "données ouvertes": OpenDataPage.objects.get().url,
        "fichier de données introuvable": "/donnees-ouvertes/territoires.xlsx",
        "recherche": "/recherche/?q=commerce",
        "recherche vide": "/recherche/?q=zzzzzz",
        "connexion": "/connexion/?next=/espace-participants/",
        "page introuvable": "/page-qui-n-existe-pas/",
        "plan du site": SitemapPage.objects.get().url,
        "contact": ContactPage.objects.get().url,
    }


def violations(page):
    results = Axe().run(page, options=RULES)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
    ]


@pytest.mark.parametrize("width", WIDTHS)
def test_no_axe_violation_on_any_public_page_type(page, demo_site, width):
    page.set_viewport_size(WIDTHS[width])
    found = {}
    for name, url in public_urls().items():
        page.goto(demo_site + url)
        problems = violations(page)
        if problems:
            found[name] = problems
    assert found == {}


@pytest.mark.parametrize("width", WIDTHS)
def test_no_axe_violation_in_the_participants_area(page, demo_site, width):
    page.set_viewport_size(WIDTHS[width])
    log_in_to_the_site(page, demo_site, "participant")
    found = {}
    for name, url in {
        "espace participants": "/espace-participants/",
        "dépôt d’un document": "/espace-participants/deposer/",
        "mes dépôts": "/espace-participants/mes-depots/",
        "propositions du territoire": "/espace-participants/propositions/",
        "compte": "/compte/",
        "fiche de l’annuaire": "/compte/annuaire/",
        "courriels de nouveautés": "/compte/notifications/",
        "changer de mot de passe": "/mot-de-passe/changer/",
        "déconnexion": "/deconnexion/",
    }.items():
        page.goto(demo_site + url)
        problems = violations(page)
        if problems:
            found[name] = problems
    assert found == {}


def test_axe_does_report_what_it_is_asked_to_find(page, demo_site):
    """The engine runs and reports: a home page made faulty on purpose fails the check."""
    page.goto(demo_site + "/")
    page.evaluate(
        "() => { document.documentElement.removeAttribute('lang');"
        " document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=\"x.png\">'); }"
    )
    found = " ".join(violations(page))
    assert "html-has-lang" in found
    assert "image-alt" in found
