"""The editorial workflow in a real browser: an editor submits a change in Wagtail's admin,
the reviewer approves it, the publisher approves and publishes it, and the change is live."""

from django.test import Client

import pytest

from access.roles import PUBLICATION_TASK_NAME, REVIEW_TASK_NAME
from home.models import ContentPage

from .steps import choose_action, log_in_to_the_admin

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NEW_TITLE = "La formation-action, relue et validée"


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
