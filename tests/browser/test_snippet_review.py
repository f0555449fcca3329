"""Shared content under review in a real browser (issue #16, point 2): an editor renames the
organisation ARADEL; the home page keeps the published name until the reviewer approves and
the publisher publishes the change."""

from django.test import Client
from django.urls import reverse

import pytest

from people.models import Organisation

from .steps import choose_action, log_in_to_the_admin

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NEW_NAME = "Association régionale des développeurs économiques, nom relu"


def home_page_for_a_visitor():
    return Client().get("/").content.decode()


def test_a_snippet_edit_is_a_draft_until_approved_and_published(page, demo_site):
    aradel = Organisation.objects.get(short_name="ARADEL")
    published_name = aradel.name
    assert published_name in home_page_for_a_visitor()
    edit_url = demo_site + reverse("wagtailsnippets_people_organisation:edit", args=[aradel.pk])

    log_in_to_the_admin(page, demo_site, "editeur.aradel")
    page.goto(edit_url)
    page.get_by_role("textbox", name="Nom complet").fill(NEW_NAME)
    choose_action(page, "Soumettre à Validation éditoriale")
    # A draft: visitors still read the published name.
    page_html = home_page_for_a_visitor()
    assert published_name in page_html and NEW_NAME not in page_html

    log_in_to_the_admin(page, demo_site, "relecteur")
    page.goto(edit_url)
    choose_action(page, "Approuver")
    assert NEW_NAME not in home_page_for_a_visitor()

    log_in_to_the_admin(page, demo_site, "publication")
    page.goto(edit_url)
    choose_action(page, "Approuver et Publier")
    assert NEW_NAME in home_page_for_a_visitor()
    aradel.refresh_from_db()
    assert aradel.name == NEW_NAME and aradel.live
