"""Staff who can publish and change privacy give a second factor to open the admin: enrolment
of an authenticator app, a code at each login, recovery codes; replayed and repeated wrong
codes are refused in French; other staff may enrol; participants never meet any of it."""

import re
import time

from django.contrib.auth.models import Group
from django.test import Client

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from access.roles import (
    ADMINISTRATORS_GROUP,
    EDITORS_GROUP,
    PARTICIPANTS_GROUP,
    PUBLISHERS_GROUP,
    setup_roles,
)
from people.factories import UserFactory

from .conftest import visible_text

pytestmark = [pytest.mark.django_db, pytest.mark.second_factor]

PASSWORD = "mot-de-passe-tres-long"
ADMIN = "/admin/"
VERIFY = "/admin/double-authentification/code/"
ENROL = "/admin/double-authentification/application/"


@pytest.fixture
def staff(home_page):
    setup_roles()

    def member(name, group):
        user = UserFactory(username=name)
        user.set_password(PASSWORD)
        user.save()
        user.groups.add(Group.objects.get(name=group))
        return user

    return {
        "administratrice": member("administratrice", ADMINISTRATORS_GROUP),
        "publication": member("publication", PUBLISHERS_GROUP),
        "editrice": member("editrice", EDITORS_GROUP),
        "participante": member("participante", PARTICIPANTS_GROUP),
    }


def code(device, steps_ahead=0):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():06d}"


