"""The legal pages say what the law asks and what the site really does: the accessibility
statement (RGAA 4.1, article 47 of loi 2005-102, décret 2019-768) and its state on every page,
the personal data page (GDPR) with the durations the site applies, read from its settings."""

import io
from datetime import timedelta

from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from wagtail.models import Site

import pytest

from demo import content as demo_content
from demo.models import DemoStep
from editorial.typography import french
from home.models import ContentPage, FooterSettings
from people.blocks import french_days

from .conftest import visible_text

pytestmark = pytest.mark.django_db

BADGE = '<span class="example-badge">Contenu d’exemple</span>'


def footer_settings():
    return FooterSettings.for_site(Site.objects.get(is_default_site=True))


# Accessibility


def test_every_page_says_the_sites_accessibility_state_in_its_footer(client, demo):
    for url in ["/", "/territoires/grenoble/", "/ressources/", "/page-qui-n-existe-pas/"]:
        html = client.get(url).content.decode()
        assert '<a href="/accessibilite/">Accessibilité : non conforme</a>' in html, url


def test_the_state_is_set_by_the_staff_and_the_statement_follows_it(client, demo):
    footer = footer_settings()
    assert footer.accessibility_status == "non"  # no audit: RGAA allows nothing else
    statement = visible_text(client.get("/accessibilite/"))
    assert "est non conforme avec le référentiel général d'amélioration" in statement
    assert "partiellement conforme" not in statement.replace("ni partiellement conforme", "")
    footer.accessibility_status = FooterSettings.AccessibilityStatus.PARTIAL
    footer.save()
    assert "Accessibilité : partiellement conforme</a>" in client.get("/").content.decode()
    statement = visible_text(client.get("/accessibilite/"))
    assert "est partiellement conforme avec le référentiel" in statement
    assert "aucun audit de conformité n'a encore été réalisé" not in statement


def test_the_state_is_a_choice_in_the_footers_settings(admin_client, demo):
    site = Site.objects.get(is_default_site=True)
    html = admin_client.get(f"/admin/settings/home/footersettings/{site.pk}/").content.decode()
    assert "État de conformité" in html
    for label in ("totalement conforme", "partiellement conforme", "non conforme"):
        assert label in html


def test_the_statement_has_what_the_law_asks_and_no_unflagged_gap(client, demo):
    response = client.get("/accessibilite/")
    text = visible_text(response)
    for part in (
        "article 47 de la loi n° 2005-102",
        "Schéma pluriannuel",
        "État de conformité",
        "Résultats des tests",
        "Non-conformités",
        "Dérogations pour charge disproportionnée",
        "Contenus non soumis à l'obligation d'accessibilité",
        "Technologies utilisées",
        "Environnement de test",
        "Pages du site ayant fait l'objet de la vérification",
        "Retour d'information et contact",
        "Voies de recours",
        "Défenseur des droits",
    ):
        assert part in text, part
    assert "à compléter" not in text
    html = response.content.decode()
    # What the demo cannot know (the multi-year plan, the date, the contact) is marked where
    # it stands, not the whole page.
    assert html.count(BADGE) == 3
    assert 'class="example-notice"' not in html
    contact = html[html.index("Retour d’information et contact") :]
    assert BADGE in contact[: contact.index("Voies de recours")]


# Personal data


def test_the_privacy_page_says_what_the_gdpr_asks(client, demo):
    text = visible_text(client.get("/donnees-personnelles/"))
    for part in (
        "Responsables du traitement",
        "ARADEL",
        "CR•DSU",
        "Base légale",
        "Annuaire des participants",
        "adresse électronique",
        "montré à chaque participant connecté",
        "Traces de connexion",
        "Journal du serveur web",
        "sessionid",
        "csrftoken",
        "article 82 de la loi Informatique et Libertés",
        "aucun bandeau",
        "Destinataires",
        "rectifier",
        "effacer",
        "limitation",
        "opposer",
        "portabilité",
        "réclamation à la CNIL",
    ):
        assert part in text, part
    assert "à compléter" not in text


def test_the_privacy_page_states_the_durations_the_site_applies(client, demo, settings):
    settings.ACCESS_LOG_RETENTION_DAYS = 30
    settings.SESSION_COOKIE_AGE = 60 * 60 * 24 * 7
    settings.AXES_FAILURE_LIMIT = 4
    settings.AXES_COOLOFF_TIME = timedelta(minutes=20)
    text = visible_text(client.get("/donnees-personnelles/"))
    assert "30 jours, puis supprimées chaque jour" in text
    assert "Après 4 échecs" in text and "bloqué 20 minutes" in text
    assert "une semaine au plus" in text
    assert f"{french_days(django_settings.CSRF_COOKIE_AGE)} au plus" in text
    assert "valable trois jours" in text


@pytest.mark.parametrize(
    ("seconds", "said"),
    [
        (90 * 86400, "90 jours"),
        (14 * 86400, "deux semaines"),
        (7 * 86400, "une semaine"),
        (3 * 86400, "trois jours"),
        (86400, "un jour"),
        (31449600, "un an"),
        (10 * 7 * 86400, "70 jours"),
    ],
)
def test_durations_are_said_in_french(seconds, said):
    assert french_days(seconds) == said


def test_the_public_site_sets_only_the_two_cookies_the_page_names(demo, participant):
    """No banner, as the page says: only strictly necessary cookies, and none at all for a
    visitor who reads without a form."""
    client = Client()
    client.get("/")
    client.get("/territoires/grenoble/")
    assert set(client.cookies) == set()
    client.get("/connexion/")
    assert set(client.cookies) == {"csrftoken"}
    participant.set_password("un-mot-de-passe-solide")
    participant.save()
    response = client.post(
        "/connexion/", {"username": participant.username, "password": "un-mot-de-passe-solide"}
    )
    assert response.status_code == 302
    client.get("/espace-participants/")
    assert set(client.cookies) == {"csrftoken", "sessionid"}


# Demo sites built before


def old_legal_body(slug):
    """The page as the demo built it before the statement and the privacy page were
    complete (one paragraph, page-wide notice)."""
    return [("paragraph", "<p>Le site est partiellement conforme. Adresse à compléter.</p>")]


def test_an_existing_demo_site_gets_the_complete_legal_pages():
    call_command("load_demo", stdout=io.StringIO())
    DemoStep.objects.filter(name="pages-legales-completes").delete()
    pages = {
        page.slug: page
        for page in ContentPage.objects.filter(slug__in=["accessibilite", "donnees-personnelles"])
    }
    for page in pages.values():
        page.body = old_legal_body(page.slug)
        page.example_content = True
        page.save_revision().publish()  # no user: still the demo's
    edited = ContentPage.objects.get(slug="donnees-personnelles")
    person = get_user_model().objects.get(username="admin")
    edited.body = [("paragraph", "<p>Texte écrit par l’administratrice.</p>")]
    edited.save_revision(user=person).publish()
    call_command("load_demo", stdout=io.StringIO())
    statement = ContentPage.objects.get(slug="accessibilite")
    assert [block.block_type for block in statement.body][:4] == [
        "heading",
        "paragraph",
        "example",
        "heading",
    ]
    assert not statement.example_content
    assert statement.lead == french(demo_content.LEGAL_PAGES[1]["lead"])
    privacy = ContentPage.objects.get(slug="donnees-personnelles")
    assert str(privacy.body[0].value) == "<p>Texte écrit par l’administratrice.</p>"
