"""What a person reads when a login fails: plain French, the tries left before the lock and
its real duration, the same words whether or not the account exists, and where to get help."""

import re
from datetime import timedelta

from django.test import RequestFactory

import pytest

from people.factories import UserFactory
from people.lockout import lockout_duration

from .conftest import visible_text
from .test_accounts import PASSWORD, login

pytestmark = pytest.mark.django_db

WRONG = "pas-le-bon-mot-de-passe"
DJANGO_GENERIC = "sensible à la casse"


def error_box(response):
    """The text of the form's error box, as a visitor reads it."""
    html = response.content.decode()
    box = re.search(r'<div class="form-errors" role="alert">(.*?)</div>', html, re.S)
    assert box, "no error box on the page"
    return visible_text(type("R", (), {"content": box.group(1).encode()}))


@pytest.mark.parametrize("username", ["participante", "personne-inconnue"])
def test_a_failed_login_says_what_went_wrong_and_the_tries_left(
    client, participant, home_page, settings, username
):
    assert settings.AXES_FAILURE_LIMIT == 5
    text = error_box(login(client, username, WRONG))
    assert text.strip() == (
        "Nom d'utilisateur ou mot de passe incorrect (attention aux majuscules). "
        "Il vous reste 4 essais ; après, la connexion sera suspendue pendant 15 minutes."
    )
    assert DJANGO_GENERIC not in text
    assert "3 essais" in error_box(login(client, username, WRONG))


def test_an_unknown_name_reads_exactly_as_a_wrong_password(client, participant, home_page):
    """Telling them apart would say which accounts exist."""
    known = [error_box(login(client, participant.username, WRONG)) for _ in range(4)]
    unknown = [error_box(login(client, "personne-inconnue", WRONG)) for _ in range(4)]
    assert known == unknown


def test_the_last_try_is_announced(client, participant, home_page, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 2):
        login(client, participant.username, WRONG)
    text = error_box(login(client, participant.username, WRONG))
    assert "Attention : il vous reste un seul essai." in text
    assert "Après un nouvel échec, la connexion sera suspendue pendant 15 minutes." in text
    assert login(client, participant.username, WRONG).status_code == 429


def test_the_duration_follows_the_setting(client, participant, home_page, settings):
    settings.AXES_COOLOFF_TIME = timedelta(minutes=30)
    settings.AXES_FAILURE_LIMIT = 3
    assert "Il vous reste 2 essais" in error_box(login(client, participant.username, WRONG))
    assert "pendant 30 minutes" in error_box(login(client, participant.username, WRONG))
    locked = visible_text(login(client, participant.username, WRONG))
    assert "suspendue pendant 30 minutes" in locked
    assert "15 minutes" not in locked


@pytest.mark.parametrize(
    ("cool_off", "words"),
    [
        (timedelta(minutes=15), "15\u00a0minutes"),
        (timedelta(minutes=1), "1\u00a0minute"),
        (timedelta(hours=1), "1\u00a0heure"),
        (timedelta(minutes=90), "1\u00a0heure et 30\u00a0minutes"),
        (timedelta(hours=24), "24\u00a0heures"),
        (2, "2\u00a0heures"),  # django-axes reads a number as hours
    ],
)
def test_lockout_duration_in_words(settings, cool_off, words):
    settings.AXES_COOLOFF_TIME = cool_off
    assert lockout_duration(RequestFactory().get("/")) == words


def test_the_lock_page_says_how_long_and_where_to_get_help(
    client, participant, home_page, settings
):
    settings.CONTACT_EMAIL = "equipe-deu@example.org"
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = login(client, participant.username, WRONG)
    assert response.status_code == 429
    text = visible_text(response)
    assert "suspendue pendant 15 minutes" in text
    assert "Vous pourrez réessayer dans 15 minutes" in text
    assert "quelques minutes" not in text
    assert 'href="mailto:equipe-deu@example.org"' in response.content.decode()
    assert "/mot-de-passe/oubli/" in response.content.decode()


def test_the_login_page_says_the_rule_and_where_to_get_help(client, home_page, settings):
    settings.CONTACT_EMAIL = "equipe-deu@example.org"
    response = client.get("/connexion/")
    text = visible_text(response)
    assert "après 5 essais infructueux, la connexion est suspendue pendant 15 minutes" in text
    assert "Besoin d'aide ?" in text
    assert 'href="mailto:equipe-deu@example.org"' in response.content.decode()


def test_the_admin_login_answers_the_same_way(client, home_page):
    staff = UserFactory(username="administratrice", is_staff=True, is_superuser=True)
    staff.set_password(PASSWORD)
    staff.save()
    response = client.post("/admin/login/", {"username": staff.username, "password": WRONG})
    text = visible_text(response)
    assert "Nom d'utilisateur ou mot de passe incorrect" in text
    assert "Il vous reste 4 essais ; après, la connexion sera suspendue pendant 15 minutes." in text
    assert "ne correspondent pas" not in text


def test_the_reset_page_says_courriel(client, home_page, settings):
    settings.CONTACT_EMAIL = "equipe-deu@example.org"
    response = client.get("/mot-de-passe/oubli/")
    html = response.content.decode()
    assert re.search(r'<label for="id_email">Courriel</label>', html)
    text = visible_text(response)
    assert "E-mail" not in text and "Adresse électronique" not in text
    assert 'href="mailto:equipe-deu@example.org"' in html


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("", "Indiquez le courriel de votre compte."),
        ("pas-une-adresse", "Ce courriel n'est pas complet : il s'écrit nom@domaine.fr."),
    ],
)
def test_the_reset_form_answers_bad_input_in_french(client, home_page, email, message):
    response = client.post("/mot-de-passe/oubli/", {"email": email})
    assert response.status_code == 200
    assert message in visible_text(response)


def test_the_reset_done_page_says_courriel_and_where_to_get_help(client, home_page):
    text = visible_text(client.get("/mot-de-passe/oubli/envoye/"))
    assert "correspond à ce courriel" in text
    assert "Besoin d'aide ?" in text
