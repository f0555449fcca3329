"""Failed logins lock one account from one address, and an address that tries many accounts;
behind the site's proxies the address is the client's, never one the client wrote itself."""

from django.test import RequestFactory

import pytest
from axes.models import AccessAttempt

from people.factories import UserFactory
from people.lockout import client_ip_address

from .conftest import visible_text
from .test_accounts import PASSWORD, login

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"
ATTACKER = "203.0.113.66"
SOMEONE = "198.51.100.7"
WRONG = "mauvais-mot-de-passe"


def through_proxy(client, username, address, password=PASSWORD, chain=None):
    """A login sent through one proxy, which appends the address it received it from."""
    forwarded = f"{chain}, {address}" if chain else address
    return client.post(
        "/connexion/",
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded,
    )


@pytest.fixture
def behind_one_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1


@pytest.fixture
def third_user(home_page):
    user = UserFactory(username="troisieme")
    user.set_password(PASSWORD)
    user.save()
    return user


def test_a_spray_of_made_up_names_through_the_proxy_locks_no_one_else(
    client, behind_one_proxy, third_user, settings
):
    for n in range(settings.AXES_FAILURE_LIMIT):
        assert through_proxy(client, f"inconnu-{n}", ATTACKER, WRONG).status_code == 200
    response = through_proxy(client, third_user.username, SOMEONE)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(third_user.pk)


def test_a_known_account_cannot_be_locked_on_purpose_from_elsewhere(
    client, behind_one_proxy, third_user, settings
):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        through_proxy(client, third_user.username, ATTACKER, WRONG)
    # The attacker's address is locked out of that account, even with its password...
    locked = through_proxy(client, third_user.username, ATTACKER)
    assert locked.status_code == 429
    assert "Connexion suspendue" in visible_text(locked)
    # ...its owner, elsewhere, is not.
    assert through_proxy(client, third_user.username, SOMEONE).status_code == 302


def test_an_address_that_tries_many_accounts_is_locked_out_of_every_one(
    client, behind_one_proxy, third_user, settings
):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 8
    for n in range(settings.LOGIN_ADDRESS_FAILURE_LIMIT):
        through_proxy(client, f"compte-{n % 4}", ATTACKER, WRONG)
    assert through_proxy(client, third_user.username, ATTACKER).status_code == 429
    assert through_proxy(client, third_user.username, SOMEONE).status_code == 302


def test_without_a_proxy_a_forged_header_changes_nothing(client, third_user, settings):
    assert settings.TRUSTED_PROXY_COUNT == 0
    for n in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            "/connexion/",
            {"username": third_user.username, "password": WRONG},
            REMOTE_ADDR=ATTACKER,
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}",
        )
    response = client.post(
        "/connexion/",
        {"username": third_user.username, "password": PASSWORD},
        REMOTE_ADDR=ATTACKER,
        HTTP_X_FORWARDED_FOR="192.0.2.200",
    )
    assert response.status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}


def test_addresses_written_left_of_the_proxys_do_not_escape_the_lock(
    client, behind_one_proxy, third_user, settings
):
    for n in range(settings.AXES_FAILURE_LIMIT):
        through_proxy(client, third_user.username, ATTACKER, WRONG, chain=f"192.0.2.{n}")
    response = through_proxy(client, third_user.username, ATTACKER, chain="192.0.2.99")
    assert response.status_code == 429


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "192.0.2.1", "10.0.0.2"),  # no proxy configured: the header is anyone's
        (1, "192.0.2.1", "192.0.2.1"),
        (1, "1.1.1.1, 8.8.8.8, 192.0.2.1", "192.0.2.1"),  # longer chain: the proxy's entry
        (2, "192.0.2.1, 10.0.0.9", "192.0.2.1"),
        (2, "192.0.2.1", "10.0.0.2"),  # shorter than the proxies: not through them
        (1, "", "10.0.0.2"),
        (1, "pas-une-adresse", "10.0.0.2"),
        (1, "192.0.2.1,, ", "192.0.2.1"),
        (1, "2001:db8::1", "2001:db8::1"),
        (1, "192.0.2.1\x00", "10.0.0.2"),
    ],
)
def test_the_client_address(settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip_address(request) == expected


def test_an_administrator_lifts_a_lock_in_the_admin(client, third_user, settings):
    from django.contrib.auth.models import Group

    from access.roles import ADMINISTRATORS_GROUP, setup_roles

    setup_roles()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, third_user.username, WRONG)
    assert login(client, third_user.username).status_code == 429
    admin = UserFactory(username="administratrice")
    admin.groups.add(Group.objects.get(name=ADMINISTRATORS_GROUP))
    staff = client_for(admin)
    listing = staff.get("/admin/connexions-bloquees/")
    assert listing.status_code == 200
    assert third_user.username in listing.content.decode()
    assert staff.get("/admin/connexions-bloquees/new/").status_code in (302, 403)
    attempt = AccessAttempt.objects.get(username=third_user.username)
    response = staff.post(f"/admin/connexions-bloquees/delete/{attempt.pk}/")
    assert response.status_code == 302
    assert login(client, third_user.username).status_code == 302


def test_editors_do_not_see_failed_logins(client, editor):
    from access.roles import setup_roles

    setup_roles()
    assert client_for(editor).get("/admin/connexions-bloquees/").status_code in (302, 403)


def client_for(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client
