"""The Wagtail admin opens every editing form in French: panels are configured right."""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.urls import reverse

from wagtail.models import Page

import pytest

from editorial.models import Theme
from people.models import Organisation, Person
from sessions.models import Place

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, demo):
    client.force_login(get_user_model().objects.get(username="admin"))
    return client


def test_every_demo_page_opens_in_the_editor(admin_client):
    seen_types = set()
    for page in Page.objects.filter(depth__gt=1).specific():
        if type(page) in seen_types:
            continue
        seen_types.add(type(page))
        response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        assert response.status_code == 200, type(page).__name__
        assert 'lang="fr"' in response.content.decode()
    # Every page type the site has, the demo makes one of (the page tree's types).
    assert seen_types == {
        model for model in apps.get_models() if issubclass(model, Page) and model is not Page
    }


def test_new_pages_can_be_started_where_they_belong(admin_client, demo):
    sessions = Page.objects.get(slug="sessions")
    response = admin_client.get(
        reverse("wagtailadmin_pages:add", args=["formation_sessions", "sessionpage", sessions.pk])
    )
    assert response.status_code == 200
    assert "Quand et où" in response.content.decode()


@pytest.mark.parametrize("model", [Organisation, Person, Place, Theme])
def test_snippets_list_and_edit(admin_client, model):
    app, name = model._meta.app_label, model._meta.model_name
    listing = admin_client.get(reverse(f"wagtailsnippets_{app}_{name}:list"))
    assert listing.status_code == 200
    obj = model.objects.first()
    edit = admin_client.get(reverse(f"wagtailsnippets_{app}_{name}:edit", args=[obj.pk]))
    assert edit.status_code == 200


def test_footer_settings_open(admin_client):
    response = admin_client.get(
        reverse("wagtailsettings:edit", args=["home", "footersettings"]), follow=True
    )
    assert response.status_code == 200
    assert "Pages légales" in response.content.decode()


def test_document_edit_page_shows_what_the_site_read_from_the_file(admin_client):
    from documents.models import Resource

    document = Resource.objects.filter(file_format="pdf").first()
    response = admin_client.get(reverse("wagtaildocs:edit", args=[document.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Indexation du texte" in html
    assert "Texte indexé" in html
    assert "Type de document" in html
