"""The editorial workflow in a real browser: an editor submits a change in Wagtail's admin,
the reviewer approves it, the publisher approves and publishes it, and the change is live."""

import time
from base64 import b32decode

from django.conf import settings
from django.test import Client

import pytest
from django_otp.oath import TOTP

from access.roles import PUBLICATION_TASK_NAME, REVIEW_TASK_NAME
from home.models import ContentPage

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NEW_TITLE = "La formation-action, relue et validée"


def demo_code():
    """The code the demo's authenticator app shows now (settings.DEMO_TOTP_SECRET)."""
    key = b32decode(settings.DEMO_TOTP_SECRET)
    totp = TOTP(key)
    totp.time = time.time()
    return f"{totp.token():06d}"


def log_in_to_the_admin(page, base, username):
    page.context.clear_cookies()
    page.goto(base + "/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(settings.DEMO_PASSWORD)
    page.get_by_role("button", name="S'identifier").click()
    page.wait_for_load_state()
    if "/double-authentification/code/" in page.url:  # those who publish give a second factor
        page.get_by_label("Code").fill(demo_code())
        page.get_by_role("button", name="Valider").click()
    page.wait_for_url(base + "/admin/")


def log_in_to_the_site(page, base, username):
    """The public site's own login page, as participants use it."""
    page.context.clear_cookies()
    page.goto(base + "/connexion/")
    page.get_by_label("Nom d’utilisateur").fill(username)
    page.get_by_label("Mot de passe").fill(settings.DEMO_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state()


def choose_action(page, name):
    """Click an item of the page editor's action menu, opening its dropdown if need be."""
    button = page.locator("footer").get_by_role("button", name=name, exact=True)
    if not button.is_visible():
        page.locator("footer").get_by_role("button", name="Plus d'actions").click()
    with page.expect_navigation():
        button.click()
    # Wagtail says what it did in a message; an error would show as one too.
    assert page.locator(".messages .success").count() == 1, page.locator(".messages").inner_text()


def current_task(page):
    state = page.__class__.objects.get(pk=page.pk).current_workflow_state
    return state.current_task_state.task.name if state else None


def live_page_for_a_visitor():
    return Client().get("/la-formation/").content.decode()


def test_an_editors_change_goes_live_after_review_and_publication(page, demo_site):
    target = ContentPage.objects.get(slug="la-formation")
    edit_url = f"{demo_site}/admin/pages/{target.pk}/edit/"

    log_in_to_the_admin(page, demo_site, "editeur.aradel")
    page.goto(edit_url)
    page.locator("#id_title").fill(NEW_TITLE)
    choose_action(page, "Soumettre à Validation éditoriale")
    assert current_task(target) == REVIEW_TASK_NAME
    # Not live yet: visitors still read the published title.
    assert NEW_TITLE not in live_page_for_a_visitor()

    log_in_to_the_admin(page, demo_site, "relecteur")
    assert page.get_by_role("heading", name="En attente de votre vérification").is_visible()
    assert page.get_by_role("link", name=NEW_TITLE).first.is_visible()
    page.goto(edit_url)
    choose_action(page, "Approuver")
    assert current_task(target) == PUBLICATION_TASK_NAME
    assert NEW_TITLE not in live_page_for_a_visitor()

    log_in_to_the_admin(page, demo_site, "publication")
    assert page.get_by_role("link", name=NEW_TITLE).first.is_visible()
    page.goto(edit_url)
    # Wagtail's own French label.
    choose_action(page, "Approuver et Publier")
    assert current_task(target) is None

    page.context.clear_cookies()
    page.goto(demo_site + "/la-formation/")
    assert page.get_by_role("heading", level=1).inner_text() == NEW_TITLE
