"""Rapports › Liens à vérifier: the links of pages that a visitor could not follow."""

from wagtail.rich_text import RichText

import pytest

from documents.collections import default_private_collection
from documents.models import Resource
from home.factories import ContentPageFactory
from home.models import ContentPage, ParticipantsAreaPage

pytestmark = pytest.mark.django_db

URL = "/admin/rapports/liens-a-verifier/"


def link(page_or_document, text):
    if isinstance(page_or_document, Resource):
        return f'<a linktype="document" id="{page_or_document.pk}">{text}</a>'
    return f'<a linktype="page" id="{page_or_document.pk}">{text}</a>'


def test_the_report_names_each_link_a_visitor_could_not_follow(client, demo, editor):
    home = demo
    draft = ContentPageFactory(parent=home, title="Page en brouillon", slug="brouillon")
    draft.unpublish()
    reserved_document = Resource.objects.filter(collection=default_private_collection()).first()
    area = ParticipantsAreaPage.objects.get()
    fine = ContentPage.objects.get(slug="la-formation")
    text = " ".join(
        [
            link(draft, "brouillon"),
            link(area, "espace"),
            link(reserved_document, "document réservé"),
            link(fine, "la formation"),
        ]
    )
    ContentPageFactory(
        parent=home,
        title="Page qui cite",
        slug="cite",
        body=[("paragraph", RichText(f"<p>{text}</p>"))],
    )

    client.force_login(editor)
    response = client.get(URL)
    assert response.status_code == 200
    rows = [(link.source.title, link.problem) for link, _url in response.context["links"]]
    citing = sorted(problem for title, problem in rows if title == "Page qui cite")
    assert citing == [
        "la page liée est réservée aux participants : les visiteurs voient le texte sans le lien",
        "la page liée n’est pas publiée",
        "le document lié est réservé aux participants : les visiteurs voient le texte sans le lien",
    ]


def test_the_report_is_for_the_staff(client, demo, participant):
    assert client.get(URL).status_code == 302
    client.force_login(participant)
    assert client.get(URL).status_code in (302, 403)


def test_links_to_a_deleted_page_or_document_are_listed(client, demo, editor):
    """Wagtail forgets the index's references to what it deletes: the report reads the
    pages themselves."""
    home = demo
    doomed_page = ContentPageFactory(parent=home, title="Page supprimée", slug="supprimee")
    doomed_document = Resource.objects.order_by("pk").first()
    page_id, document_id = doomed_page.pk, doomed_document.pk
    ContentPageFactory(
        parent=home,
        title="Page qui cite",
        slug="cite",
        body=[
            (
                "paragraph",
                RichText(
                    f"<p>{link(doomed_page, 'page')} et {link(doomed_document, 'document')}</p>"
                ),
            )
        ],
    )
    doomed_page.delete()
    doomed_document.delete()

    client.force_login(editor)
    rows = [
        (link.source.title, link.target, link.problem)
        for link, _url in client.get(URL).context["links"]
    ]
    citing = {(target, problem) for title, target, problem in rows if title == "Page qui cite"}
    assert citing == {
        (f"n° {document_id}", "le document lié a été supprimé"),
        (f"n° {page_id}", "la page liée a été supprimée"),
    }
