"""The capitalisation in a real browser: an editor ticks a theme on a territory's key issue in
the territory page; the capitalisation shows it under that theme once the page is published,
not while it is a draft under review. A visitor filters on a phone."""

from django.test import Client
from django.urls import reverse

import pytest

from territoires.models import TerritoryPage

from .steps import choose_action, log_in_to_the_admin

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

THEME = "contrats-de-ville"


def contrats_de_ville():
    return Client().get(f"/capitalisation/?theme={THEME}").content.decode()


def test_a_theme_ticked_in_the_territory_page_reaches_the_capitalisation_when_published(
    page, demo_site
):
    grenoble = TerritoryPage.objects.get(slug="grenoble")
    issue = grenoble.key_issues.first()
    assert issue.title not in contrats_de_ville()

    log_in_to_the_admin(page, demo_site, "editeur.aradel")
    page.goto(demo_site + reverse("wagtailadmin_pages:edit", args=[grenoble.pk]))
    page.locator("#inline_child_key_issues-0").get_by_label("Contrats de ville").check()
    choose_action(page, "Soumettre à Validation éditoriale")
    assert issue.title not in contrats_de_ville()  # a draft under review

    log_in_to_the_admin(page, demo_site, "relecteur")
    page.goto(demo_site + reverse("wagtailadmin_pages:edit", args=[grenoble.pk]))
    choose_action(page, "Approuver")
    log_in_to_the_admin(page, demo_site, "publication")
    page.goto(demo_site + reverse("wagtailadmin_pages:edit", args=[grenoble.pk]))
    choose_action(page, "Approuver et Publier")
    assert issue.title in contrats_de_ville()


def test_a_visitor_filters_on_a_phone_and_shares_the_address(page, demo_site):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(demo_site + "/capitalisation/")
    page.get_by_label("Thème", exact=True).select_option(label="Emploi et insertion")
    page.get_by_label("État des actions").select_option(label="Engagée")
    page.get_by_role("button", name="Filtrer").click()
    page.wait_for_load_state()
    assert "theme=emploi-et-insertion" in page.url and "etat=engagee" in page.url
    text = page.locator("main").inner_text()
    assert "Forum emploi dans le quartier avec les entreprises du bassin" in text
    assert "Inventaire des locaux commerciaux vacants" not in text
    # Nothing wider than the phone's screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
