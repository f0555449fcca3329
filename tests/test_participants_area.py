"""/espace-participants/: theirs (and the staff's) only; the directory exists nowhere else."""

import re

from django.contrib.auth import get_user_model

import pytest

from people.factories import UserFactory

from .conftest import visible_text

pytestmark = pytest.mark.django_db

AREA = "/espace-participants/"
DIRECTORY_EMAIL = "amandine.roux@example.org"


@pytest.fixture(params=["anonymous", "outsider", "participant", "editor"])
def who(request, client, demo):
    User = get_user_model()
    if request.param == "outsider":
        client.force_login(UserFactory(username="curieux"))
    elif request.param == "participant":
        client.force_login(User.objects.get(username="participant"))
    elif request.param == "editor":
        client.force_login(User.objects.get(username="editeur.aradel"))
    client.who = request.param
    client.allowed = request.param in {"participant", "editor"}
    return client


def test_the_area_opens_only_for_participants_and_staff(who):
    response = who.get(AREA)
    if who.allowed:
        assert response.status_code == 200
        text = visible_text(response)
        assert "Annuaire des participants" in text
        assert DIRECTORY_EMAIL in text
        # Session materials not yet public, and the working documents, are here.
        assert "Support de formation — séance 5" in text
        assert "Document de travail — portrait économique du quartier, Grenoble" in text
    else:
        # The answer of a missing page; without an account, with the login form that brings
        # a participant back here.
        assert response.status_code == 404
        assert DIRECTORY_EMAIL not in response.content.decode()
        text = visible_text(response)
        assert "Annuaire" not in text
        assert ("Vous participez à la formation-action ?" in text) == (who.who == "anonymous")


def between(html, start, end):
    return html[html.index(start) : html.index(end, html.index(start))]


def territory_card(client):
    return between(client.get(AREA).content.decode(), 'id="area-territory"', "</section>")


def test_the_participant_sees_their_territory(client, demo):
    client.force_login(get_user_model().objects.get(username="participant"))
    card = territory_card(client)
    assert 'href="/territoires/grenoble/"' in card
    # Its team, and its documents one tap away (the area's own filter).
    assert "Amandine Roux" in card
    assert 'href="?territoire=grenoble#area-documents"' in card


def test_a_participant_of_another_territory_sees_their_own(client, demo, participants_group):
    from territoires.models import TeamMember

    person = TeamMember.objects.filter(territory__slug="villeurbanne").first().person
    user = UserFactory(username="villeurbannais")
    user.groups.add(participants_group)
    person.user = user
    person.save()
    client.force_login(user)
    card = territory_card(client)
    assert 'href="/territoires/villeurbanne/"' in card
    assert "grenoble" not in card.lower()
    # The directory opens on their territory.
    html = client.get(AREA).content.decode()
    directory = html[html.index('id="area-directory"') :]
    first = between(directory, "<details", "</summary>")
    assert "open" in first.split(">")[0]
    assert "Villeurbanne" in first


def test_a_staff_member_without_a_team_is_told_so(client, demo):
    client.force_login(get_user_model().objects.get(username="editeur.aradel"))
    assert "aucune équipe de territoire" in territory_card(client)


def test_the_menu_names_the_area_only_to_those_who_may_open_it(who):
    menu = who.get("/").content.decode()
    menu = menu[menu.index('aria-label="Menu principal"') :]
    menu = menu[: menu.index("</nav>")]
    assert ("Espace participants" in menu) == who.allowed


def test_the_directory_exists_nowhere_else(who):
    for url in [
        "/",
        "/territoires/grenoble/",
        "/recherche/?q=amandine",
        "/recherche/?q=example.org",
    ]:
        assert DIRECTORY_EMAIL not in who.get(url).content.decode(), url


def test_search_does_not_name_the_area_to_outsiders(who):
    text = visible_text(who.get("/recherche/?q=participants"))
    assert ("Espace participants" in text) == who.allowed


