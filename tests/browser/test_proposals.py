"""A territory's proposal in a real browser (issue #19, point 3): a participant of Grenoble's
team proposes a new action from the participants' area; an editor finds it on the dashboard
and accepts it into a draft of the territory page, submits it; the reviewer and the
publisher approve it; then visitors read the action on the territory page."""

from django.test import Client

import pytest

from territoires.models import TerritoryPage

from .steps import choose_action, log_in_to_the_admin, log_in_to_the_site

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NEW_ACTION = "Forum de l’emploi dans la galerie de l’Arlequin"


def test_a_teams_proposal_reaches_the_territory_page_through_the_workflow(page, demo_site):
    log_in_to_the_site(page, demo_site, "participant")
    page.goto(demo_site + "/espace-participants/")
    page.get_by_role("link", name="Proposer une mise à jour des enjeux et des actions").click()
    page.get_by_label("Ajouter une action à court terme").check()
    page.get_by_label("Titre proposé").fill(NEW_ACTION)
    page.get_by_label("Votre commentaire").fill("Décidé en réunion d’équipe.")
    page.get_by_role("button", name="Envoyer la proposition").click()
    page.wait_for_load_state()
    assert page.get_by_text("Votre proposition est envoyée aux éditeurs du site").is_visible()
    assert page.locator(".proposal__summary", has_text=NEW_ACTION).is_visible()

    log_in_to_the_admin(page, demo_site, "editeur.aradel")
    panel = page.locator("#propositions-territoires-section")
    panel.get_by_role("link", name=NEW_ACTION).click()
    page.wait_for_load_state()
    assert page.get_by_text("Décidé en réunion d’équipe.").is_visible()
    with page.expect_navigation():
        page.get_by_role("button", name="en faire un brouillon").click()
    # The draft of the territory page opens, for the editor to check and submit.
    territory = TerritoryPage.objects.get(slug="grenoble")
    assert page.url.endswith(f"/admin/pages/{territory.pk}/edit/")
    assert NEW_ACTION in page.content()
    choose_action(page, "Soumettre à Validation éditoriale")
    assert NEW_ACTION not in Client().get("/territoires/grenoble/").content.decode()

    edit_url = f"{demo_site}/admin/pages/{territory.pk}/edit/"
    for reviewer, action in (("relecteur", "Approuver"), ("publication", "Approuver et Publier")):
        log_in_to_the_admin(page, demo_site, reviewer)
        page.goto(edit_url)
        choose_action(page, action)

    page.context.clear_cookies()
    page.goto(demo_site + "/territoires/grenoble/")
    assert page.get_by_text(NEW_ACTION).is_visible()
