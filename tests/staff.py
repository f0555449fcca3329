"""Users of the site's groups for the tests (access.roles): one made per call, and a test
client logged in as them."""

from django.contrib.auth.models import Group
from django.test import Client

from people.factories import UserFactory


def member(group_name, username):
    """A user of this group (made by setup_roles), whose first name is their username's."""
    user = UserFactory(username=username, first_name=username.capitalize())
    user.groups.add(Group.objects.get(name=group_name))
    return user


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client