def logged_in(user):
    """Through the admin's own login form, as staff log in."""
    client = Client()
    response = client.post("/admin/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, visible_text(response)
    return client


def enrol(client, user):
    response = client.get(ENROL)
    assert response.status_code == 200
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(ENROL, {"code": code(device), "next": ADMIN})
    assert response.status_code == 200
    codes = re.findall(r"<code>([a-z2-7]{4}-[a-z2-7]{4})</code>", response.content.decode())
    return TOTPDevice.objects.get(user=user, confirmed=True), codes


@pytest.mark.parametrize("who", ["administratrice", "publication"])
def test_those_who_publish_must_enrol_before_the_admin_opens(staff, who):
    user = staff[who]
    client = logged_in(user)
    response = client.get(ADMIN + "pages/")
    assert response.status_code == 302
    assert response["Location"] == ENROL + "?next=%2Fadmin%2Fpages%2F"
    page = client.get(response["Location"])
    html = page.content.decode()
    assert "<svg" in html and "Activer la double authentification" in html
    secret = re.search(r"<code>([A-Z2-7 ]+)</code>", html).group(1)
    assert len(secret.replace(" ", "")) == 32
    assert client.get(ENROL).content.decode().count(secret) == 1  # same secret on a reload
    _device, codes = enrol(client, user)
    assert len(codes) == 10 == len(set(codes))
    assert client.get(ADMIN).status_code == 200


def test_a_code_is_asked_at_each_login_and_accepted_once(staff):
    user = staff["publication"]
    device, _codes = enrol(logged_in(user), user)
    client = logged_in(user)
    response = client.get(ADMIN)
    assert response["Location"] == VERIFY + "?next=%2Fadmin%2F"
    fresh = code(device, steps_ahead=1)
    response = client.post(VERIFY, {"code": fresh, "next": ADMIN})
    assert (response.status_code, response["Location"]) == (302, ADMIN)
    assert client.get(ADMIN).status_code == 200
    replay = logged_in(user)
    response = replay.post(VERIFY, {"code": fresh})
    assert response.status_code == 200
    assert "incorrect, expiré ou déjà utilisé" in visible_text(response)
    assert replay.get(ADMIN).status_code == 302


def test_five_wrong_codes_make_it_wait_even_for_the_right_one(staff):
    user = staff["administratrice"]
    device, _codes = enrol(logged_in(user), user)
    client = logged_in(user)
    for _ in range(5):
        client.post(VERIFY, {"code": "000000"})
    response = client.post(VERIFY, {"code": code(device, steps_ahead=1)})
    text = visible_text(response)
    assert "Trop de codes erronés" in text and "attendez" in text
    assert client.get(ADMIN).status_code == 302


def test_a_recovery_code_opens_the_admin_once(staff):
    user = staff["publication"]
    _device, codes = enrol(logged_in(user), user)
    client = logged_in(user)
    response = client.post(VERIFY, {"code": codes[0].upper(), "next": ADMIN}, follow=True)
    assert response.status_code == 200
    assert "il vous en reste 9" in visible_text(response)
    again = logged_in(user)
    assert again.post(VERIFY, {"code": codes[0]}).status_code == 200
    assert again.get(ADMIN).status_code == 302
    assert StaticToken.objects.filter(device__user=user).count() == 9


def test_other_staff_may_enrol_and_are_then_asked_too(staff):
    user = staff["editrice"]
    client = logged_in(user)
    assert client.get(ADMIN).status_code == 200  # not required
    overview = client.get("/admin/double-authentification/")
    assert "Inactive" in visible_text(overview)
    enrol(client, user)
    assert logged_in(user).get(ADMIN)["Location"].startswith(VERIFY)
    response = client.post("/admin/double-authentification/", {"action": "disable"})
    assert response.status_code == 302
    assert logged_in(user).get(ADMIN).status_code == 200


def test_those_who_must_cannot_switch_it_off(staff):
    user = staff["administratrice"]
    client = logged_in(user)
    enrol(client, user)
    client.post("/admin/double-authentification/", {"action": "disable"})
    assert TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def test_participants_and_the_public_site_are_untouched(staff, client):
    participant = logged_in(staff["participante"])
    for url in ("/", "/connexion/", "/recherche/?q=emploi"):
        assert participant.get(url).status_code == 200
    response = participant.get(ENROL)
    assert response.status_code in (302, 403)
    assert TOTPDevice.objects.count() == 0
    assert client.get(VERIFY).status_code == 302  # anonymous: Wagtail's login first
    # Staff browsing the public site before giving their code are not sent to the admin.
    assert logged_in(staff["publication"]).get("/").status_code == 200


@pytest.mark.parametrize("value", ["", "abc", "12345", "1234567", "<script>", "0" * 40])
def test_bad_codes_get_a_french_message(staff, value):
    user = staff["publication"]
    enrol(logged_in(user), user)
    response = logged_in(user).post(VERIFY, {"code": value})
    assert response.status_code == 200
    text = visible_text(response)
    assert "incorrect" in text or "Champ requis" in text or "au plus" in text


def test_next_never_leads_off_the_site(staff):
    user = staff["publication"]
    device, _codes = enrol(logged_in(user), user)
    response = logged_in(user).post(
        VERIFY, {"code": code(device, steps_ahead=1), "next": "https://exemple-malveillant.fr/"}
    )
    assert (response.status_code, response["Location"]) == (302, ADMIN)


def test_what_the_code_page_loads_is_not_sent_to_the_code_page(staff):
    """The icons' sprite, which the page injects into itself, and the translations."""
    user = staff["publication"]
    enrol(logged_in(user), user)
    client = logged_in(user)
    for url in ("/admin/sprite/", "/admin/jsi18n/"):
        assert client.get(url).status_code == 200, url


def test_a_lost_phone_is_reset_by_the_sites_administrator(staff):
    import io

    from django.core.management import call_command
    from django.core.management.base import CommandError

    user = staff["publication"]
    enrol(logged_in(user), user)
    out = io.StringIO()
    call_command("reset_two_factor", "publication", stdout=out)
    assert "supprimée" in out.getvalue()
    assert logged_in(user).get(ADMIN)["Location"].startswith(ENROL)
    with pytest.raises(CommandError, match="Aucun compte"):
        call_command("reset_two_factor", "personne")
