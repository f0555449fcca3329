"""Test factories for sessions (used by the test suite only)."""

import datetime

import factory
import wagtail_factories
from factory.django import DjangoModelFactory

from sessions.models import Place, SessionIndexPage, SessionPage


class PlaceFactory(DjangoModelFactory):
    class Meta:
        model = Place
        django_get_or_create = ("name",)

    name = "La Verrière des Cordeliers"
    locality = "Sainte-Colombe"
    locality_note = "près de Vienne"


class SessionIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = SessionIndexPage

    title = "Les séances"
    slug = "sessions"


def free_number():
    """The smallest number no session holds: numbers are unique and at most 99, and a
    sequence would pass 99 in a long run of the suite."""
    taken = set(SessionPage.objects.values_list("number", flat=True))
    return next(n for n in range(1, 100) if n not in taken)


class SessionPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = SessionPage

    number = factory.LazyFunction(free_number)
    title = factory.LazyAttribute(lambda o: f"Séance {o.number}")
    slug = factory.LazyAttribute(lambda o: f"seance-{o.number}")
    date = factory.LazyAttribute(
        lambda o: datetime.date(2014, 3, 1) + datetime.timedelta(days=30 * o.number)
    )
    theme = "Un thème de séance"
    place = factory.SubFactory(PlaceFactory)
