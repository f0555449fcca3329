"""The participants' deposits in a real browser (issue 19, points 1 and 2): a participant
deposits a PDF and a DOCX from their area; nobody but the staff and the author meets them
until a reviewer decides in the admin: the PDF accepted, the DOCX refused with a reason. The
author reads the reason in « Mes dépôts »; another participant finds the accepted one in the
library and on the site's search by a word of its text only; the refused one stays the
author's, and a visitor finds neither."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail

import pytest

from access.roles import PARTICIPANTS_GROUP
from documents import deposits
from documents.models import Deposit
from people.factories import UserFactory
from territoires.models import TeamMember

from .. import files
from .steps import log_in_to_the_admin, log_in_to_the_site

User = get_user_model()

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ACCEPTED = "Diagnostic des commerces de la Villeneuve"
REFUSED = "Relevé des loyers de la galerie"
# Words that are only in each file's text: neither in a title, a description nor the demo.
ACCEPTED_WORD = "chaudronnerie"
REFUSED_WORD = "tonnellerie"
REASON = "Ce relevé nomme des locataires : retirez leurs noms, puis proposez-le à nouveau."


def found(page, address, title):
    page.goto(address)
    return page.locator("main").get_by_text(title).count() > 0


def found_in_library(page, base, word, title):
    return found(page, f"{base}/ressources/?q={word}", title)


def found_by_search(page, base, word, title):
    return found(page, f"{base}/recherche/?q={word}", title)


def deposit(page, base, path, title):
    page.get_by_label("Fichier").set_input_files(path)
    page.get_by_label("Titre").fill(title)
    page.get_by_label("Description (facultatif)").fill("Relevé de juin 2014.")
    page.get_by_role("button", name="Déposer le document").click()
    page.wait_for_url(base + "/espace-participants/mes-depots/")


def test_deposits_wait_for_a_reviewer_who_accepts_one_and_refuses_the_other(
    page, demo_site, tmp_path
):
    person = TeamMember.objects.filter(territory__slug="villeurbanne").first().person
    other = UserFactory(username="participant.villeurbanne", password=settings.DEMO_PASSWORD)
    other.groups.add(Group.objects.get(name=PARTICIPANTS_GROUP))
    person.user = other
    person.save()
    pdf = tmp_path / "diagnostic.pdf"
    pdf.write_bytes(
        files.pdf(
            title="Diagnostic",
            sections=[("Activités", [f"Trois ateliers de {ACCEPTED_WORD} ferment en 2014."])],
        )
    )
    docx = tmp_path / "loyers.docx"
    docx.write_bytes(
        files.docx(
            title="Loyers",
            sections=[("Locataires", [f"La {REFUSED_WORD} Martin paie 900 euros."])],
        )
    )

    # The author deposits both, from the participants' area.
    log_in_to_the_site(page, demo_site, "participant")
    page.goto(demo_site + "/espace-participants/")
    page.get_by_role("link", name="Déposer un document de travail").click()
    assert "Vous avez utilisé 0 Mo sur 200 Mo" in page.inner_text("main").replace("\u00a0", " ")
    deposit(page, demo_site, pdf, ACCEPTED)
    page.get_by_role("link", name="Déposer un document").first.click()
    deposit(page, demo_site, docx, REFUSED)
    items = page.locator(".deposit-item")
    assert items.count() == 2
    for item in items.all():
        assert "En attente de validation" in item.inner_text()
        assert "Texte en cours d’extraction" in item.inner_text()
    states = dict(Deposit.objects.values_list("document__title", "state"))
    assert states == {ACCEPTED: Deposit.State.PENDING, REFUSED: Deposit.State.PENDING}
    # The scheduler's job reads the texts (tests read none in a thread): the author sees it.
    assert deposits.read_waiting_texts() == 2
    page.reload()
    assert page.locator(".deposit-item", has_text="Texte extrait").count() == 2

    log_in_to_the_site(page, demo_site, "participant.villeurbanne")
    assert not found_in_library(page, demo_site, ACCEPTED_WORD, ACCEPTED)

    # The reviewer accepts the PDF and refuses the DOCX with a reason, from the dashboard.
    log_in_to_the_admin(page, demo_site, "relecteur")
    row = page.get_by_role("row").filter(has_text=ACCEPTED)
    assert "Participante de démonstration" in row.inner_text()
    assert "Grenoble" in row.inner_text()
    with page.expect_navigation():
        row.get_by_role("button", name="Accepter").click()
    assert page.locator(".messages .success").count() == 1
    mail.outbox.clear()
    with page.expect_navigation():
        page.get_by_role("row").filter(has_text=REFUSED).get_by_role("link", name="Refuser").click()
    with page.expect_navigation():  # without a reason first: said, and nothing refused
        page.get_by_role("button", name="Refuser ce dépôt").click()
    assert page.get_by_text("Le motif du refus est obligatoire").first.is_visible()
    page.get_by_label("Motif du refus").fill(REASON)
    with page.expect_navigation():
        page.get_by_role("button", name="Refuser ce dépôt").click()
    assert "est refusé. Son auteur en est informé par courriel." in page.inner_text(".messages")
    assert page.get_by_role("row").filter(has_text=REFUSED).count() == 0
    (message,) = mail.outbox
    assert message.to == [User.objects.get(username="participant").email]
    assert REASON in message.body

    # The author reads the reason in « Mes dépôts ».
    log_in_to_the_site(page, demo_site, "participant")
    page.goto(demo_site + "/espace-participants/mes-depots/")
    refused = page.locator(".deposit-item", has_text=REFUSED)
    assert "Refusé" in refused.inner_text()
    assert REASON in refused.locator(".deposit-item__refusal").inner_text()
    accepted = page.locator(".deposit-item", has_text=ACCEPTED)
    assert "Accepté le" in accepted.inner_text()

    # Another participant finds the accepted one by a word of its text, not the refused one.
    log_in_to_the_site(page, demo_site, "participant.villeurbanne")
    assert found_in_library(page, demo_site, ACCEPTED_WORD, ACCEPTED)
    assert found_by_search(page, demo_site, ACCEPTED_WORD, ACCEPTED)
    assert not found_in_library(page, demo_site, REFUSED_WORD, REFUSED)
    assert not found_by_search(page, demo_site, REFUSED_WORD, REFUSED)

    # A visitor finds neither.
    page.context.clear_cookies()
    for word, title in ((ACCEPTED_WORD, ACCEPTED), (REFUSED_WORD, REFUSED)):
        assert not found_in_library(page, demo_site, word, title)
        assert not found_by_search(page, demo_site, word, title)
