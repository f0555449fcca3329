"""The signed-in account and its groups are read afresh on every request, in one statement
(people.backends): a change of rights takes effect on the very next request, with the page
cache and the shared fragments on (this module's name puts it under them: conftest)."""

from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group
from django.db.models import prefetch_related_objects
from django.utils import timezone

import pytest

from access.roles import PARTICIPANTS_GROUP, PUBLISHERS_GROUP
from home.factories import ContentPageFactory
from people.backends import AccountBackend
from people.factories import UserFactory

from .conftest import visible_text

pytestmark = pytest.mark.django_db

SECRET = "Compte rendu réservé"


@pytest.fixture
def secret_page(home_page, restrict_to_participants):
    page = ContentPageFactory(parent=home_page, title=SECRET, slug="reserve")
    restrict_to_participants(page)
    return page


@pytest.fixture
def two_groups_editor(editor):
    editor.groups.add(Group.objects.get_or_create(name=PUBLISHERS_GROUP)[0])
    return editor


@pytest.fixture
def superuser(db):
    return UserFactory(username="administratrice", is_superuser=True, is_staff=True)


@pytest.mark.parametrize("who", ["outsider", "participant", "two_groups_editor", "superuser"])
def test_the_account_is_read_as_djangos_own_backend_reads_it(request, who):
    account = request.getfixturevalue(who)
    account.last_login = timezone.now()  # a date to convert (text on SQLite)
    account.save()
    expected = ModelBackend().get_user(account.pk)
    read = AccountBackend().get_user(account.pk)
    for field in type(account)._meta.concrete_fields:
        assert getattr(read, field.attname) == getattr(expected, field.attname), field.name
    assert read._state.adding is False and read._state.db == "default"
    assert {group.name for group in read.groups.all()} == {
        group.name for group in expected.groups.all()
    }


def test_the_groups_come_with_the_account(
    participant, two_groups_editor, django_assert_num_queries
):
    with django_assert_num_queries(1):
        read = AccountBackend().get_user(two_groups_editor.pk)
    with django_assert_num_queries(0):
        prefetch_related_objects([read], "groups")
        names = sorted(group.name for group in read.groups.all())
    assert names == sorted(group.name for group in two_groups_editor.groups.all())
    assert len(names) == 2
    # A change of the relation in this request is seen: Django empties the prefetch.
    read.groups.remove(Group.objects.get(name=PUBLISHERS_GROUP))
    assert len(read.groups.all()) == 1


def test_an_inactive_or_unknown_account_is_nobody(participant):
    participant.is_active = False
    participant.save()
    assert AccountBackend().get_user(participant.pk) is None
    assert AccountBackend().get_user(participant.pk + 1000) is None


def _signed_in(client, user):
    client.force_login(user)
    return client


def _leave_the_group(participant):
    participant.groups.remove(Group.objects.get(name=PARTICIPANTS_GROUP))


def _deactivate(participant):
    participant.is_active = False
    participant.save()


def _change_password(participant):
    participant.set_password("un tout autre mot de passe")
    participant.save()


@pytest.mark.parametrize("change", [_leave_the_group, _deactivate, _change_password])
def test_a_participant_who_loses_access_loses_it_on_the_next_request(
    client, participant, secret_page, change
):
    _signed_in(client, participant)
    assert SECRET in visible_text(client.get(secret_page.url))
    change(participant)
    response = client.get(secret_page.url)
    assert response.status_code == 404
    assert SECRET not in visible_text(response)
    assert SECRET not in visible_text(client.get("/"))


def test_an_account_given_the_group_sees_on_the_next_request(client, outsider, secret_page):
    _signed_in(client, outsider)
    assert client.get(secret_page.url).status_code == 404
    outsider.groups.add(Group.objects.get(name=PARTICIPANTS_GROUP))
    response = client.get(secret_page.url)
    assert response.status_code == 200
    assert SECRET in visible_text(response)


@pytest.mark.parametrize(
    "who, sees",
    [("anonymous", False), ("outsider", False), ("participant", True), ("editor", True)],
)
def test_each_account_sees_what_its_groups_allow(request, client, secret_page, who, sees):
    if who != "anonymous":
        _signed_in(client, request.getfixturevalue(who))
    assert client.get("/").status_code == 200
    response = client.get(secret_page.url)
    assert response.status_code == (200 if sees else 404)
    assert (SECRET in visible_text(response)) is sees


def test_a_session_opened_with_the_former_backend_signs_in_again(client, participant, secret_page):
    # Sessions opened before the site read accounts with people.backends named Django's
    # ModelBackend: it is no longer in AUTHENTICATION_BACKENDS, so they are anonymous (the
    # login form), never an error.
    _signed_in(client, participant)
    session = client.session
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session.save()
    response = client.get(secret_page.url)
    assert response.status_code == 404
    assert f'name="next" value="{secret_page.url}"' in response.content.decode()
