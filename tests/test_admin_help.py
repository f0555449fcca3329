"""What an editor should never have to ask a developer: the admin says it (#16)."""

import pytest

from home.models import HomePage
from sessions.models import SessionIndexPage

pytestmark = pytest.mark.django_db


def test_a_new_session_says_its_title_convention_and_its_number(client, demo, editor):
    client.force_login(editor)
    index = SessionIndexPage.objects.get()
    form = client.get(f"/admin/pages/add/formation_sessions/sessionpage/{index.pk}/")
    html = form.content.decode()
    assert "Par convention « Séance N — date »" in html
    assert "1 pour la première, puis 2, 3…" in html
    assert "(1 à 5)" not in html


def test_the_home_page_says_which_key_figures_are_computed(client, demo, editor):
    client.force_login(editor)
    html = client.get(f"/admin/pages/{HomePage.objects.get().pk}/edit/").content.decode()
    assert "Quatre des cinq chiffres clés de l’accueil sont calculés" in html