def test_long_lists_go_on_in_the_library(client, demo):
    from documents.models import Resource
    from sessions.models import SessionPage

    from .conftest import bulk_documents

    session = SessionPage.objects.get(number=5)
    restricted = Resource.objects.filter(kind="document_travail").first()
    bulk_documents(15, "Note de séance", restricted, kind="document_travail", session=session)
    client.force_login(get_user_model().objects.get(username="participant"))
    html = client.get(AREA).content.decode()
    fifth = between(html, 'id="seance-5"', "</section>")
    working = between(fifth, "Document de travail <", "</ul>")
    assert working.count("<li>") == 12
    # The group says how many it holds and where the rest is: the library, filtered alike.
    assert "(15)" in working
    assert 'href="/ressources/?seance=5&amp;type=document_travail"' in fifth
    assert "Les 15 documents (document de travail, séance 5) dans la bibliothèque" in fifth


def log_in(client, username="participant"):
    client.force_login(get_user_model().objects.get(username=username))


def documents_section(client, query=""):
    response = client.get(AREA + query)
    assert response.status_code == 200
    html = response.content.decode()
    return between(html, 'id="area-documents"', 'id="area-directory"')


def test_sessions_are_sections_the_table_of_contents_reaches(client, demo):
    log_in(client)
    html = client.get(AREA).content.decode()
    toc = between(html, 'class="area-toc"', "</nav>")
    anchors = re.findall(r'href="#([\w-]+)"', toc)
    assert {"area-overview", "area-documents", "area-directory"} <= set(anchors)
    for number in range(1, 6):
        assert f"seance-{number}" in anchors
    for anchor in anchors:
        assert f'id="{anchor}"' in html, anchor


def test_each_document_is_listed_once_by_session_and_type(client, demo):
    log_in(client)
    documents = documents_section(client)
    title = "Document de travail — portrait économique du quartier, Grenoble"
    assert documents.count(f">{title}</a>") == 1
    first = between(documents, 'id="seance-1"', "</section>")
    assert first.index(">Programme <") < first.index(">Document de travail <")
    # The working documents: a filter of the area, not a second list.
    assert 'href="?type=document_travail#area-documents"' in client.get(AREA).content.decode()


def test_the_documents_filter_in_place(client, demo):
    log_in(client)
    working = documents_section(client, "?type=document_travail")
    assert "portrait économique du quartier, Grenoble" in working
    assert "Programme de la séance 1" not in working
    assert "La même recherche dans la bibliothèque" in working
    assert 'href="/ressources/?type=document_travail"' in working
    grenoble = documents_section(client, "?territoire=grenoble&type=fiche_action")
    assert "Fiche action — Grenoble" in grenoble
    assert "Fiche action — Villeurbanne" not in grenoble
    fourth = documents_section(client, "?seance=4")
    assert 'id="seance-4"' in fourth
    assert 'id="seance-1"' not in fourth
    text = documents_section(client, "?q=restitution")
    assert "Restitution et capitalisation" in text
    assert "Fiche action — Grenoble" not in text
    nothing = documents_section(client, "?q=zzzzzzzz")
    assert "Aucun document ne correspond à ce filtre." in nothing


@pytest.mark.parametrize(
    "query",
    [
        "?seance=abc",
        "?seance=99",
        "?type=%3Cscript%3E",
        "?territoire=nulle-part",
        "?q=%27%22%3B--",
        "?q=" + "x" * 5000,
        "?seance=1&seance=2",
    ],
)
def test_bad_filters_are_ignored_never_an_error(client, demo, query):
    log_in(client)
    documents = documents_section(client, query)
    assert "<script>" not in documents


def test_what_visitors_cannot_see_is_marked_reserved(client, demo):
    log_in(client)
    documents = documents_section(client)
    mark = 'class="reserved-mark">Réservé<span class="visually-hidden"> aux participants</span>'
    working = "portrait économique du quartier, Grenoble</a>"
    public = ">Programme de la séance 1</a>"
    assert documents[documents.index(working) :].split("</li>")[0].count(mark) == 1
    assert mark not in documents[documents.index(public) :].split("</li>")[0]


