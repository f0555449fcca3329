"""Test factories for people and organisations (used by the test suite only)."""

import factory
from factory.django import DjangoModelFactory

from people.models import Organisation, Person, User


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"utilisateur{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.django.Password("mot-de-passe-de-test")


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    short_name = factory.Sequence(lambda n: f"ORG{n}")
    name = factory.Sequence(lambda n: f"Organisation numéro {n}")


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person

    first_name = "Camille"
    last_name = factory.Sequence(lambda n: f"Martin{n}")
    role = Person.Role.DSU_PROJECT_LEAD
    organisation = factory.SubFactory(OrganisationFactory)
