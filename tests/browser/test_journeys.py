"""Journeys in a real browser: a participant downloads a restricted document, a visitor
cannot; Chromium, the live server and the demo as users have them."""

from django.conf import settings

import pytest

from documents.models import Resource

# Transactional (the live server reads from another connection), ordered after the other
# tests by pytest-django, and restoring the migrations' data (Wagtail's roots) afterwards.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def restricted_document():
    return Resource.objects.filter(kind="document_travail").order_by("title").first()


def test_a_participant_logs_in_and_downloads_a_restricted_document(page, demo_site):
    document = restricted_document()
    response = page.goto(demo_site + "/espace-participants/")
    # Anonymous: the answer of a missing page (nothing confirms the area is there), with the
    # login form that brings a participant back to this address.
    assert response.status == 404
    assert page.get_by_role("heading", name="Vous participez à la formation-action ?").is_visible()
    page.get_by_label("Nom d’utilisateur").fill("participant")
    page.get_by_label("Mot de passe").fill(settings.DEMO_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/espace-participants/")
    assert page.get_by_role("heading", name="Annuaire des participants").is_visible()
    # Its title leads to the document's page; « Télécharger » beside it, to the file.
    with page.expect_download() as download_info:
        page.get_by_role("link", name=f"Télécharger « {document.title} »").first.click()
    download = download_info.value
    assert download.suggested_filename == document.download_filename
    assert download.failure() is None


def test_an_anonymous_visitor_is_refused_the_same_download(page, demo_site):
    document = restricted_document()
    response = page.goto(demo_site + document.url)
    assert "/connexion/" in page.url
    assert response.ok  # the login page, not the file
    assert "Connexion" in page.title()
