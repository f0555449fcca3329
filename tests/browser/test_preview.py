"""The preview an editor sees while writing: the page itself in the admin's side panel (the
public site's policy forbade its frame), Wagtail's content checks counting its words, and on
the public site the staff's userbar, within the site's strict Content-Security-Policy (the
autouse fixture of conftest.py fails on any violation)."""

import re

import pytest

from home.models import ContentPage

from .steps import log_in_to_the_admin

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_preview_panel_shows_the_page_and_its_checks_count_its_words(page, demo_site):
    log_in_to_the_admin(page, demo_site, "editeur.aradel")
    target = ContentPage.objects.get(slug="la-formation")
    page.goto(f"{demo_site}/admin/pages/{target.pk}/edit/")

    page.get_by_role("button", name="Afficher/masquer la prévisualisation").click()
    preview = page.frame_locator("iframe[src*='/edit/preview/']")
    preview.get_by_role("heading", name=target.title, level=1).wait_for()
    assert preview.get_by_text("Aperçu d’un brouillon").count() == 1

    page.get_by_role("button", name="Vérifications").click()
    heading = page.get_by_role("heading", name="Métriques de contenu")
    heading.wait_for()
    metrics = heading.locator("xpath=..")
    metrics.get_by_text("Lisibilité", exact=True).wait_for()
    words = re.search(r"Mots\s+(\d+)", metrics.inner_text())
    assert words, metrics.inner_text()
    assert int(words.group(1)) > 300  # the page's text, not the blank frame's nothing


def test_the_staff_have_the_userbar_on_the_public_site(page, demo_site):
    log_in_to_the_admin(page, demo_site, "editeur.aradel")
    page.goto(f"{demo_site}/la-formation/")
    page.locator("wagtail-userbar").wait_for(state="attached")
    page.locator("wagtail-userbar").get_by_role("button").first.click()
    edit = page.locator("wagtail-userbar").get_by_role("menuitem", name="Modifier cette page")
    assert edit.get_attribute("href").endswith(
        f"/admin/pages/{ContentPage.objects.get(slug='la-formation').pk}/edit/"
    )
