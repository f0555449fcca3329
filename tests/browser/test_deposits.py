"""The participants' deposits in a real browser (issue 19, points 1 and 2): a participant
deposits a PDF from their area; nobody but the staff and the author meets it until a reviewer
accepts it in the admin; then another participant finds it in the library, a visitor does
not."""

from django.conf import settings
from django.contrib.auth.models import Group

import pytest

from access.roles import PARTICIPANTS_GROUP
from documents.models import Deposit
from people.factories import UserFactory
from territoires.models import TeamMember

from .. import files
from .steps import log_in_to_the_admin, log_in_to_the_site

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TITLE = "Diagnostic des commerces de la Villeneuve"


def in_library(page, base):
    page.goto(base + "/ressources/?q=Villeneuve+commerces")
    return page.get_by_text(TITLE).count() > 0


def test_a_deposit_waits_for_a_reviewer_then_reaches_the_other_participants(
    page, demo_site, tmp_path
):
    person = TeamMember.objects.filter(territory__slug="villeurbanne").first().person
    other = UserFactory(username="participant.villeurbanne", password=settings.DEMO_PASSWORD)
    other.groups.add(Group.objects.get(name=PARTICIPANTS_GROUP))
    person.user = other
    person.save()
    pdf = tmp_path / "diagnostic.pdf"
    pdf.write_bytes(files.pdf(title=TITLE))

    log_in_to_the_site(page, demo_site, "participant")
    page.goto(demo_site + "/espace-participants/")
    page.get_by_role("link", name="Déposer un document de travail").click()
    assert "Vous avez utilisé 0 Mo sur 200 Mo" in page.inner_text("main").replace("\u00a0", " ")
    page.get_by_label("Fichier").set_input_files(pdf)
    page.get_by_label("Titre").fill(TITLE)
    page.get_by_label("Description (facultatif)").fill("Relevé de juin 2014.")
    page.get_by_role("button", name="Déposer le document").click()
    page.wait_for_url(demo_site + "/espace-participants/mes-depots/")
    assert "En attente de validation" in page.inner_text("main")
    assert Deposit.objects.get(document__title=TITLE).state == Deposit.State.PENDING

    log_in_to_the_site(page, demo_site, "participant.villeurbanne")
    assert not in_library(page, demo_site)

    log_in_to_the_admin(page, demo_site, "relecteur")
    row = page.get_by_role("row").filter(has_text=TITLE)
    assert "Participante de démonstration" in row.inner_text()
    assert "Grenoble" in row.inner_text()
    with page.expect_navigation():
        row.get_by_role("button", name="Accepter").click()
    assert page.locator(".messages .success").count() == 1

    log_in_to_the_site(page, demo_site, "participant.villeurbanne")
    assert in_library(page, demo_site)
    page.context.clear_cookies()
    assert not in_library(page, demo_site)
