"""Accounts on the public site: login, logout, password reset and change, restricted pages."""

import re

from django.core import mail
from django.test import Client

import pytest

from home.factories import ContentPageFactory
from people.factories import UserFactory

from .conftest import visible_text

pytestmark = pytest.mark.django_db

PASSWORD = "mot-de-passe-de-test"


@pytest.fixture
def secret_page(home_page, restrict_to_participants):
    page = ContentPageFactory(parent=home_page, title="Compte rendu confidentiel", slug="secret")
    restrict_to_participants(page)
    return page


def login(client, username, password=PASSWORD, next_url=None):
    data = {"username": username, "password": password}
    if next_url:
        data["next"] = next_url
    return client.post("/connexion/", data)


def test_login_page_is_in_the_sites_look_and_french(client, home_page):
    response = client.get("/connexion/?next=/secret/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="site-header"' in html
    assert "Se connecter" in html
    assert "Mot de passe oublié" in html
    assert "Compte rendu confidentiel" not in html


def test_after_login_the_user_lands_where_they_asked(client, participant, secret_page):
    response = client.get(secret_page.url)
    assert response.status_code == 404  # as a missing page, with the login form
    assert f'name="next" value="{secret_page.url}"' in response.content.decode()
    response = login(client, participant.username, next_url=secret_page.url)
    assert response.status_code == 302
    assert response["Location"] == secret_page.url
    assert client.get(secret_page.url).status_code == 200


@pytest.mark.parametrize("target", ["https://exemple-malveillant.fr/", "//exemple-malveillant.fr"])
def test_next_pointing_off_the_site_is_ignored(client, participant, home_page, target):
    response = login(client, participant.username, next_url=target)
    assert response.status_code == 302
    assert response["Location"] == "/"


@pytest.mark.parametrize("username", ["participante", "personne-inconnue"])
def test_wrong_password_and_unknown_account_get_the_same_french_message(
    client, participant, home_page, username
):
    response = login(client, username, password="pas-le-bon-mot-de-passe")
    assert response.status_code == 200
    text = visible_text(response)
    assert "Nom d'utilisateur ou mot de passe incorrect" in text
    assert "_auth_user_id" not in client.session


def test_a_logged_in_non_participant_reads_why_without_the_page_title(
    client, outsider, secret_page
):
    """As for a missing page: the answer says the page may be reserved, never that it is."""
    client.force_login(outsider)
    response = client.get(secret_page.url)
    assert response.status_code == 404
    text = visible_text(response)
    assert "réservée aux participants" in text
    assert "votre compte (visiteur) n'y donne pas accès" in text
    assert "Compte rendu confidentiel" not in text


def test_logout_in_the_sites_look(client, participant, home_page):
    client.force_login(participant)
    page = client.get("/deconnexion/")
    assert "Se déconnecter" in visible_text(page)
    response = client.post("/deconnexion/")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_password_reset_by_email(client, participant, home_page):
    response = client.post("/mot-de-passe/oubli/", {"email": participant.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    link = re.search(r"http://[^/\s]+(/mot-de-passe/nouveau/\S+/)", message.body).group(1)
    form = client.get(link, follow=True)
    assert form.status_code == 200
    response = client.post(
        form.redirect_chain[-1][0],
        {
            "new_password1": "un-nouveau-mot-de-passe-sûr",
            "new_password2": "un-nouveau-mot-de-passe-sûr",
        },
    )
    assert response.status_code == 302
    assert login(Client(), participant.username, "un-nouveau-mot-de-passe-sûr").status_code == 302


def test_unknown_address_gets_the_same_answer_and_no_mail(client, home_page):
    response = client.post("/mot-de-passe/oubli/", {"email": "inconnu@example.org"})
    assert response.status_code == 302
    assert not mail.outbox


@pytest.mark.parametrize(
    "link", ["/mot-de-passe/nouveau/MQ/abc-123/", "/mot-de-passe/nouveau/%FF%FE/xyz/"]
)
def test_tampered_reset_links_are_refused_in_french(client, participant, link):
    response = client.get(link, follow=True)
    assert response.status_code == 200
    assert "Ce lien n'est pas valable" in visible_text(response)


def test_passwords_have_at_least_12_characters(client, participant, home_page):
    client.force_login(participant)
    response = client.post(
        "/mot-de-passe/changer/",
        {"old_password": PASSWORD, "new_password1": "court-1", "new_password2": "court-1"},
    )
    assert response.status_code == 200
    assert "au minimum 12 caractères" in visible_text(response)


def test_login_without_csrf_token_is_refused(home_page, participant):
    client = Client(enforce_csrf_checks=True)
    response = login(client, participant.username)
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


def test_header_offers_login_or_logout(client, participant, home_page):
    assert "Se connecter" in visible_text(client.get("/"))
    client.force_login(participant)
    assert "Se déconnecter" in visible_text(client.get("/"))


def test_staff_login_stays_in_the_admin(client, home_page):
    user = UserFactory(username="admin2", is_superuser=True, is_staff=True)
    client.force_login(user)
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize("username", ["participante", "compte-inexistant"])
def test_repeated_failures_lock_the_account_and_address_with_the_same_message(
    client, participant, home_page, settings, username
):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, username, password="mauvais-mot-de-passe").status_code == 200
    locked = login(client, username, password="mauvais-mot-de-passe")
    assert locked.status_code == 429
    assert "Connexion suspendue" in visible_text(locked)
    # The lock falls on that account from this address: even the right password is refused
    # while it lasts; other accounts are not locked by someone else's failures
    # (tests/test_lockout.py).
    expected = 429 if username == participant.username else 302
    assert login(client, participant.username).status_code == expected


@pytest.mark.parametrize("engine", ["cached_db", "db"])
def test_a_closed_session_stays_closed_with_the_sessions_of_production(
    settings, tmp_path, home_page, participant, secret_page, engine
):
    """Production keeps sessions in the workers' shared cache files and in the database
    (settings.production, without Redis): a session closed on one worker is closed for all
    (a second cache reading the same files plays the other worker), and its old cookie opens
    nothing."""
    settings.SESSION_ENGINE = f"django.contrib.sessions.backends.{engine}"
    settings.SESSION_CACHE_ALIAS = "sessions-test"
    location = str(tmp_path / "cache")
    settings.CACHES = {
        **settings.CACHES,
        "sessions-test": {
            "BACKEND": "access.file_cache.UncompressedFileBasedCache",
            "LOCATION": location,
        },
    }
    client = Client()
    assert login(client, participant.username).status_code == 302
    assert client.get(secret_page.url).status_code == 200
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert client.get(secret_page.url).status_code == 200
    # cached_db: the session is in the cache files, where the next request reads it.
    assert bool(list(tmp_path.glob("cache/*.djcache"))) == (engine == "cached_db")
    assert client.post("/deconnexion/").status_code == 200
    replay = Client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = cookie
    assert replay.get(secret_page.url).status_code == 404
    assert "Compte rendu confidentiel" not in replay.get("/").content.decode()
