"""What an editor should never have to ask a developer: the admin says it (#16)."""

from wagtail.test.utils.form_data import nested_form_data, streamfield

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


def test_help_opens_the_sites_french_guide(client, demo, editor):
    client.force_login(editor)
    # The sidebar's menu is JSON for the admin's script: its items by name and address.
    dashboard = client.get("/admin/").content.decode()
    assert '"/admin/guide/"' in dashboard
    assert "editor-guide" not in dashboard
    assert "whats-new-in-wagtail" not in dashboard
    guide = client.get("/admin/guide/")
    assert guide.status_code == 200
    html = guide.content.decode()
    for heading in (
        "Le circuit de validation",
        "Ajouter une séance",
        "Ajouter un document",
        "Les enjeux et les actions d’un territoire",
        "Ce que veut dire « réservé aux participants »",
    ):
        assert heading in html


def test_the_guide_is_for_the_staff(client, demo, participant):
    assert client.get("/admin/guide/").status_code == 302  # to the admin's login
    client.force_login(participant)
    assert client.get("/admin/guide/").status_code in (302, 403)


def test_a_number_already_taken_names_the_session_that_holds_it(demo):
    from sessions.models import SessionPage

    first = SessionPage.objects.get(number=1)
    first.unpublish()  # as a draft that no list shows
    form_class = SessionPage.get_edit_handler().get_form_class()
    form = form_class(
        data=nested_form_data(
            {
                "title": "Séance 6 — 11 décembre 2014",
                "number": 1,
                **{
                    name: streamfield([])
                    for name in ("objectives", "programme", "report", "on_site_work")
                },
            }
        ),
        instance=SessionPage(),
        parent_page=SessionIndexPage.objects.get(),
        for_user=None,
    )
    assert not form.is_valid()
    message = str(form.errors["number"][0])
    assert "Le numéro 1 est déjà celui de « Séance 1 — 27 mars 2014 », un brouillon" in message
    assert f'href="/admin/pages/{first.pk}/edit/"' in message


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        ("", "16:30", "Indiquez aussi l’heure de début"),
        ("16:30", "09:30", "L’heure de fin doit suivre l’heure de début."),
        ("09:30", "09:30", "L’heure de fin doit suivre l’heure de début."),
    ],
)
def test_a_sessions_times_are_both_or_a_start_before_its_end(demo, start, end, message):
    """Times feed the calendars: an end alone or before the start is refused in French."""
    from sessions.models import SessionPage

    form_class = SessionPage.get_edit_handler().get_form_class()
    form = form_class(
        data=nested_form_data(
            {
                "title": "Séance 6 — 11 décembre 2014",
                "number": 6,
                "date": "2014-12-11",
                "theme": "Bilan",
                "start_time": start,
                "end_time": end,
                **{
                    name: streamfield([])
                    for name in ("objectives", "programme", "report", "on_site_work")
                },
            }
        ),
        instance=SessionPage(),
        parent_page=SessionIndexPage.objects.get(),
        for_user=None,
    )
    assert not form.is_valid()
    assert message in str(form.errors["end_time"][0])
    assert "number" not in form.errors and "date" not in form.errors


def test_a_session_form_says_no_times_means_a_whole_day(client, demo, editor):
    client.force_login(editor)
    index = SessionIndexPage.objects.get()
    html = client.get(f"/admin/pages/add/formation_sessions/sessionpage/{index.pk}/").content
    assert "la séance est alors annoncée comme une journée entière" in html.decode()
