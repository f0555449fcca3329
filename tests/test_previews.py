"""Previews in the admin: framed by the preview panel (the public site forbids any frame), so
that editors see the page they write and Wagtail's content checks read it."""

from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

import pytest

from documents.models import LibraryPage
from home.models import ContentPage, ParticipantsAreaPage

pytestmark = pytest.mark.django_db


def frame_ancestors(response):
    directives = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    return directives["frame-ancestors"]


def test_a_preview_may_be_framed_by_the_admin_and_the_public_page_by_nobody(
    client, demo, editor, settings
):
    settings.X_FRAME_OPTIONS = "DENY"  # as in production
    page = ContentPage.objects.get(slug="la-formation")
    client.force_login(editor)
    url = f"/admin/pages/{page.pk}/edit/preview/"
    draft = {
        "title": "La formation, en brouillon",
        "slug": page.slug,
        "lead": "Un chapeau pas encore publié.",
        "body": streamfield([("paragraph", rich_text("<p>Un paragraphe à relire.</p>"))]),
    }
    assert client.post(url, nested_form_data(draft)).json()["is_valid"]

    preview = client.get(url)

    assert preview.status_code == 200
    assert "La formation, en brouillon" in preview.content.decode()
    assert "Aperçu d’un brouillon" in preview.content.decode()
    assert "Page réservée aux participants" not in preview.content.decode()
    assert frame_ancestors(preview) == "'self'"
    assert preview["X-Frame-Options"] == "SAMEORIGIN"

    client.logout()
    public = client.get(page.url)
    assert "La formation, en brouillon" not in public.content.decode()
    assert "Aperçu d’un brouillon" not in public.content.decode()
    assert frame_ancestors(public) == "'none'"
    assert public["X-Frame-Options"] == "DENY"


def test_a_preview_marks_the_reserved_page_and_its_reserved_documents(client, demo, editor):
    area = ParticipantsAreaPage.objects.get()
    client.force_login(editor)
    url = f"/admin/pages/{area.pk}/edit/preview/"
    draft = {"title": area.title, "slug": area.slug, "intro": rich_text("<p>Bienvenue.</p>")}
    assert client.post(url, nested_form_data(draft)).json()["is_valid"]
    html = client.get(url).content.decode()
    assert "Page réservée aux participants et à l’équipe" in html
    # The area marks its reserved documents for everyone who may open it, preview or not
    # (home.ParticipantsAreaPage).
    mark = 'class="reserved-mark">Réservé<span class="visually-hidden"> aux participants</span>'
    assert mark in html
    assert mark in client.get(area.url).content.decode()

    # Elsewhere (here the library), only a preview marks them.
    library = LibraryPage.objects.get()
    url = f"/admin/pages/{library.pk}/edit/preview/"
    draft = {"title": library.title, "slug": library.slug, "intro": rich_text("<p>Tout.</p>")}
    assert client.post(url, nested_form_data(draft)).json()["is_valid"]
    assert client.get(url).content.decode().count("Réservé aux participants</span>") >= 1
    assert "Réservé aux participants</span>" not in client.get(library.url).content.decode()


def test_the_userbar_is_for_the_staff_only_and_never_cached(audience, demo, settings):
    settings.PAGE_CACHE_SECONDS = 600
    html = audience.get("/la-formation/").content.decode()
    if audience.audience == "editor":
        assert "<wagtail-userbar>" in html
        assert "Modifier cette page" in html
        audience.logout()  # the page as cached for visitors: without it
        assert "<wagtail-userbar>" not in audience.get("/la-formation/").content.decode()
    else:
        assert "<wagtail-userbar>" not in html
