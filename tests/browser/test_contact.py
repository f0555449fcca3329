"""The contact form in a browser journey: a visitor finds the page from the footer (after a
search from the header), writes, sends, reads the French confirmation; an editor reads the
message in the admin. The honeypot stays out of the visitor's sight and of the accessibility
tree."""

from wagtail.contrib.forms.models import FormSubmission

import pytest
from playwright.sync_api import expect

from home.models import ContactPage

from .steps import log_in_to_the_admin
from .test_accessibility import violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

MOBILE = {"width": 390, "height": 844}


@pytest.mark.parametrize("viewport", [None, MOBILE], ids=["bureau", "mobile"])
def test_a_visitor_searches_from_the_header_then_writes_to_the_team(page, demo_site, viewport):
    if viewport:
        page.set_viewport_size(viewport)
    page.goto(demo_site + "/territoires/grenoble/")
    # The header's search box, from any page, without a script.
    search = page.get_by_role("search").get_by_role("searchbox", name="Rechercher sur le site")
    search.fill("commerce")
    search.press("Enter")
    page.wait_for_url("**/recherche/?q=commerce")
    expect(page.get_by_role("heading", level=1)).to_have_text("Rechercher sur le site")
    expect(page.locator("#search-pages")).to_contain_text("pour « commerce »")

    page.locator("footer").get_by_role("link", name="Contact", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Contact")
    form = page.locator("form.contact-form")
    # Four fields for people; the honeypot is neither seen nor announced.
    expect(form.get_by_role("textbox")).to_have_count(4)
    trap = page.locator("#id_site_web")
    box = trap.bounding_box()
    assert box is None or box["x"] + box["width"] <= 0
    form.get_by_label("Nom").fill("Camille Martin")
    form.get_by_label("Adresse électronique").fill("camille.martin@example.org")
    form.get_by_label("Objet").fill("Les supports de la séance 3")
    form.get_by_label("Message").fill("Bonjour, où trouver les supports de la séance 3 ?")
    form.get_by_role("button", name="Envoyer le message").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Message envoyé")
    expect(page.get_by_role("status")).to_contain_text("votre message a bien été transmis")

    submission = FormSubmission.objects.get()
    assert submission.get_data()["nom"] == "Camille Martin"

    # The staff read it in the admin (Formulaires).
    log_in_to_the_admin(page, demo_site, "editeur.aradel")
    page.goto(demo_site + "/admin/forms/")
    page.get_by_role("link", name=ContactPage.objects.get().title).first.click()
    expect(page.locator("main")).to_contain_text("Les supports de la séance 3")
    expect(page.locator("main")).to_contain_text("camille.martin@example.org")


def test_a_message_with_a_mistake_comes_back_with_its_text_and_a_french_error(page, demo_site):
    page.goto(demo_site + "/contact/")
    form = page.locator("form.contact-form")
    form.get_by_label("Nom").fill("Camille Martin")
    form.get_by_label("Adresse électronique").fill("pas-une-adresse")
    form.get_by_label("Objet").fill("Question")
    form.get_by_label("Message").fill("Mon message, que je ne veux pas retaper.")
    form.get_by_role("button", name="Envoyer le message").click()
    expect(page.get_by_role("alert").first).to_contain_text("Le message n’a pas été envoyé")
    expect(page.get_by_text("Saisissez une adresse de courriel valide.")).to_be_visible()
    expect(form.get_by_label("Message")).to_have_value("Mon message, que je ne veux pas retaper.")
    assert FormSubmission.objects.count() == 0
    assert violations(page) == []  # the page with its errors, as axe-core reads it
