"""/espace-participants/: theirs (and the staff's) only; the directory exists nowhere else."""

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


def test_the_participant_sees_their_territory(client, demo):
    client.force_login(get_user_model().objects.get(username="participant"))
    html = client.get(AREA).content.decode()
    section = html[html.index('id="area-territory"') : html.index('id="area-sessions"')]
    assert 'href="/territoires/grenoble/"' in section


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
    working = html[html.index('id="area-working"') :].split("</section>")[0]
    assert working.count("<li>") == 12
    fifth = html[html.index("Séance 5 —") :].split("</section>")[0]
    assert fifth.count("<li>") == 12
    assert 'href="/documents/seance-5/"' in html
    assert 'href="/documents/type/document_travail/"' in html
    response = client.get("/documents/type/document_travail/")
    assert response["Location"] == "/ressources/?type=document_travail"
