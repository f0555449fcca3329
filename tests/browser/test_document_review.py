"""The review of documents in a real browser (issue #16, point 1): an editor uploads a
document with Wagtail's uploader; nobody outside the staff meets it until a « Responsable de
publication » releases it from the dashboard's « Documents à valider »."""

from django.conf import settings

import pytest

from documents.models import Resource
from people.factories import UserFactory

from .. import files
from .steps import log_in_to_the_admin, log_in_to_the_site

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TITLE = "Programme provisoire de la séance 7"
OUTSIDER = "visiteur.inscrit"


def sees(page, base, document):
    """Whether this browser meets the document in the library's search or by its address."""
    page.goto(base + "/ressources/?q=programme+provisoire")
    listed = page.get_by_text(TITLE).count() > 0
    response = page.request.get(base + document.url, max_redirects=0)
    return listed or response.status == 200


def as_each_user(page, base, document):
    """What each user of the privacy matrix sees, in the same browser, one after the other."""
    seen = {}
    page.context.clear_cookies()
    seen["anonyme"] = sees(page, base, document)
    log_in_to_the_site(page, base, OUTSIDER)
    seen["inscrit hors groupes"] = sees(page, base, document)
    log_in_to_the_site(page, base, "participant")
    seen["participant"] = sees(page, base, document)
    log_in_to_the_admin(page, base, "editeur.aradel")
    seen["éditeur"] = sees(page, base, document)
    return seen


def test_an_editors_upload_waits_for_a_publishers_release(page, demo_site, tmp_path):
    UserFactory(username=OUTSIDER, password=settings.DEMO_PASSWORD)
    pdf = tmp_path / "programme-seance-7.pdf"
    pdf.write_bytes(files.pdf(title=TITLE))

    log_in_to_the_admin(page, demo_site, "editeur.aradel")
    page.goto(demo_site + "/admin/documents/multiple/add/")
    page.locator("input[type=file]").set_input_files(pdf)
    form = page.locator("#upload-list form").first
    form.wait_for()
    form.get_by_label("Titre").fill(TITLE)
    form.get_by_role("button", name="Mettre à jour").click()
    page.get_by_text("Document mis à jour.").locator("visible=true").wait_for()

    document = Resource.objects.get(title=TITLE)
    assert document.released_at is None
    assert as_each_user(page, demo_site, document) == {
        "anonyme": False,
        "inscrit hors groupes": False,
        "participant": False,
        "éditeur": True,
    }

    log_in_to_the_admin(page, demo_site, "publication")
    assert page.get_by_role("heading", name="Documents à valider").is_visible()
    row = page.get_by_role("row").filter(has_text=TITLE)
    with page.expect_navigation():
        row.get_by_role("button", name="Valider").click()
    assert page.locator(".messages .success").count() == 1

    # Released in « Réservé aux participants », where an editor's upload goes: participants
    # now meet it; visitors and outsiders still do not.
    assert as_each_user(page, demo_site, document) == {
        "anonyme": False,
        "inscrit hors groupes": False,
        "participant": True,
        "éditeur": True,
    }