def test_the_reserved_mark_costs_no_query_per_document(client, demo):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from documents.models import Resource

    from .conftest import bulk_documents

    log_in(client)
    client.get(AREA)
    with CaptureQueriesContext(connection) as before:
        client.get(AREA)
    restricted = Resource.objects.filter(kind="document_travail").first()
    bulk_documents(30, "Note réservée", restricted, kind="document_travail")
    with CaptureQueriesContext(connection) as after:
        documents = documents_section(client)
    loose = between(documents, 'id="hors-seance"', "</section>")
    assert loose.count(">Note réservée") == 12
    assert loose.count('class="reserved-mark"') >= 12
    assert len(after) == len(before)


def last_visit_card(client):
    return between(client.get(AREA).content.decode(), 'id="area-new"', "</section>")


def test_a_first_visit_shows_the_latest_documents(client, demo):
    user = get_user_model().objects.get(username="participant")
    user.last_login = None
    user.save()
    client.force_login(user)
    card = last_visit_card(client)
    assert "Les derniers documents" in card
    assert card.count("<li>") == 6


def test_new_since_the_last_visit_lists_only_what_the_user_may_see(client, demo):
    import datetime

    from django.utils import timezone

    from documents.models import Resource

    from .conftest import bulk_documents

    user = get_user_model().objects.get(username="participant")
    user.last_login = timezone.now() - datetime.timedelta(days=1)
    user.save()
    restricted = Resource.objects.filter(kind="document_travail").first()
    bulk_documents(1, "Arrivé depuis", restricted, kind="document_travail")
    # Not released yet: the staff sees it, a participant does not.
    bulk_documents(1, "En attente", restricted, kind="document_travail", released_at=None)
    Resource.objects.exclude(title__regex=r"^(Arrivé|En attente)").update(
        released_at=timezone.now() - datetime.timedelta(days=2)
    )
    client.force_login(user)
    card = last_visit_card(client)
    assert "Nouveau depuis votre dernière visite" in card
    assert "Arrivé depuis 0000" in card
    assert "En attente" not in card
    assert "Programme de la séance 1" not in card
    assert card.count("<li>") == 1
    # The editor, staff, sees what waits for release.
    editor = get_user_model().objects.get(username="editeur.aradel")
    editor.last_login = timezone.now() - datetime.timedelta(days=1)
    editor.save()
    client.force_login(editor)
    assert "En attente 0000" in last_visit_card(client)


def test_logging_in_keeps_the_previous_login_for_the_area(client, demo):
    """Django overwrites last_login as one logs in: the value before is kept in the session
    (people.last_visit), by a receiver that must run before Django's."""
    import datetime

    from django.conf import settings
    from django.utils import timezone

    from people.last_visit import PREVIOUS_LOGIN_KEY

    user = get_user_model().objects.get(username="participant")
    before = timezone.now() - datetime.timedelta(days=3)
    user.last_login = before
    user.save()
    client.post("/connexion/", {"username": "participant", "password": settings.DEMO_PASSWORD})
    assert client.session[PREVIOUS_LOGIN_KEY] == before.isoformat()
    user.refresh_from_db()
    assert user.last_login > before
    card = last_visit_card(client)
    assert "Nouveau depuis votre dernière visite" in card


def test_the_directory_is_cards_by_territory_with_mail_links(client, demo):
    log_in(client)
    html = client.get(AREA).content.decode()
    directory = html[html.index('id="area-directory"') :]
    assert "<table" not in directory
    assert f'href="mailto:{DIRECTORY_EMAIL}"' in directory
    assert directory.count("<details") == 8
    first = between(directory, "<details", "</summary>")
    assert "Grenoble" in first and "open" in first.split(">")[0]


def test_the_demo_shows_a_proposal_waiting_and_one_refused(client, demo):
    """Grenoble's team has proposed (territoires.proposals): the editors see the waiting one
    on their dashboard, the team reads why the other was refused; Villeurbanne's does not."""
    client.force_login(get_user_model().objects.get(username="participant"))
    text = visible_text(client.get(f"{AREA}propositions/"))
    assert "Ajouter l'action « Permanence de l'emploi dans les locaux vacants de Mistral »" in text
    assert "Raison du refus : L'enjeu sera reformulé avec la synthèse de la séance 5" in text
    client.force_login(get_user_model().objects.get(username="editeur.aradel"))
    assert "Permanence de l’emploi dans les locaux vacants de Mistral" in (
        client.get("/admin/").content.decode()
    )
