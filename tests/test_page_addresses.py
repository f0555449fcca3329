"""Page addresses (slugs) in ASCII, as the demo's own: « seance-6 », never « séance-6 »."""

import re

import pytest

from home.models import ContentPage

pytestmark = pytest.mark.django_db


def test_page_addresses_are_ascii(home_page, client, django_user_model):
    """Made from the title, or typed: the admin's slug field transliterates as it is left
    (Wagtail's slug controller, told that Unicode is not allowed)."""
    page = home_page.add_child(instance=ContentPage(title="Séance 6 — 11 décembre 2014"))
    assert page.slug == "seance-6-11-decembre-2014"

    admin = django_user_model.objects.create_superuser("admin2", "a@example.org", "x" * 12)
    client.force_login(admin)
    form = client.get(f"/admin/pages/add/home/contentpage/{home_page.pk}/").content.decode()
    slug_input = re.search(r'<input[^>]*name="slug"[^>]*>', form).group(0)
    assert 'data-controller="w-slug"' in slug_input
    # A false boolean attribute is left out: the controller's default, no Unicode.
    assert "data-w-slug-allow-unicode-value" not in slug_input
